import type { RunEventType } from './events.js';

/**
 * `names`, when they are every event name; otherwise the build fails here, naming the missing
 * ones (`Property 'missing' … required in type '{ missing: "raw"; }'`).
 */
function everyEventType<const T extends readonly RunEventType[]>(
  names: T &
    ([Exclude<RunEventType, T[number]>] extends [never]
      ? unknown
      : { missing: Exclude<RunEventType, T[number]> }),
): readonly RunEventType[] {
  return Object.freeze([...names]);
}

/** Every event name of `RunEvent`, in the order of the union: what `RunStream.events({ types })` accepts. */
export const RUN_EVENT_TYPES = everyEventType([
  'run_started',
  'turn_started',
  'text_delta',
  'message',
  'output_item',
  'tool_call_started',
  'tool_progress',
  'tool_call_finished',
  'usage',
  'reasoning_delta',
  'reasoning',
  'compaction',
  'approval_requested',
  'approval_decided',
  'mcp_list_tools',
  'mcp_call',
  'stream_resumed',
  'code_delta',
  'code_interpreter_call',
  'image_partial',
  'image_generated',
  'computer_action',
  'computer_screenshot',
  'handoff',
  'guardrail',
  'turn_finished',
  'turn_failed',
  'run_finished',
  'run_failed',
  'raw',
]);

const KNOWN: ReadonlySet<string> = new Set(RUN_EVENT_TYPES);

/** Whether `value` names a run event type. */
export function isRunEventType(value: unknown): value is RunEventType {
  return typeof value === 'string' && KNOWN.has(value);
}

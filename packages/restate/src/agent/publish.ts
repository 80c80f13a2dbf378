import { type RunEvent, type RunEventType, TurnkitError } from '@turnkit/core';
import type { ErrorSummary, PublishedRunEvent, RunSummary } from '../contract/wire.js';

/** Every run event type the log keeps: all but `raw` (one per SSE event, too many to journal). */
export const PUBLISHED_TYPES = [
  'run_started',
  'turn_started',
  'text_delta',
  'message',
  'output_item',
  'tool_call_started',
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
  'turn_finished',
  'run_finished',
  'run_failed',
  // Newer cores report a failed turn (its `error` is published as a summary, like run_failed's)
  // and generated images (published without their pixels; see toPublished).
  'turn_failed',
  'image_partial',
  'image_generated',
  // A tool's progress reports, as they happen inside its (journaled) step.
  'tool_progress',
  // Computer use: each action, and each answer's screenshot (published without its pixels).
  'computer_action',
  'computer_screenshot',
  // Handoffs between agents, and guardrail verdicts: plain data.
  'handoff',
  'guardrail',
] as const;

// A new event type in core must be decided on here: published, or left out like `raw`.
type Unlisted = Exclude<RunEventType, (typeof PUBLISHED_TYPES)[number] | 'raw'>;
const everyTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTypeListed;

/** The short JSON form of an error. */
export function summarizeError(error: unknown): ErrorSummary {
  if (TurnkitError.is(error)) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, code: 'run_failed', message: error.message };
  return { name: 'Error', code: 'run_failed', message: String(error) };
}

/** A run event as plain JSON for the log; `undefined` for events the log does not keep. */
export function toPublished(event: RunEvent): PublishedRunEvent | undefined {
  switch (event.type) {
    case 'raw':
      return undefined;
    case 'run_finished': {
      const { result, ...rest } = event;
      const summary: RunSummary = {
        status: result.status,
        output: result.output,
        turns: result.turns,
        usage: { ...result.usage },
        interruptions: result.interruptions.map((request) => ({ ...request })),
        ...(result.incompleteReason ? { incompleteReason: result.incompleteReason } : {}),
      };
      return { ...rest, result: summary };
    }
    case 'run_failed':
      return { ...event, error: summarizeError(event.error) };
    case 'turn_started': {
      // The request body (the whole conversation in stateless mode) stays out of the log.
      const { request: _request, ...rest } = event;
      return structuredClone(rest) as PublishedRunEvent;
    }
    case 'turn_finished': {
      // So does the response: the conversation in object state has its items.
      const { response: _response, ...rest } = event;
      return structuredClone(rest) as PublishedRunEvent;
    }
    case 'output_item':
      // An image's base64 stays out of the journal and the log (the conversation has it).
      if (event.item.type === 'image_generation_call') {
        const { result: _result, ...item } = event.item;
        return { ...event, item: structuredClone(item) as typeof event.item };
      }
      return structuredClone(event);
    default: {
      if (
        (event.type as string) === 'image_partial' ||
        (event.type as string) === 'image_generated' ||
        event.type === 'computer_screenshot'
      ) {
        const { base64: _pixels, ...rest } = event as RunEvent & { base64?: unknown };
        return structuredClone(rest) as PublishedRunEvent;
      }
      // Plain data already (an `error` becomes its summary); a copy, so the log never aliases
      // what the loop keeps.
      const { error, ...rest } = event as RunEvent & { error?: unknown };
      const copy = structuredClone(rest) as PublishedRunEvent;
      return error === undefined ? copy : ({ ...copy, error: summarizeError(error) } as PublishedRunEvent);
    }
  }
}

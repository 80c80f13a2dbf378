import type { ApprovalRequest } from '@turnkit/tools';
import type {
  Response,
  ResponseCreateParamsStreaming,
  ResponseOutputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import type { ComputerActionEvent, ComputerScreenshotEvent } from '../computer/computer-events.js';
import type { GuardrailEvent } from '../guardrails/guardrail-events.js';
import type { ImageGeneratedEvent, ImagePartialEvent } from '../images/image-events.js';
import type { Usage } from '../run-state/usage.js';
import type { HandoffEvent } from './handoff-events.js';
import type { RunResult } from './run-result.js';

/**
 * Fields every run event has: which run, which turn, and which agent produced it. An agent run as
 * a tool (`agent.asTool()`) or as a guardrail reports its own events into its parent's stream,
 * with its own `runId`, its `agent` name and `depth` 1 (2 for one inside it, …).
 *
 * @example
 * ```ts
 * import type { RunStream } from '@turnkit/core';
 * declare const stream: RunStream;
 * stream.on('text_delta', (e) => { if (e.depth === 0) process.stdout.write(e.delta); });
 * ```
 */
export interface EventBase {
  /** The run that emitted the event. */
  runId: string;
  /** 1-based turn number (one Responses API call per turn); 0 before the first turn. */
  turn: number;
  /** The name of the agent whose run emitted the event (after a handoff: the agent handed to). */
  agent: string;
  /** 0 for the run you started; 1 for an agent it runs as a tool or guardrail; and so on. */
  depth: number;
}

/** A run began. */
export interface RunStartedEvent extends EventBase {
  type: 'run_started';
}
/** A turn (one `responses.create` call) began. */
export interface TurnStartedEvent extends EventBase {
  type: 'turn_started';
  /** The request body the turn sends, with hosted MCP header values (and server URL secrets) redacted. */
  request: ResponseCreateParamsStreaming;
}
/** A piece of assistant text arrived. */
export interface TextDeltaEvent extends EventBase {
  type: 'text_delta';
  delta: string;
  itemId: string;
}
/** An assistant message is complete. */
export interface MessageEvent extends EventBase {
  type: 'message';
  text: string;
  itemId: string;
}
/** Any output item is complete (messages, function calls, and hosted-tool items alike). */
export interface OutputItemEvent extends EventBase {
  type: 'output_item';
  item: ResponseOutputItem;
}
/** The tool runtime is about to run a function call. */
export interface ToolCallStartedEvent extends EventBase {
  type: 'tool_call_started';
  callId: string;
  name: string;
  /** The raw JSON arguments the model sent. */
  arguments: string;
}
/**
 * A running function call reported how far it has come (`ctx.progress(…)` in the tool, or a
 * `notifications/progress` of an MCP server behind a toolkit tool), between its
 * `tool_call_started` and `tool_call_finished`. Only reports that passed the checks arrive:
 * `progress` increases from one report of a call to the next.
 *
 * @example
 * ```ts
 * import type { RunStream } from '@turnkit/core';
 * declare const stream: RunStream;
 * stream.on('tool_progress', (e) => console.log(`${e.name}: ${e.progress}/${e.total ?? '?'} ${e.message ?? ''}`));
 * ```
 */
export interface ToolProgressEvent extends EventBase {
  type: 'tool_progress';
  callId: string;
  name: string;
  /** How much is done: a finite number, greater than the call's previous report. */
  progress: number;
  /** How much there is to do, when the tool knows. */
  total?: number;
  /** A short text for a person, e.g. `fetched page 3`. */
  message?: string;
}
/** A function call finished; `ok: false` when it failed and the model was told why. */
export interface ToolCallFinishedEvent extends EventBase {
  type: 'tool_call_finished';
  callId: string;
  name: string;
  ok: boolean;
  /** What goes back to the model as `function_call_output.output`. */
  output: string | unknown[];
  /** The error code when `ok` is false (e.g. `tool_input_invalid`, `tool_timeout`, `tool_unknown`). */
  errorCode?: string;
  durationMs: number;
}
/** Token usage of one turn, and the run's total so far. */
export interface UsageEvent extends EventBase {
  type: 'usage';
  usage: Usage;
  total: Usage;
}
/** A piece of a reasoning summary arrived (only when `settings.reasoning.summary` asks for summaries). */
export interface ReasoningDeltaEvent extends EventBase {
  type: 'reasoning_delta';
  delta: string;
  itemId: string;
  summaryIndex: number;
}
/** A reasoning item is complete: its summary parts, and whether it carries encrypted content to replay. */
export interface ReasoningEvent extends EventBase {
  type: 'reasoning';
  itemId: string;
  summary: string[];
  encrypted: boolean;
}
/**
 * The context was compacted: by the service (`source: 'server'`, a compaction item arrived) or
 * on request (`source: 'explicit'`, `POST /responses/compact`). In stateless mode everything
 * before the newest compaction item is dropped from what is sent next.
 */
export interface CompactionEvent extends EventBase {
  type: 'compaction';
  source: 'server' | 'explicit';
  itemId: string | undefined;
  /** Items the client stopped sending because of it (0 with the server strategy). */
  droppedItems: number;
  /** Items the client keeps sending (stateless), the compaction item included. */
  keptItems: number;
}
/** A call waits for a decision (hosted MCP `mcp_approval_request`, or a function tool that needs approval). */
export interface ApprovalRequestedEvent extends EventBase {
  type: 'approval_requested';
  request: ApprovalRequest;
}
/** A call was approved or rejected, and by what: a deny or allow list, an approver, or the decisions given to a resume. */
export interface ApprovalDecidedEvent extends EventBase {
  type: 'approval_decided';
  request: ApprovalRequest;
  approve: boolean;
  reason?: string;
  by: 'deny_list' | 'allow_list' | 'approver' | 'resume';
}
/** The service listed a hosted MCP server's tools (`mcp_list_tools`). */
export interface McpListToolsEvent extends EventBase {
  type: 'mcp_list_tools';
  serverLabel: string;
  tools: string[];
  error: string | null;
}
/** The service called a hosted MCP tool (`mcp_call`); `error` is set when it failed. */
export interface McpCallEvent extends EventBase {
  type: 'mcp_call';
  itemId: string;
  serverLabel: string;
  name: string;
  arguments: string;
  output: string | null;
  error: unknown;
  approvalRequestId: string | null;
}
/**
 * The stream of a background response dropped (or stalled) and was reopened after event `after`
 * (`GET /responses/{id}?stream=true&starting_after=…`); nothing is missed or repeated.
 */
export interface StreamResumedEvent extends EventBase {
  type: 'stream_resumed';
  responseId: string;
  after: number;
  /** Reopenings in a row without a new event, from 1; after 3 the turn fails. */
  attempt: number;
}
/** Code the model is writing for the code interpreter, as it arrives. */
export interface CodeDeltaEvent extends EventBase {
  type: 'code_delta';
  itemId: string;
  delta: string;
}
/** The code interpreter ran code (`code_interpreter_call`): the code, and its logs and images. */
export interface CodeInterpreterCallEvent extends EventBase {
  type: 'code_interpreter_call';
  itemId: string;
  containerId: string;
  code: string | null;
  status: string;
  logs: string[];
  images: string[];
}
/** A turn finished. */
export interface TurnFinishedEvent extends EventBase {
  type: 'turn_finished';
  responseId: string;
  /** The turn's response, as the service completed it. */
  response: Response;
}
/**
 * A turn failed (the request was refused, or its stream failed, stalled or dropped for good) and
 * the conversation did not keep its response. Everything this run reported for this `turn` is
 * retracted — text, messages, output items — except the items in `keptItemIds` (hosted MCP calls
 * the service completed, kept so that a retry does not run them again). The documented retry
 * (running the agent on `error.partial.conversation`) makes the model answer again, in a new run.
 *
 * @example
 * ```ts
 * import type { RunStream } from '@turnkit/core';
 * declare const stream: RunStream;
 * let shown: { runId: string; turn: number; itemId: string }[] = []; // the messages on screen
 * stream.on('turn_failed', (e) => {
 *   shown = shown.filter((m) => m.runId !== e.runId || m.turn !== e.turn || e.keptItemIds.includes(m.itemId));
 * });
 * ```
 */
export interface TurnFailedEvent extends EventBase {
  type: 'turn_failed';
  /** The response the turn streamed, when the service named it. */
  responseId: string | undefined;
  /** The error the run then stops with. */
  error: Error;
  /** Ids of the items of the failed response the conversation keeps. */
  keptItemIds: string[];
}
/** The run finished with a result. */
export interface RunFinishedEvent extends EventBase {
  type: 'run_finished';
  result: RunResult;
}
/** The run stopped with an error (also thrown by `run()` and by the stream's iterator). */
export interface RunFailedEvent extends EventBase {
  type: 'run_failed';
  error: Error;
}
/** Every raw Responses API stream event, for what the typed events do not cover. */
export interface RawResponseEvent extends EventBase {
  type: 'raw';
  event: ResponseStreamEvent;
}

/** Everything a run reports, in order. */
export type RunEvent =
  | RunStartedEvent
  | TurnStartedEvent
  | TextDeltaEvent
  | MessageEvent
  | OutputItemEvent
  | ToolCallStartedEvent
  | ToolProgressEvent
  | ToolCallFinishedEvent
  | UsageEvent
  | ReasoningDeltaEvent
  | ReasoningEvent
  | CompactionEvent
  | ApprovalRequestedEvent
  | ApprovalDecidedEvent
  | McpListToolsEvent
  | McpCallEvent
  | StreamResumedEvent
  | CodeDeltaEvent
  | CodeInterpreterCallEvent
  | ImagePartialEvent
  | ImageGeneratedEvent
  | ComputerActionEvent
  | ComputerScreenshotEvent
  | HandoffEvent
  | GuardrailEvent
  | TurnFinishedEvent
  | TurnFailedEvent
  | RunFinishedEvent
  | RunFailedEvent
  | RawResponseEvent;

/** The event names of {@link RunEvent}. */
export type RunEventType = RunEvent['type'];

/** Listener signatures per event name, for eventemitter3's typed `on()`. */
export type RunEventListeners = { [K in RunEventType]: (event: Extract<RunEvent, { type: K }>) => void };

/** The first listener failure of a run: what was thrown, and for which event. */
export interface ListenerFailure {
  error: unknown;
  eventType: RunEventType;
}

/**
 * How the loop reports events. `wants(type)`, when present, says whether anyone listens for that
 * type, so events nobody hears (e.g. `raw`) need not be built. `failure`, when present (`null`
 * until a listener throws), declares an emit that never throws: it keeps the first failure of its
 * listeners there itself (a `RunStream`'s emit does), and the run reports it once the turn in
 * progress is done. An emit without `failure` may throw; the run then guards it.
 *
 * @inline
 */
export type EmitFn = ((event: RunEvent) => void) & {
  wants?: (type: RunEventType) => boolean;
  failure?: ListenerFailure | null;
};

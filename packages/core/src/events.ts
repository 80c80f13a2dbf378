import type { ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { RunResult } from './run-result.js';
import type { Usage } from './usage.js';

/** Fields every run event has. */
interface EventBase {
  /** The run that emitted the event. */
  runId: string;
  /** 1-based turn number (one Responses API call per turn); 0 before the first turn. */
  turn: number;
}

/** A run began. */
export interface RunStartedEvent extends EventBase {
  type: 'run_started';
}
/** A turn (one `responses.create` call) began. */
export interface TurnStartedEvent extends EventBase {
  type: 'turn_started';
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
/** A turn finished. */
export interface TurnFinishedEvent extends EventBase {
  type: 'turn_finished';
  responseId: string;
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
  | ToolCallFinishedEvent
  | UsageEvent
  | TurnFinishedEvent
  | RunFinishedEvent
  | RunFailedEvent
  | RawResponseEvent;

/** The event names of {@link RunEvent}. */
export type RunEventType = RunEvent['type'];

/** Listener signatures per event name, for eventemitter3's typed `on()`. */
export type RunEventListeners = { [K in RunEventType]: (event: Extract<RunEvent, { type: K }>) => void };

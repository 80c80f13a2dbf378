import type { ImagePartialEvent } from '../images/image-events.js';
import type {
  RawResponseEvent,
  RunEvent,
  RunFailedEvent,
  RunFinishedEvent,
  RunStartedEvent,
  TurnFailedEvent,
  TurnStartedEvent,
} from '../run/events.js';
import type { RunResult } from '../run/run-result.js';

/** The run log format this release writes (the `v` of every line); readers refuse newer ones. */
export const RUN_LOG_VERSION = 1 as const;

/** An error as a run log line holds it: what identifies it, never its stack or its `partial`. */
export interface RunLogError {
  name: string;
  message: string;
  /** The turnkit error code (`rate_limited`, `tool_timeout`, …), when it has one. */
  code?: string;
  /** The HTTP status, for an API error. */
  status?: number;
  /** The service's request id, for an API error. */
  requestId?: string;
}

/** A run's result as the `run_finished` line holds it (the conversation and state stay in memory). */
export interface RunLogResult {
  status: RunResult['status'];
  output: string;
  usage: RunResult['usage'];
  turns: number;
  interruptions: RunResult['interruptions'];
  incompleteReason?: string;
  lastResponseId?: string;
  /** The paused state's resume token, when the run paused (`status: 'interrupted'`). */
  resumeToken?: string;
}

/** The agent as the `run_started` line describes it. */
export interface RunLogAgent {
  name: string;
  model?: string;
  instructions?: string;
  /** Tool names (function tools), server labels (hosted MCP) and hosted tool types. */
  tools: string[];
}

/**
 * One line of a run log: a JSON object holding one {@link RunEvent} (every type but `raw`), its
 * `v` (the format version, {@link RUN_LOG_VERSION}) and `time` (milliseconds since the epoch,
 * when it was written). Lines of several runs may interleave in one file; `runId` tells them
 * apart.
 *
 * What differs from the event: `run_started` describes the agent in `definition` (and the run it
 * resumes);
 * `turn_started` carries the request body as sent (hosted MCP header values redacted) and its
 * size; `turn_finished` carries the whole response; errors and the result are summarized
 * ({@link RunLogError}, {@link RunLogResult}); image bytes are kept once, in `image_generated`
 * (a partial image's base64, and an `image_generation_call`'s `result` in items and responses,
 * are replaced by their size).
 *
 * @example
 * ```ts
 * import type { RunLogEntry } from '@turnkit/core';
 * declare const text: string; // the contents of a run log
 * for (const line of text.split('\n').filter(Boolean)) {
 *   const entry = JSON.parse(line) as RunLogEntry;
 *   if (entry.type === 'tool_call_finished') console.log(entry.name, entry.durationMs);
 * }
 * ```
 */
export type RunLogEntry = (
  | (RunStartedEvent & {
      /** The agent the run started with (the event's `agent` is its name, as on every event). */
      definition: RunLogAgent;
      /** The base URL requests went to (no credential). */
      baseURL?: string;
      /** The paused run this one resumes, when it resumes one. */
      resumedFrom?: { runId: string; resumeToken: string };
    })
  | (TurnStartedEvent & { /** UTF-8 bytes of the request body as logged. */ requestBytes: number })
  | (Omit<RunFinishedEvent, 'result'> & { result: RunLogResult })
  | (Omit<RunFailedEvent, 'error'> & { error: RunLogError })
  | (Omit<TurnFailedEvent, 'error'> & { error: RunLogError })
  | (Omit<ImagePartialEvent, 'base64'> & {
      /** Bytes of the partial image's base64, which is left out. */ bytes: number;
    })
  | Exclude<
      RunEvent,
      | RawResponseEvent
      | RunStartedEvent
      | TurnStartedEvent
      | RunFinishedEvent
      | RunFailedEvent
      | TurnFailedEvent
      | ImagePartialEvent
    >
) & {
  /** The format version. */
  v: typeof RUN_LOG_VERSION;
  /** When the line was written, in milliseconds since the epoch. */
  time: number;
};

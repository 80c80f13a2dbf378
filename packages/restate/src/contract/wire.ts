import type {
  ApprovalRequest,
  RawResponseEvent,
  RunEvent,
  RunFailedEvent,
  RunFinishedEvent,
  TurnFinishedEvent,
  TurnStartedEvent,
  Usage,
} from '@turnkit/core';
import type { ResponseInputItem } from 'openai/resources/responses/responses';

/**
 * What the `run` handler of a durable agent takes: the user's message (or input items) and
 * optional per-run settings. Sent by {@link DurableAgentClient.start}, or as the JSON body of
 * `POST <ingress>/<agent>/<conversation id>/run/send`.
 *
 * @example
 * ```ts
 * import type { StartRunRequest } from '@turnkit/restate';
 * const request: StartRunRequest = { input: 'Pay INV-7', runId: 'run_42', maxTurns: 6 };
 * ```
 */
export interface StartRunRequest {
  /** A user message, or Responses API input items. Empty only to continue a conversation that has pending items. */
  input: string | ResponseInputItem[];
  /** The run's id (letters, digits, `_ . : -`, at most 128); default a fresh `run_<uuid>`. */
  runId?: string;
  /** Overrides the agent's `maxTurns` for this run (each resumption after approvals counts afresh, as in core). */
  maxTurns?: number;
}

/** Where a durable run stands. */
export type DurableRunStatus = 'running' | 'waiting' | 'completed' | 'incomplete' | 'failed' | 'cancelled';

/** A short, JSON form of an error that stopped a run. */
export interface ErrorSummary {
  /** The error class, e.g. `MaxTurnsExceededError`. */
  name: string;
  /** Its turnkit code, e.g. `max_turns_exceeded`. */
  code: string;
  message: string;
}

/** An approval given to a durable run, as it was decided. */
export interface GivenDecision {
  approvalId: string;
  approve: boolean;
  reason?: string;
}

/** What a durable run ended with: the `run` handler's answer, and what `result()` returns. */
export interface DurableRunResult {
  runId: string;
  conversationId: string;
  status: Exclude<DurableRunStatus, 'running' | 'waiting'>;
  /** The text of the last response's assistant messages. */
  output: string;
  /** Turns (model requests) of the whole run, over all its resumptions after approvals. */
  turns: number;
  /** Token usage of the whole run. */
  usage: Usage;
  /** Why the last response was incomplete, when `status` is `incomplete`. */
  incompleteReason?: string;
  /** The error, when `status` is `failed` or `cancelled`. */
  error?: ErrorSummary;
  /** The approvals decided while the run waited, in order. */
  decisions: GivenDecision[];
}

/** A durable run as the conversation's state records it (see {@link DurableAgentClient.runStatus}). */
export interface DurableRunRecord {
  runId: string;
  /** 1 for the conversation's first run, and so on. */
  number: number;
  status: DurableRunStatus;
  /** The sequence number of the run's first event in the conversation's event log. */
  firstEvent: number;
  /** What the run waits for, when `status` is `waiting`. */
  waiting: ApprovalRequest[];
  /** The result, once the run ended. */
  result?: DurableRunResult;
}

/** What a {@link RunFinishedEvent} says about the run, without the conversation object. */
export interface RunSummary {
  status: RunFinishedEvent['result']['status'];
  output: string;
  turns: number;
  usage: Usage;
  interruptions: ApprovalRequest[];
  incompleteReason?: string;
}

/** A run event as the event log keeps it: plain JSON (`raw` events are not kept). */
export type PublishedRunEvent =
  | Exclude<
      RunEvent,
      RunFinishedEvent | RunFailedEvent | RawResponseEvent | TurnStartedEvent | TurnFinishedEvent
    >
  | (Omit<RunFinishedEvent, 'result'> & { result: RunSummary })
  | (Omit<RunFailedEvent, 'error'> & { error: ErrorSummary })
  // Without the request body and the response: the conversation in object state has the items.
  | Omit<TurnStartedEvent, 'request'>
  | Omit<TurnFinishedEvent, 'response'>;

/** The run waits durably for a decision on `request`; decide it with {@link DurableAgentClient.decide}. */
export interface ApprovalWaitingEvent {
  type: 'approval_waiting';
  runId: string;
  turn: number;
  request: ApprovalRequest;
}

/** The durable run ended (after every resumption); `result` is what `result()` returns. */
export interface RunEndedEvent {
  type: 'run_ended';
  runId: string;
  turn: number;
  result: DurableRunResult;
}

/** Anything the event log of a conversation holds. */
export type PublishedEvent = PublishedRunEvent | ApprovalWaitingEvent | RunEndedEvent;

/** One entry of a conversation's event log. */
export interface DurableEvent {
  /** Position in the conversation's log, from 0, without gaps. */
  seq: number;
  /** The durable run that produced it (the id `start()` returned). */
  runId: string;
  event: PublishedEvent;
}

/** What the `events` handler takes. */
export interface EventsRequest {
  /** How many events the reader has seen already (the `next` of its last page); default 0. */
  after?: number;
  /** Most events to return, 1–1000; default 500. */
  limit?: number;
}

/** What the `events` handler answers. */
export interface EventsPage {
  events: DurableEvent[];
  /** The `after` of the next read. */
  next: number;
  /** Events in the log in all. */
  total: number;
}

/** A decision on one approval: approve or reject, with an optional reason the model reads. */
export interface DecisionRequest {
  approve: boolean;
  reason?: string;
}

/** What the `decide` handler answers. */
export interface DecisionResult {
  conversationId: string;
  approvalId: string;
  runId: string;
  approve: boolean;
  reason?: string;
}

/** What the `status` handler answers for a conversation. */
export interface ConversationStatus {
  conversationId: string;
  strategy: 'server' | 'stateless';
  /** Runs started on the conversation so far. */
  runs: number;
  /** The run in progress (or waiting), if any. */
  current?: string;
  /** Events in the conversation's log. */
  events: number;
}

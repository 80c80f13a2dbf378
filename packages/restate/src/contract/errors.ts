import { RunError } from '@turnkit/core';
import { TurnkitError } from '@turnkit/tools';

/** Codes of the errors that `@turnkit/restate` raises. */
export type DurableErrorCode =
  | 'input_invalid'
  | 'conversation_unknown'
  | 'run_unknown'
  | 'approval_unknown'
  | 'approval_decided'
  | 'restate_unavailable'
  | 'restate_failed'
  | 'server_failed';

/**
 * Something about a durable agent went wrong: bad input to a handler or the client, an unknown
 * conversation, run or approval, a decision that was already given, or a Restate server that
 * cannot be reached or started. `status` is the HTTP status the ingress answered with, when one
 * did.
 *
 * @example
 * ```ts
 * import { TurnkitError } from '@turnkit/core';
 * import { connectDurableAgent } from '@turnkit/restate';
 * const client = connectDurableAgent({ ingressUrl: 'http://127.0.0.1:8080', name: 'payments' });
 * try {
 *   await client.decide('conv-1', 'call_7', { approve: true });
 * } catch (error) {
 *   if (TurnkitError.is(error) && error.code === 'approval_decided') console.log('already decided');
 * }
 * ```
 */
export class DurableAgentError extends TurnkitError {
  override readonly code: DurableErrorCode;
  /** The HTTP status of the answer that carried the error, when there was one. */
  readonly status: number | undefined;
  constructor(code: DurableErrorCode, message: string, options?: ErrorOptions & { status?: number }) {
    super(code, message, options);
    this.code = code;
    this.status = options?.status;
  }
}

/**
 * A journaled step failed for good: a model turn whose transient failures outlasted its retries,
 * or a failure that has no class of its own in core. Stops the run like any `RunError`; `partial`
 * holds what the run had produced.
 *
 * @example
 * ```ts
 * import type { DurableAgentClient, StartedRun } from '@turnkit/restate';
 * declare const client: DurableAgentClient;
 * declare const run: StartedRun;
 * const result = await client.result(run);
 * if (result.status === 'failed' && result.error?.code === 'step_failed') console.log(result.error.message);
 * ```
 */
export class StepFailedError extends RunError {
  override readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.code = code;
  }
}

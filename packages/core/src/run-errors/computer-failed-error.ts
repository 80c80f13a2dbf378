import type { ComputerActionType } from '@turnkit/tools';
import { RunError } from './run-errors.js';

/**
 * The computer stopped working while the loop ran a computer call (the browser crashed or was
 * closed, the virtual machine went away): the run stops, and `partial` holds what it produced.
 * The call stays unanswered; the next run on the conversation answers it with a fresh
 * screenshot and tells the model it was interrupted (nothing is run twice).
 *
 * @example
 * ```ts
 * import { type Agent, ComputerFailedError } from '@turnkit/core';
 * declare const agent: Agent;
 * try {
 *   await agent.run('Fill in the form');
 * } catch (error) {
 *   if (error instanceof ComputerFailedError) console.error(error.message, error.partial?.items.length);
 * }
 * ```
 */
export class ComputerFailedError extends RunError {
  override readonly code = 'computer_failed' as const;
  /** The `call_id` of the computer call being run. */
  readonly callId: string;
  /** What the loop was doing: an action's type, or `screenshot`. */
  readonly step: ComputerActionType;
  constructor(callId: string, step: ComputerActionType, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      'computer_failed',
      `The computer failed during ${step} of computer call ${callId}: ${why} ` +
        'The run stopped; error.partial holds what it produced. Start the computer again and run on the same conversation to go on.',
      { cause },
    );
    this.callId = callId;
    this.step = step;
  }
}

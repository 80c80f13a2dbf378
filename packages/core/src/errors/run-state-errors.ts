import { TurnkitError } from '@turnkit/tools';

/**
 * A run state was resumed already, so resuming it again would run its approved calls a second
 * time. Raised for a second resume of the same {@link RunState} object (whichever
 * `withDecisions(…)` input it comes through), and for a state whose resume token its session has
 * already claimed (the same saved state loaded twice, in this or another process).
 *
 * Nothing was run or sent when it is raised. Continue from the run that did resume it (its
 * result, or the conversation in its session) instead.
 *
 * @example
 * ```ts
 * import { type Agent, type RunState, RunStateConsumedError } from '@turnkit/core';
 * declare const agent: Agent;
 * declare const state: RunState;
 * declare const id: string; // an approval's id (state.approvals)
 * try {
 *   await agent.run(state.withDecisions({ [id]: true }));
 * } catch (error) {
 *   if (error instanceof RunStateConsumedError) console.log(`run ${error.runId} was resumed elsewhere`);
 * }
 * ```
 */
export class RunStateConsumedError extends TurnkitError {
  override readonly code = 'run_state_consumed' as const;
  /** The run whose state it is. */
  readonly runId: string;
  /** The state's resume token (see `RunState.resumeToken`). */
  readonly resumeToken: string;
  constructor(runId: string, resumeToken: string, where: 'object' | 'session') {
    super(
      'run_state_consumed',
      where === 'object'
        ? `This run state (run ${runId}) was already resumed; a state resumes once. ` +
            'Continue from the result of that resume (or its conversation) instead.'
        : `This run state (run ${runId}, resume token ${resumeToken}) was already resumed by another process or state object, ` +
            'as its session records; nothing was run. Continue from the conversation in the session instead.',
    );
    this.runId = runId;
    this.resumeToken = resumeToken;
  }
}

/** Why a run state was refused as untrustworthy (see {@link RunStateTamperedError}). */
export type RunStateTamperReason =
  /** A sealed state's content does not match its HMAC (edited, or sealed with another key). */
  | 'signature'
  /** A key was given but the state is not sealed. */
  | 'unsealed'
  /** An approval differs from the call or approval request the model made (tool, arguments, kind, server). */
  | 'approval_mismatch'
  /** An approval names a call or approval request that the conversation does not hold, or one already answered. */
  | 'unknown_call';

/**
 * A run state claims something the model never asked for, or fails its seal. Resume executes
 * exactly the calls the model made, taken from the conversation (the `function_call` and
 * `mcp_approval_request` items); a state whose approvals disagree with them, or a sealed state
 * whose HMAC does not match, is refused before anything runs or is sent.
 *
 * @example
 * ```ts
 * import { openRunState, type RunState, RunStateTamperedError } from '@turnkit/core';
 * declare const text: string; // a sealed state, as saved
 * declare const key: string;
 * declare function audit(reason: string): void;
 * let state: RunState | undefined;
 * try {
 *   state = openRunState(text, { key });
 * } catch (error) {
 *   if (error instanceof RunStateTamperedError) audit(error.reason);
 * }
 * ```
 */
export class RunStateTamperedError extends TurnkitError {
  override readonly code = 'run_state_tampered' as const;
  readonly reason: RunStateTamperReason;
  /** The approval at fault, for `approval_mismatch` and `unknown_call`. */
  readonly approvalId: string | undefined;
  constructor(reason: RunStateTamperReason, message: string, approvalId?: string) {
    super('run_state_tampered', message);
    this.reason = reason;
    this.approvalId = approvalId;
  }
}

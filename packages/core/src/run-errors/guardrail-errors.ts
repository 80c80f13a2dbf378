import type { RunResult } from '../run/run-result.js';
import { RunError } from './run-errors.js';

/** Which kind of guardrail: on the input, the final output, or a tool call. */
export type GuardrailKind = 'input' | 'output' | 'tool';

/**
 * A guardrail's tripwire stopped the run. `reason` and `details` are the guardrail's; `partial`
 * is what the run had produced, its conversation valid to continue (an input that tripped is
 * still in it: remove it with `conversation.repair({ drop })` before continuing, see
 * docs/guardrails.md).
 *
 * @example
 * ```ts
 * import { type Agent, GuardrailTrippedError } from '@turnkit/core';
 * declare const agent: Agent;
 * declare const question: string;
 * const error = await agent.run(question).catch((e) => e);
 * if (error instanceof GuardrailTrippedError) console.log(error.guardrail, error.reason);
 * ```
 */
export class GuardrailTrippedError extends RunError {
  override readonly code = 'guardrail_tripped' as const;
  /** The guardrail's name. */
  readonly guardrail: string;
  readonly kind: GuardrailKind;
  /** The agent whose guardrail it is. */
  readonly agent: string;
  readonly reason: string;
  /** What the guardrail attached to its verdict. */
  readonly details: unknown;
  /** The function call it tripped on (tool guardrails). */
  readonly callId: string | undefined;
  constructor(fields: {
    guardrail: string;
    kind: GuardrailKind;
    agent: string;
    reason: string;
    details?: unknown;
    callId?: string;
    partial?: RunResult;
  }) {
    super(
      'guardrail_tripped',
      `The ${fields.kind} guardrail "${fields.guardrail}" of agent "${fields.agent}" stopped the run: ${fields.reason}`,
      { partial: fields.partial },
    );
    this.guardrail = fields.guardrail;
    this.kind = fields.kind;
    this.agent = fields.agent;
    this.reason = fields.reason;
    this.details = fields.details;
    this.callId = fields.callId;
  }
}

/**
 * A guardrail's check threw, or returned something other than `allow()` / `tripwire(…)`. The run
 * stops (a guardrail that cannot decide does not let the run through); `cause` is what it threw.
 *
 * @example
 * ```ts
 * import { GuardrailFailedError } from '@turnkit/core';
 * declare const error: unknown;
 * if (error instanceof GuardrailFailedError) console.error(error.guardrail, error.cause);
 * ```
 */
export class GuardrailFailedError extends RunError {
  override readonly code = 'guardrail_failed' as const;
  readonly guardrail: string;
  readonly kind: GuardrailKind;
  readonly agent: string;
  constructor(fields: {
    guardrail: string;
    kind: GuardrailKind;
    agent: string;
    problem: string;
    cause?: unknown;
  }) {
    super(
      'guardrail_failed',
      `The ${fields.kind} guardrail "${fields.guardrail}" of agent "${fields.agent}" failed, so the run stopped: ${fields.problem}`,
      { cause: fields.cause },
    );
    this.guardrail = fields.guardrail;
    this.kind = fields.kind;
    this.agent = fields.agent;
  }
}

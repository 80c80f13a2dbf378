import type { GuardrailVerdict } from '../guardrails/guardrail.js';
import type { EmitFn, EventBase } from '../run/events.js';
import { wants } from '../run/wants.js';
import {
  GuardrailFailedError,
  type GuardrailKind,
  GuardrailTrippedError,
} from '../run-errors/guardrail-errors.js';
import { describeValue } from '../values/describe-value.js';

/** Which guardrail check is run, and where its event goes. */
export interface CheckSite {
  kind: GuardrailKind;
  guardrail: string;
  emit: EmitFn;
  base: EventBase;
  callId?: string;
  stage?: 'before' | 'after';
}

function isVerdict(value: unknown): value is GuardrailVerdict {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { action?: unknown; reason?: unknown };
  return v.action === 'allow' || (v.action === 'tripwire' && typeof v.reason === 'string');
}

/**
 * Runs one guardrail check and reports its verdict (a `guardrail` event). Returns the tripwire
 * error when it tripped (without `partial`: the loop adds it), `undefined` when it allowed.
 *
 * @throws {GuardrailFailedError} when the check throws or returns something that is not a verdict.
 * @example
 * ```ts
 * import type { GuardrailContext, GuardrailInput, InputGuardrail } from '@turnkit/core';
 * import { type CheckSite, checkGuardrail } from './check-guardrail.js';
 * declare const site: CheckSite;
 * declare const guardrail: InputGuardrail;
 * declare const input: GuardrailInput;
 * declare const ctx: GuardrailContext;
 * const tripped = await checkGuardrail(site, () => guardrail.check(input, ctx));
 * if (tripped) throw tripped;
 * ```
 */
export async function checkGuardrail(
  site: CheckSite,
  run: () => GuardrailVerdict | Promise<GuardrailVerdict>,
): Promise<GuardrailTrippedError | undefined> {
  const { kind, guardrail, base } = site;
  let verdict: unknown;
  try {
    verdict = await run();
  } catch (cause) {
    if (cause instanceof GuardrailTrippedError) return cause; // a guardrail agent's own tripwire
    throw new GuardrailFailedError({
      guardrail,
      kind,
      agent: base.agent,
      problem: `its check threw: ${describeValue(cause)}`,
      cause,
    });
  }
  if (!isVerdict(verdict)) {
    throw new GuardrailFailedError({
      guardrail,
      kind,
      agent: base.agent,
      problem: `its check returned ${describeValue(verdict)}; return allow() or tripwire(reason).`,
    });
  }
  const where = {
    ...(site.callId !== undefined ? { callId: site.callId } : {}),
    ...(site.stage !== undefined ? { stage: site.stage } : {}),
  };
  if (verdict.action === 'allow') {
    if (wants(site.emit, 'guardrail')) {
      site.emit({ type: 'guardrail', kind, guardrail, verdict: 'allow', ...where, ...base });
    }
    return undefined;
  }
  if (wants(site.emit, 'guardrail')) {
    site.emit({
      type: 'guardrail',
      kind,
      guardrail,
      verdict: 'tripwire',
      reason: verdict.reason,
      ...where,
      ...base,
    });
  }
  return new GuardrailTrippedError({
    guardrail,
    kind,
    agent: base.agent,
    reason: verdict.reason,
    ...(verdict.details !== undefined ? { details: verdict.details } : {}),
    ...(site.callId !== undefined ? { callId: site.callId } : {}),
  });
}

/** The fields every run event has (see `RunEvent`); named here by shape, so this file imports nothing. */
interface GuardrailEventBase {
  runId: string;
  turn: number;
  agent: string;
  depth: number;
}

/**
 * A guardrail decided: `allow`, or `tripwire` (the run then stops with `GuardrailTrippedError`).
 *
 * @example
 * ```ts
 * import type { RunStream } from '@turnkit/core';
 * declare const stream: RunStream;
 * declare const log: { info(message: string): void };
 * stream.on('guardrail', (e) => log.info(`${e.kind} guardrail ${e.guardrail}: ${e.verdict}`));
 * ```
 */
export interface GuardrailEvent extends GuardrailEventBase {
  type: 'guardrail';
  kind: 'input' | 'output' | 'tool';
  guardrail: string;
  verdict: 'allow' | 'tripwire';
  reason?: string;
  /** The function call checked (tool guardrails). */
  callId?: string;
  /** `before` or `after` the tool ran (tool guardrails). */
  stage?: 'before' | 'after';
}

import type { Response } from 'openai/resources/responses/responses';
import type { GuardrailContext } from '../guardrails/guardrail.js';
import type { RunResult } from '../run/run-result.js';
import { checkGuardrail } from './check-guardrail.js';
import { readFinalOutput } from './final-output.js';
import { finalText } from './final-text.js';
import type { LoopContext } from './loop-context.js';
import { NESTED_HOST } from './nested-run.js';

/**
 * The result of a run whose last response left nothing pending: its final output (the text, or
 * the agent's structured output parsed and validated), once the agent's output guardrails allowed
 * it (they run together; the first tripwire is thrown).
 *
 * @throws {OutputError} when the answer cannot become the typed output (refused, invalid).
 * @throws {GuardrailTrippedError} | {GuardrailFailedError} from an output guardrail.
 * @example
 * ```ts
 * import type { Response } from 'openai/resources/responses/responses';
 * import { completeRun } from './complete-run.js';
 * import type { LoopContext } from './loop-context.js';
 * declare const loop: LoopContext;
 * declare const response: Response; // a completed response without calls
 * const result = await completeRun(loop, response);
 * ```
 */
export async function completeRun(loop: LoopContext, response: Response): Promise<RunResult> {
  const { run } = loop;
  const config = run.active.config;
  const finalOutput = await readFinalOutput(response, config.output);
  if (config.outputGuardrails.length > 0) {
    const ctx: GuardrailContext & { text: string } = {
      runId: run.runId,
      agent: config.name,
      turn: run.turn,
      signal: loop.signal,
      deps: loop.options.deps,
      text: finalText(response.output),
    };
    Object.defineProperty(ctx, NESTED_HOST, { value: loop.host });
    const base = run.base();
    const verdicts = await Promise.all(
      config.outputGuardrails.map((guardrail) =>
        checkGuardrail({ kind: 'output', guardrail: guardrail.name, emit: run.emit, base }, () =>
          guardrail.check(finalOutput, ctx),
        ),
      ),
    );
    const tripped = verdicts.find((t) => t !== undefined);
    if (tripped) throw tripped;
  }
  return run.result('completed', { finalOutput });
}

/**
 * The result of a run whose last response is `incomplete`: a plain `incomplete` result, or, for
 * an agent with a structured output, the error that its JSON is cut short.
 *
 * @throws {OutputIncompleteError} for an agent with a structured output.
 */
export async function incompleteRun(loop: LoopContext, response: Response): Promise<RunResult> {
  const output = loop.run.active.config.output;
  if (output) await readFinalOutput(response, output);
  return loop.run.result('incomplete');
}

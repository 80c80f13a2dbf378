import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { GuardrailContext, GuardrailInput, InputGuardrail } from '../guardrails/guardrail.js';
import type { GuardrailFailedError, GuardrailTrippedError } from '../run-errors/guardrail-errors.js';
import { checkGuardrail } from './check-guardrail.js';
import type { LoopContext } from './loop-context.js';
import { NESTED_HOST } from './nested-run.js';

/** The input guardrails running beside the first turn: the signal that aborts the turn when one trips, and their outcome. */
export interface ParallelChecks {
  /** Aborted (with the tripwire) when a check trips or fails. */
  signal: AbortSignal;
  /** The first tripwire or failure, or `undefined` once every check allowed. Never rejects. */
  outcome: Promise<GuardrailTrippedError | GuardrailFailedError | undefined>;
}

/** The text of the user messages among input items. */
function userText(items: readonly ResponseInputItem[]): string {
  return items
    .flatMap((item) => {
      if (!('role' in item) || item.role !== 'user') return [];
      const content = (item as { content: unknown }).content;
      if (typeof content === 'string') return [content];
      if (!Array.isArray(content)) return [];
      return [
        content
          .map((part: { type?: string; text?: unknown }) =>
            part.type === 'input_text' ? String(part.text) : '',
          )
          .join(''),
      ];
    })
    .join('\n\n');
}

/**
 * Runs the starting agent's input guardrails on a run's new input: the `before` ones now (all at
 * once; the first tripwire or failure is thrown, before anything is sent), the `parallel` ones in
 * the background, beside the first turn (see {@link ParallelChecks}). Returns `undefined` when
 * there are no parallel ones.
 *
 * @throws {GuardrailTrippedError} | {GuardrailFailedError} from a `before` check.
 * @example
 * ```ts
 * import type { ResponseInputItem } from 'openai/resources/responses/responses';
 * import { startInputChecks } from './input-checks.js';
 * import type { LoopContext } from './loop-context.js';
 * declare const loop: LoopContext;
 * declare const inputItems: ResponseInputItem[];
 * const parallel = await startInputChecks(loop, inputItems);
 * ```
 */
export async function startInputChecks(
  loop: LoopContext,
  items: readonly ResponseInputItem[],
): Promise<ParallelChecks | undefined> {
  const { run } = loop;
  const config = run.active.config;
  if (config.inputGuardrails.length === 0 || items.length === 0) return undefined;
  const input: GuardrailInput = { items, text: userText(items) };
  const ctx: GuardrailContext = {
    runId: run.runId,
    agent: config.name,
    turn: 0,
    signal: loop.signal,
    deps: loop.options.deps,
  };
  Object.defineProperty(ctx, NESTED_HOST, { value: loop.host });
  const base = run.base();
  const check = (guardrail: InputGuardrail<unknown>) =>
    checkGuardrail({ kind: 'input', guardrail: guardrail.name, emit: run.emit, base }, () =>
      guardrail.check(input, ctx),
    );
  const before = config.inputGuardrails.filter((g) => g.mode === 'before');
  const beside = config.inputGuardrails.filter((g) => g.mode === 'parallel');
  if (before.length > 0) {
    const tripped = (await Promise.all(before.map(check))).find((t) => t !== undefined);
    if (tripped) throw tripped;
  }
  if (beside.length === 0) return undefined;
  const controller = new AbortController();
  const outcome = Promise.all(
    beside.map((guardrail) =>
      check(guardrail).then(
        (tripped) => {
          if (tripped && !controller.signal.aborted) controller.abort(tripped);
          return tripped;
        },
        (failed: GuardrailFailedError) => {
          if (!controller.signal.aborted) controller.abort(failed);
          return failed;
        },
      ),
    ),
  ).then((results) => results.find((r) => r !== undefined));
  return { signal: controller.signal, outcome };
}

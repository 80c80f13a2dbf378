import type { GuardrailContext, GuardrailVerdict } from '../guardrails/guardrail.js';
import type { Agent, AnyAgent } from '../run/agent.js';
import { NESTED_HOST, type NestedHost } from '../runner/nested-run.js';
import { runNested } from './run-nested.js';

/**
 * A guardrail check made of an agent: the agent reads what is checked (as text: the input's
 * text, the final output's text, or a tool call), and `decide` turns its final output (typed,
 * when it has an output schema) into the verdict. Inside a run it runs like an agent run as a
 * tool: its events reach the run's stream one level deeper and its usage is added to the run's.
 * A run of it that fails makes the guardrail fail (the run stops: `GuardrailFailedError`).
 *
 * @example
 * ```ts
 * import { allow, checkWithAgent, createAgent, defineInputGuardrail, tripwire } from '@turnkit/core';
 * import { z } from 'zod';
 * const classifier = createAgent({
 *   name: 'topic_check',
 *   instructions: 'Say whether the message is about our products.',
 *   output: z.object({ onTopic: z.boolean(), why: z.string() }),
 * });
 * const onTopic = defineInputGuardrail({
 *   name: 'on_topic',
 *   check: checkWithAgent(classifier, (out) => (out.onTopic ? allow() : tripwire(out.why))),
 * });
 * ```
 */
export function checkWithAgent<Out, Checked = unknown>(
  agent: Agent<never, Out>,
  decide: (output: Out, checked: Checked) => GuardrailVerdict,
  options: { prompt?: (checked: Checked) => string } = {},
): (checked: Checked, ctx: GuardrailContext<unknown>) => Promise<GuardrailVerdict> {
  return async (checked, ctx) => {
    const host = (ctx as unknown as Record<symbol, NestedHost | undefined>)[NESTED_HOST];
    const text = options.prompt ? options.prompt(checked) : textOf(checked);
    const result = await runNested(agent as AnyAgent, text, { signal: ctx.signal, deps: ctx.deps, host });
    if (result.status !== 'completed') {
      throw new Error(`The guardrail agent "${agent.name}" stopped without an answer (${result.status}).`);
    }
    return decide(result.finalOutput as Out, checked);
  };
}

/** What a guardrail agent reads of what is checked: a text as is, an input's `text`, anything else as JSON. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') {
    return (value as { text: string }).text;
  }
  return JSON.stringify(value);
}

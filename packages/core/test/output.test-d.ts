import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { allow, createAgent, defineOutputGuardrail, type RunResult, type RunStream } from '../src/index.js';

const invoice = z.object({ number: z.string(), total: z.number(), note: z.string().optional() });
type Invoice = z.output<typeof invoice>;

describe('typed final output', () => {
  it('types finalOutput from a zod schema, a json_schema option and plain JSON mode', async () => {
    const short = createAgent({ model: 'm', output: invoice });
    const long = createAgent({ model: 'm', output: { schema: invoice, name: 'invoice', strict: false } });
    const json = createAgent({ model: 'm', output: { type: 'json_object' } });
    const checked = createAgent({ model: 'm', output: { type: 'json_object', schema: invoice } });
    expectTypeOf(short.run).returns.toEqualTypeOf<Promise<RunResult<Invoice>>>();
    expectTypeOf(long.stream).returns.toEqualTypeOf<RunStream<Invoice>>();
    expectTypeOf(json.run).returns.toEqualTypeOf<Promise<RunResult<Record<string, unknown>>>>();
    expectTypeOf(checked.run).returns.toEqualTypeOf<Promise<RunResult<Invoice>>>();
  });

  it('gives a text agent string output', () => {
    const text = createAgent({ model: 'm' });
    expectTypeOf(text.run).returns.toEqualTypeOf<Promise<RunResult<string>>>();
  });

  it('narrows finalOutput by status', async () => {
    const result = await createAgent({ model: 'm', output: invoice }).run('x');
    if (result.status === 'completed') expectTypeOf(result.finalOutput).toEqualTypeOf<Invoice>();
    else expectTypeOf(result.finalOutput).toEqualTypeOf<undefined>();
  });

  it('adds the outputs of the agents handed to', () => {
    const billing = createAgent({ name: 'billing', model: 'm', output: z.object({ total: z.number() }) });
    const research = createAgent({ name: 'research', model: 'm' });
    const triage = createAgent({ name: 'triage', model: 'm', handoffs: [billing, () => research] });
    expectTypeOf(triage.run).returns.toEqualTypeOf<Promise<RunResult<string | { total: number }>>>();
  });

  it('types output guardrails by the output', () => {
    createAgent({
      model: 'm',
      output: invoice,
      outputGuardrails: [
        defineOutputGuardrail<Invoice>({ name: 'cap', check: (out) => (out.total > 0 ? allow() : allow()) }),
      ],
    });
    createAgent({
      model: 'm',
      output: invoice,
      // @ts-expect-error: a guardrail of another output type
      outputGuardrails: [defineOutputGuardrail<{ other: boolean }>({ name: 'x', check: () => allow() })],
    });
  });
});

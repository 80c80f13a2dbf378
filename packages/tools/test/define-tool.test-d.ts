import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  defineJsonTool,
  defineTool,
  parseToolInput,
  type ReportProgress,
  runTool,
  type Tool,
  type ToolCallResult,
  type ToolContext,
} from '../src/index.js';

interface Deps {
  weather: { current(city: string): Promise<number> };
}

describe('defineTool types', () => {
  it('infers the input from the zod output type, with defaults and transforms applied', () => {
    defineTool({
      name: 't',
      description: 'd',
      input: z.object({
        city: z.string(),
        units: z.enum(['c', 'f']).default('c'),
        note: z.string().optional(),
        when: z.string().transform((s) => new Date(s)),
      }),
      execute: (input) => {
        expectTypeOf(input).toEqualTypeOf<{
          city: string;
          units: 'c' | 'f';
          note?: string | undefined;
          when: Date;
        }>();
        return 1;
      },
    });
  });

  it('infers the output from execute, unwrapping a promise', () => {
    const sync = defineTool({
      name: 't',
      description: 'd',
      input: z.object({}),
      execute: () => ({ ok: true }),
    });
    expectTypeOf(sync).toEqualTypeOf<Tool<Record<string, never>, { ok: boolean }, any>>();
    const async = defineTool({ name: 't', description: 'd', input: z.object({}), execute: async () => 'x' });
    expectTypeOf(async.execute).returns.toEqualTypeOf<string | Promise<string>>();
  });

  it('infers deps from an annotated context', () => {
    const tool = defineTool({
      name: 't',
      description: 'd',
      input: z.object({ city: z.string() }),
      execute: ({ city }, { deps }: ToolContext<Deps>) => deps.weather.current(city),
    });
    expectTypeOf(tool).toEqualTypeOf<Tool<{ city: string }, number, Deps>>();
  });

  it('gives execute a progress function that takes a ToolProgress and answers a boolean', () => {
    defineTool({
      name: 't',
      description: 'd',
      input: z.object({}),
      execute: (_input, { progress }) => {
        expectTypeOf(progress).toEqualTypeOf<ReportProgress>();
        expectTypeOf(progress({ progress: 1, total: 2, message: 'half' })).toEqualTypeOf<boolean>();
        // @ts-expect-error: progress is required
        progress({ total: 2 });
        return 1;
      },
    });
  });

  it('types needsApproval with the same input and deps', () => {
    defineTool({
      name: 't',
      description: 'd',
      input: z.object({ amount: z.number() }),
      execute: (_input, _ctx: ToolContext<Deps>) => 1,
      needsApproval: (input, ctx) => {
        expectTypeOf(input).toEqualTypeOf<{ amount: number }>();
        expectTypeOf(ctx.deps).toEqualTypeOf<Deps>();
        return input.amount > 100;
      },
    });
  });

  it('rejects an execute that misuses its input', () => {
    defineTool({
      name: 't',
      description: 'd',
      input: z.object({ city: z.string() }),
      // @ts-expect-error city is a string, not a number
      execute: ({ city }: { city: number }) => city,
    });
  });

  it('lets tools of different types share one Tool[]', () => {
    const a = defineTool({
      name: 'a',
      description: 'd',
      input: z.object({ x: z.string() }),
      execute: () => 1,
    });
    const b = defineJsonTool({
      name: 'b',
      description: 'd',
      parameters: { type: 'object' },
      execute: () => 'y',
    });
    const tools: Tool[] = [a, b];
    expectTypeOf(tools).toEqualTypeOf<Tool[]>();
    expectTypeOf(b.execute).parameter(0).toEqualTypeOf<Record<string, unknown>>();
  });

  it('types parse and run results', () => {
    const tool = defineTool({
      name: 't',
      description: 'd',
      input: z.object({ n: z.number() }),
      execute: () => 1,
    });
    const parsed = parseToolInput(tool, '{}');
    if (parsed.ok) expectTypeOf(parsed.value).toEqualTypeOf<{ n: number }>();
    expectTypeOf(runTool).returns.toEqualTypeOf<Promise<ToolCallResult>>();
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, parseToolInputAsync, type RunToolContext, runTool } from '../src/index.js';
import { inputPlanOf } from '../src/internal/input-plan.js';
import { callContext } from './fixtures/call-context.js';

const context = (): RunToolContext => callContext();

/** A tool that returns the input it got, as JSON. */
function probe<S extends z.ZodType>(input: S, strict = true) {
  return defineTool({ name: 'probe', description: 'Returns its input.', input, strict, execute: (v) => v });
}

describe('runTool checks the arguments', () => {
  it('runs an async refinement once per call and follows its verdict', async () => {
    let runs = 0;
    const tool = probe(
      z.object({
        id: z.string().refine(async (id) => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 1));
          return id.startsWith('A-');
        }, 'ids start with A-'),
      }),
    );
    expect(await runTool(tool, '{"id":"A-1"}', context())).toEqual({ ok: true, output: '{"id":"A-1"}' });
    expect(runs).toBe(1);
    expect((await runTool(tool, '{"id":"B-1"}', context())).output).toBe(
      'Error: invalid arguments for tool "probe": id: ids start with A-',
    );
    expect(runs).toBe(2);
  });

  it('runs a sync refinement and a superRefine once per call', async () => {
    const runs = { refine: 0, superRefine: 0 };
    const tool = probe(
      z
        .object({ from: z.number(), to: z.number() })
        .refine((range) => {
          runs.refine++;
          return range.from <= range.to;
        }, 'from must not exceed to')
        .superRefine(() => {
          runs.superRefine++;
        }),
    );
    expect((await runTool(tool, '{"from":1,"to":2}', context())).ok).toBe(true);
    expect((await runTool(tool, '{"from":3,"to":2}', context())).output).toBe(
      'Error: invalid arguments for tool "probe": from must not exceed to',
    );
    expect(runs).toEqual({ refine: 2, superRefine: 2 });
  });

  it('runs an async refinement inside a union of a strict tool once per call', async () => {
    let runs = 0;
    const known = z.string().refine(async (id) => {
      runs++;
      return id === 'ok';
    }, 'unknown id');
    // No optional property anywhere, so the strict-mode null pass (which tries union members) has
    // nothing to do and does not run the refinement a second time.
    const tool = probe(z.object({ key: z.union([z.number(), z.object({ id: known })]) }));
    expect(await runTool(tool, '{"key":{"id":"ok"}}', context())).toEqual({
      ok: true,
      output: '{"key":{"id":"ok"}}',
    });
    expect(runs).toBe(1);
  });

  it('runs a refinement inside a union member once per call when no null needs mapping', async () => {
    let runs = 0;
    const named = z.string().refine((name) => {
      runs++;
      return name.length > 0;
    }, 'empty name');
    // Optional properties (strict mode makes them nullable), so the null pass looks at the union.
    const tool = probe(
      z.object({
        who: z.union([
          z.object({ name: named, nickname: z.string().optional() }),
          z.object({ id: z.number(), label: z.string().optional() }),
        ]),
      }),
    );
    expect(inputPlanOf(tool.input).nulls).toBe(true);
    expect(await runTool(tool, '{"who":{"name":"Ada","nickname":"A"}}', context())).toEqual({
      ok: true,
      output: '{"who":{"name":"Ada","nickname":"A"}}',
    });
    expect(runs).toBe(1);
    // A null for an optional property still goes, in the member the value fits.
    expect(await runTool(tool, '{"who":{"id":7,"label":null}}', context())).toEqual({
      ok: true,
      output: '{"who":{"id":7}}',
    });
  });

  it('applies transforms, async ones included, and defaults', async () => {
    const tool = probe(
      z.object({
        city: z.string().transform((city) => city.toUpperCase()),
        zip: z.string().transform(async (zip) => Number(zip)),
        units: z.enum(['c', 'f']).default('c'),
        note: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string()),
      }),
      false,
    );
    const result = await runTool(tool, '{"city":"oslo","zip":"0150","note":7}', context());
    expect(result.ok).toBe(true);
    // zod's async parse adds an asynchronously transformed key last.
    expect(JSON.parse(result.output as string)).toEqual({ city: 'OSLO', zip: 150, units: 'c', note: '7' });
  });

  it('checks a recursive z.lazy schema at every depth', async () => {
    type Node = { name: string; children: Node[] };
    const node: z.ZodType<Node> = z.lazy(() =>
      z.object({ name: z.string().min(1), children: z.array(node) }),
    );
    const tool = probe(z.object({ root: node }), false);
    const good = '{"root":{"name":"a","children":[{"name":"b","children":[]}]}}';
    expect(await runTool(tool, good, context())).toEqual({ ok: true, output: good });
    const bad = '{"root":{"name":"a","children":[{"name":"","children":[]}]}}';
    expect((await runTool(tool, bad, context())).output).toBe(
      'Error: invalid arguments for tool "probe": root.children[0].name: Too small: expected string to have >=1 characters',
    );
  });

  it('finds an async refinement deep in a recursive schema', async () => {
    let runs = 0;
    const leaf = z.string().refine(async (name) => {
      runs++;
      return name !== 'x';
    }, 'x is taken');
    const folder = z.object({
      name: leaf,
      get folders() {
        return z.array(folder);
      },
    });
    const tool = probe(z.object({ root: folder }), false);
    const input = '{"root":{"name":"a","folders":[{"name":"x","folders":[]}]}}';
    expect((await runTool(tool, input, context())).output).toBe(
      'Error: invalid arguments for tool "probe": root.folders[0].name: x is taken',
    );
    expect(runs).toBe(2);
  });

  it('refuses bad input of a schema with only built-in checks with the message of an async parse', async () => {
    const shape = { count: z.number().int().min(1), name: z.string().trim().min(1).max(5) };
    const plain = probe(z.object(shape));
    // The same schema with a refinement that passes, which only an async parse can check.
    const refined = probe(z.object(shape).refine(async () => true));
    expect(inputPlanOf(plain.input).sync).toBe(true);
    expect(inputPlanOf(refined.input).sync).toBe(false);
    const inputs = [
      '{"count":0,"name":"   "}',
      '{"count":1.5,"name":"abcdefg"}',
      '{"name":"a"}',
      '{"count":3}',
    ];
    for (const input of [...inputs, '{"count":2,"name":" ab ","extra":1}']) {
      const [fast, slow] = await Promise.all([
        runTool(plain, input, context()),
        runTool(refined, input, context()),
      ]);
      expect(fast).toEqual(slow.ok ? slow : { ...slow, error: fast.ok ? undefined : fast.error });
    }
    expect((await runTool(plain, '{"count":0,"name":" ab "}', context())).output).toBe(
      'Error: invalid arguments for tool "probe": count: Too small: expected number to be >=1',
    );
    expect(await runTool(plain, '{"count":2,"name":" ab "}', context())).toEqual({
      ok: true,
      output: '{"count":2,"name":"ab"}',
    });
  });

  it('gives parseToolInputAsync the same answers on either path', async () => {
    const plain = probe(z.object({ n: z.number().max(3) }));
    expect(await parseToolInputAsync(plain, '{"n":2}')).toEqual({ ok: true, value: { n: 2 } });
    expect(await parseToolInputAsync(plain, '{"n":4}')).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'n', message: 'Too big: expected number to be <=3' }] },
    });
    expect(await parseToolInputAsync(plain, '{"n":')).toMatchObject({ ok: false });
  });

  it('still maps a strict-mode null to a missing optional property, and only then', async () => {
    const tool = probe(z.object({ city: z.string(), units: z.enum(['c', 'f']).optional() }));
    expect(await runTool(tool, '{"city":"Oslo","units":null}', context())).toEqual({
      ok: true,
      output: '{"city":"Oslo"}',
    });
    const required = probe(z.object({ city: z.string(), n: z.number() }));
    expect(inputPlanOf(required.input).nulls).toBe(false);
    expect((await runTool(required, '{"city":"Oslo","n":null}', context())).output).toBe(
      'Error: invalid arguments for tool "probe": n: Invalid input: expected number, received null',
    );
  });
});

describe('the input plan of a schema', () => {
  it('counts as synchronous only zod’s own types and checks', () => {
    const Tree: z.ZodType<unknown> = z.lazy(() => z.object({ kids: z.array(Tree) }));
    const sync = [
      z.object({ a: z.number(), b: z.number() }),
      z.object({ s: z.string().min(1).max(9).regex(/^a/).trim().toLowerCase(), e: z.email() }),
      z.object({ o: z.string().optional(), n: z.number().nullable(), d: z.boolean().default(false) }),
      z.object({ t: z.tuple([z.string(), z.number()]), r: z.record(z.string(), z.number()) }),
      z.object({ u: z.union([z.literal('a'), z.enum(['b', 'c'])]), c: z.string().catch('x') }),
      z.object({
        du: z.discriminatedUnion('k', [z.object({ k: z.literal(1) }), z.object({ k: z.literal(2) })]),
      }),
      z.object({ i: z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })) }),
      z.object({ tree: Tree, json: z.json() }).describe('described').meta({ title: 'T' }),
      z.object({ p: z.string().pipe(z.string().min(2)) }).strict(),
    ];
    for (const schema of sync) expect(inputPlanOf(schema).sync).toBe(true);
    const Deep: z.ZodType<unknown> = z.lazy(() =>
      z.object({ kids: z.array(Deep), tag: z.string().refine(async () => true) }),
    );
    const async = [
      z.object({ a: z.string().refine(() => true) }),
      z.object({ a: z.string() }).superRefine(() => {}),
      z.object({ a: z.string().check(() => {}) }),
      z.object({ a: z.string().transform((s) => s) }),
      z.object({ a: z.preprocess((v) => v, z.string()) }),
      z.object({ a: z.stringbool() }),
      z.object({ a: z.custom<string>((v) => typeof v === 'string') }),
      z.object({ a: z.instanceof(Date) }),
      z.object({ a: z.promise(z.string()) }),
      z.object({ deep: Deep }),
      z.object({
        a: z.array(
          z.object({
            b: z
              .number()
              .optional()
              .refine(() => true),
          }),
        ),
      }),
    ];
    for (const schema of async) expect(inputPlanOf(schema).sync).toBe(false);
  });

  it('needs the strict-mode null pass only where an optional property can take a null', () => {
    expect(inputPlanOf(z.object({ a: z.number(), b: z.array(z.string()) })).nulls).toBe(false);
    expect(inputPlanOf(z.object({ a: z.number().nullable().optional() })).nulls).toBe(false);
    expect(inputPlanOf(z.object({ a: z.object({ b: z.number().optional() }) })).nulls).toBe(true);
    expect(inputPlanOf(z.object({ a: z.array(z.object({ b: z.string().default('x') })) })).nulls).toBe(true);
    const Tree: z.ZodType<unknown> = z.lazy(() => z.object({ kids: z.array(Tree).optional() }));
    expect(inputPlanOf(z.object({ tree: Tree })).nulls).toBe(true);
  });
});

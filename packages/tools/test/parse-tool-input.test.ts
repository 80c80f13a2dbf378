import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, parseToolInput, parseToolInputAsync, ToolInputError } from '../src/index.js';

function toolWith<S extends z.ZodType>(input: S, strict = true) {
  return defineTool({
    name: 'probe',
    description: 'Returns its input.',
    input,
    strict,
    execute: (value) => value,
  });
}

function issuesOf(result: ReturnType<typeof parseToolInput>) {
  if (result.ok) throw new Error('expected the arguments to be refused');
  expect(result.error).toBeInstanceOf(ToolInputError);
  return result.error.issues;
}

describe('parseToolInput', () => {
  it('returns the validated value, with zod transforms and defaults applied', () => {
    const tool = toolWith(
      z.object({
        city: z.string().transform((s) => s.toUpperCase()),
        units: z.enum(['c', 'f']).default('c'),
      }),
    );
    expect(parseToolInput(tool, '{"city":"oslo","units":null}')).toEqual({
      ok: true,
      value: { city: 'OSLO', units: 'c' },
    });
  });

  it('turns null for an optional property into undefined, so execute sees what the author wrote', () => {
    const tool = toolWith(z.object({ city: z.string(), country: z.string().optional() }));
    const parsed = parseToolInput(tool, '{"city":"Oslo","country":null}');
    expect(parsed).toEqual({ ok: true, value: { city: 'Oslo' } });
    expect(parsed.ok && 'country' in parsed.value).toBe(false);
  });

  it('keeps null for a property the author made nullable', () => {
    const tool = toolWith(z.object({ note: z.string().nullable(), both: z.string().nullish() }));
    expect(parseToolInput(tool, '{"note":null,"both":null}')).toEqual({
      ok: true,
      value: { note: null, both: null },
    });
  });

  it('turns nulls into undefined at every depth: nested objects, arrays, unions and $refs', () => {
    const Address = z
      .object({ city: z.string(), zip: z.string().optional() })
      .meta({ id: 'AddressForParse' });
    const Node = z.object({
      name: z.string(),
      get children(): z.ZodOptional<z.ZodArray<typeof Node>> {
        return z.array(Node).optional();
      },
    });
    const tool = toolWith(
      z.object({
        home: Address,
        stops: z.array(z.object({ label: z.string(), at: z.string().optional() })),
        shape: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('circle'), radius: z.number().optional() }),
          z.object({ kind: z.literal('square'), side: z.number().nullable() }),
        ]),
        tree: Node,
        filter: z.object({ from: z.string().optional() }).optional(),
      }),
    );
    const parsed = parseToolInput(
      tool,
      JSON.stringify({
        home: { city: 'Oslo', zip: null },
        stops: [
          { label: 'a', at: null },
          { label: 'b', at: '10:00' },
        ],
        shape: { kind: 'square', side: null },
        tree: { name: 'root', children: [{ name: 'leaf', children: null }] },
        filter: null,
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        home: { city: 'Oslo' },
        stops: [{ label: 'a' }, { label: 'b', at: '10:00' }],
        shape: { kind: 'square', side: null },
        tree: { name: 'root', children: [{ name: 'leaf' }] },
      },
    });
  });

  it('leaves null alone for a tool that is not strict, where zod reports it', () => {
    const tool = toolWith(z.object({ country: z.string().optional() }), false);
    expect(issuesOf(parseToolInput(tool, '{"country":null}'))).toEqual([
      { path: 'country', message: 'Invalid input: expected string, received null' },
    ]);
  });

  it('treats empty arguments as an empty object', () => {
    expect(parseToolInput(toolWith(z.object({})), '')).toEqual({ ok: true, value: {} });
    expect(parseToolInput(toolWith(z.object({})), '  ')).toEqual({ ok: true, value: {} });
  });

  it('refuses invalid JSON, quoting the parse problem', () => {
    const issues = issuesOf(parseToolInput(toolWith(z.object({})), '{"city": Oslo}'));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message).toMatch(/^not valid JSON \(Unexpected token/);
  });

  it('refuses JSON that is not an object', () => {
    expect(issuesOf(parseToolInput(toolWith(z.object({})), '[1,2]'))).toEqual([
      { path: '', message: 'Invalid input: expected object, received array' },
    ]);
  });

  it('lists every issue with its path, calling a missing property Required', () => {
    const tool = toolWith(
      z.object({
        city: z.string(),
        days: z.int().min(1),
        stops: z.array(z.object({ name: z.string() })),
      }),
    );
    expect(issuesOf(parseToolInput(tool, '{"days":0,"stops":[{"name":"a"},{"name":5}]}'))).toEqual([
      { path: 'city', message: 'Required' },
      { path: 'days', message: 'Too small: expected number to be >=1' },
      { path: 'stops[1].name', message: 'Invalid input: expected string, received number' },
    ]);
  });

  it('reports a refinement of the whole object at the root', () => {
    const tool = toolWith(
      z.object({ from: z.number(), to: z.number() }).refine((r) => r.from <= r.to, 'from must not exceed to'),
    );
    expect(issuesOf(parseToolInput(tool, '{"from":3,"to":1}'))).toEqual([
      { path: '', message: 'from must not exceed to' },
    ]);
  });

  it('refuses a schema with async refinements, which runTool can check', async () => {
    const tool = toolWith(z.object({ id: z.string().refine(async (id) => id === 'ok', 'unknown id') }));
    expect(issuesOf(parseToolInput(tool, '{"id":"ok"}'))[0]?.message).toMatch(
      /could not be checked synchronously/,
    );
    expect(await parseToolInputAsync(tool, '{"id":"ok"}')).toEqual({ ok: true, value: { id: 'ok' } });
    expect(await parseToolInputAsync(tool, '{"id":"no"}')).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'id', message: 'unknown id' }] },
    });
  });
});

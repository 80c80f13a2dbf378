import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolDefinitionError, toStrictJsonSchema } from '../src/index.js';

const strict = (schema: z.ZodType) => toStrictJsonSchema(schema, { strict: true, toolName: 'tool' });
const loose = (schema: z.ZodType) => toStrictJsonSchema(schema, { strict: false, toolName: 'tool' });

function refusal(convert: () => unknown): ToolDefinitionError {
  try {
    convert();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolDefinitionError);
    return error as ToolDefinitionError;
  }
  throw new Error('expected a ToolDefinitionError');
}

describe('toStrictJsonSchema refuses in strict mode', () => {
  it.each([
    [
      'a record',
      z.object({ tags: z.record(z.string(), z.string()) }),
      'properties.tags',
      /keys the model would choose/,
    ],
    [
      'a loose object',
      z.object({ meta: z.looseObject({ a: z.string() }) }),
      'properties.meta',
      /accepts extra keys/,
    ],
    ['a catchall', z.object({ a: z.object({}).catchall(z.number()) }), 'properties.a', /accepts extra keys/],
    ['z.any()', z.object({ payload: z.any() }), 'properties.payload', /z\.any\(\) accepts any value/],
    [
      'z.unknown()',
      z.object({ list: z.array(z.unknown()) }),
      'properties.list.items',
      /z\.unknown\(\) accepts any value/,
    ],
    ['a tuple', z.object({ point: z.tuple([z.number(), z.number()]) }), 'properties.point', /tuple/],
    [
      'an unsupported format',
      z.object({ site: z.url() }),
      'properties.site',
      /format "uri" is not one strict mode supports/,
    ],
    ['z.never()', z.object({ nothing: z.never() }), 'properties.nothing', /`not`.*z\.never\(\)/],
    [
      'an intersection zod writes as allOf',
      z.object({ a: z.intersection(z.string(), z.string().min(1)) }),
      'properties.a',
      /`allOf` \(an intersection\)/,
    ],
    [
      'an unknown keyword',
      z.object({ a: z.string().meta({ 'x-secret': 1 }) }),
      'properties.a',
      /keyword `x-secret`/,
    ],
    [
      'a construct inside a union member',
      z.object({ u: z.union([z.string(), z.object({ m: z.map(z.string(), z.string()) })]) }),
      'properties.u.anyOf[1].properties.m',
      /z\.map\(\) value has no JSON form/,
    ],
    [
      'a construct inside $defs',
      z.object({ a: z.object({ r: z.record(z.string(), z.number()) }).meta({ id: 'WithRecord' }) }),
      '$defs.WithRecord.properties.r',
      /keys the model would choose/,
    ],
  ])('%s, naming its path', (_, schema, path, message) => {
    const error = refusal(() => strict(schema));
    expect(error.path).toBe(path);
    expect(error.toolName).toBe('tool');
    expect(error.message).toMatch(message);
  });

  it('says how to fix it, including strict: false', () => {
    expect(
      refusal(() => strict(z.object({ tags: z.record(z.string(), z.string()) }))).message,
    ).toMatchInlineSnapshot(
      `"Tool "tool": the input schema cannot be described in strict mode: at properties.tags, an object has keys the model would choose (z.record() or a map-like schema), but strict mode needs every key listed. Use z.object() with fixed keys, or an array of { key, value } objects, or define the tool with \`strict: false\`."`,
    );
  });

  it.each([
    ['a string', z.string(), /got type "string"/],
    ['an array', z.array(z.object({})), /got type "array"/],
    [
      'a union of objects',
      z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]),
      /got a union/,
    ],
    ['z.any()', z.any(), /got z\.any\(\)/],
  ])('a top level that is %s', (_, schema, message) => {
    const error = refusal(() => strict(schema));
    expect(error.message).toMatch(/`input` must describe a JSON object/);
    expect(error.message).toMatch(message);
  });

  it('a zod 3 style schema, with a clear message', () => {
    const error = refusal(() => strict({ _def: { typeName: 'ZodObject' } } as unknown as z.ZodType));
    expect(error.message).toMatch(/must be a zod 4 schema/);
  });
});

describe('toStrictJsonSchema with strict: false', () => {
  it('returns the plain input schema without $schema, optional properties staying optional', () => {
    expect(
      loose(
        z.object({
          city: z.string().min(1),
          units: z.enum(['c', 'f']).default('c'),
          extra: z.record(z.string(), z.unknown()).optional(),
          anything: z.any(),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "properties": {
          "anything": {},
          "city": {
            "minLength": 1,
            "type": "string",
          },
          "extra": {
            "additionalProperties": {},
            "propertyNames": {
              "type": "string",
            },
            "type": "object",
          },
          "units": {
            "default": "c",
            "enum": [
              "c",
              "f",
            ],
            "type": "string",
          },
        },
        "required": [
          "city",
          "anything",
        ],
        "type": "object",
      }
    `);
  });

  it.each([
    ['z.date()', z.object({ when: z.date() }), 'properties.when', /Use z\.iso\.datetime\(\)/],
    ['z.bigint()', z.object({ n: z.bigint() }), 'properties.n', /z\.number\(\)\.int\(\)/],
    ['z.set()', z.object({ s: z.set(z.string()) }), 'properties.s', /z\.array\(\)/],
    [
      'a bare transform',
      z.object({ t: z.transform((v) => String(v)) }),
      'properties.t',
      /transforms after a schema/,
    ],
    ['z.custom()', z.object({ c: z.custom<Buffer>() }), 'properties.c', /instead of z\.custom\(\)/],
  ])('still refuses %s, which JSON cannot carry', (_, schema, path, message) => {
    const error = refusal(() => loose(schema));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(/has no JSON form/);
    expect(error.message).toMatch(message);
  });
});

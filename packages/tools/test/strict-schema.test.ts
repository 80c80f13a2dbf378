import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toStrictJsonSchema } from '../src/index.js';

const strict = (schema: z.ZodType) => toStrictJsonSchema(schema, { strict: true, toolName: 'tool' });

describe('toStrictJsonSchema in strict mode', () => {
  it('closes every object, requires every property and drops $schema', () => {
    expect(
      strict(
        z.object({
          name: z.string().describe('Full name'),
          address: z.object({ street: z.string(), zip: z.string() }),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "address": {
            "additionalProperties": false,
            "properties": {
              "street": {
                "type": "string",
              },
              "zip": {
                "type": "string",
              },
            },
            "required": [
              "street",
              "zip",
            ],
            "type": "object",
          },
          "name": {
            "description": "Full name",
            "type": "string",
          },
        },
        "required": [
          "name",
          "address",
        ],
        "type": "object",
      }
    `);
  });

  it('makes optional properties nullable, keeping what was already nullable', () => {
    expect(
      strict(
        z.object({
          text: z.string().optional(),
          count: z.int().optional(),
          note: z.string().nullable(),
          both: z.string().nullish(),
          units: z.enum(['c', 'f']).optional(),
          kind: z.literal('x').optional(),
          mixed: z.union([z.string(), z.number()]).optional(),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "both": {
            "type": [
              "string",
              "null",
            ],
          },
          "count": {
            "type": [
              "integer",
              "null",
            ],
          },
          "kind": {
            "anyOf": [
              {
                "const": "x",
                "type": "string",
              },
              {
                "type": "null",
              },
            ],
          },
          "mixed": {
            "type": [
              "string",
              "number",
              "null",
            ],
          },
          "note": {
            "type": [
              "string",
              "null",
            ],
          },
          "text": {
            "type": [
              "string",
              "null",
            ],
          },
          "units": {
            "anyOf": [
              {
                "enum": [
                  "c",
                  "f",
                ],
                "type": "string",
              },
              {
                "type": "null",
              },
            ],
          },
        },
        "required": [
          "text",
          "count",
          "note",
          "both",
          "units",
          "kind",
          "mixed",
        ],
        "type": "object",
      }
    `);
  });

  it('makes optional objects and arrays nullable with anyOf, closing them too', () => {
    expect(
      strict(
        z.object({
          filter: z.object({ from: z.string().optional() }).optional(),
          tags: z.array(z.object({ label: z.string() })).optional(),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "filter": {
            "anyOf": [
              {
                "additionalProperties": false,
                "properties": {
                  "from": {
                    "type": [
                      "string",
                      "null",
                    ],
                  },
                },
                "required": [
                  "from",
                ],
                "type": "object",
              },
              {
                "type": "null",
              },
            ],
          },
          "tags": {
            "anyOf": [
              {
                "items": {
                  "additionalProperties": false,
                  "properties": {
                    "label": {
                      "type": "string",
                    },
                  },
                  "required": [
                    "label",
                  ],
                  "type": "object",
                },
                "type": "array",
              },
              {
                "type": "null",
              },
            ],
          },
        },
        "required": [
          "filter",
          "tags",
        ],
        "type": "object",
      }
    `);
  });

  it('moves a default into the description and makes the property nullable', () => {
    expect(
      strict(
        z.object({
          units: z.enum(['celsius', 'fahrenheit']).default('celsius').describe('Temperature units'),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "units": {
            "anyOf": [
              {
                "enum": [
                  "celsius",
                  "fahrenheit",
                ],
                "type": "string",
              },
              {
                "type": "null",
              },
            ],
            "description": "Temperature units. Default: "celsius".",
          },
        },
        "required": [
          "units",
        ],
        "type": "object",
      }
    `);
  });

  it('describes enums, literals and unions, turning a discriminated union into anyOf', () => {
    expect(
      strict(
        z.object({
          color: z.enum(['red', 'green']),
          exact: z.literal(7),
          either: z.union([z.string(), z.number()]),
          shape: z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('circle'), radius: z.number() }),
            z.object({ kind: z.literal('square'), side: z.number().optional() }),
          ]),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "color": {
            "enum": [
              "red",
              "green",
            ],
            "type": "string",
          },
          "either": {
            "type": [
              "string",
              "number",
            ],
          },
          "exact": {
            "const": 7,
            "type": "number",
          },
          "shape": {
            "anyOf": [
              {
                "additionalProperties": false,
                "properties": {
                  "kind": {
                    "const": "circle",
                    "type": "string",
                  },
                  "radius": {
                    "type": "number",
                  },
                },
                "required": [
                  "kind",
                  "radius",
                ],
                "type": "object",
              },
              {
                "additionalProperties": false,
                "properties": {
                  "kind": {
                    "const": "square",
                    "type": "string",
                  },
                  "side": {
                    "type": [
                      "number",
                      "null",
                    ],
                  },
                },
                "required": [
                  "kind",
                  "side",
                ],
                "type": "object",
              },
            ],
          },
        },
        "required": [
          "color",
          "exact",
          "either",
          "shape",
        ],
        "type": "object",
      }
    `);
  });

  it('keeps the constraints strict mode supports and drops zod’s default integer bounds', () => {
    expect(
      strict(
        z.object({
          code: z.string().regex(/^[A-Z]{3}$/),
          email: z.email(),
          day: z.iso.date(),
          at: z.iso.datetime(),
          id: z.uuid(),
          score: z.number().min(0).max(10).multipleOf(0.5),
          whole: z.int(),
          positive: z.number().positive(),
          items: z.array(z.string()).min(1).max(5),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "at": {
            "format": "date-time",
            "type": "string",
          },
          "code": {
            "pattern": "^[A-Z]{3}$",
            "type": "string",
          },
          "day": {
            "format": "date",
            "type": "string",
          },
          "email": {
            "format": "email",
            "type": "string",
          },
          "id": {
            "format": "uuid",
            "type": "string",
          },
          "items": {
            "items": {
              "type": "string",
            },
            "maxItems": 5,
            "minItems": 1,
            "type": "array",
          },
          "positive": {
            "exclusiveMinimum": 0,
            "type": "number",
          },
          "score": {
            "maximum": 10,
            "minimum": 0,
            "multipleOf": 0.5,
            "type": "number",
          },
          "whole": {
            "type": "integer",
          },
        },
        "required": [
          "code",
          "email",
          "day",
          "at",
          "id",
          "score",
          "whole",
          "positive",
          "items",
        ],
        "type": "object",
      }
    `);
  });

  it('moves checks strict mode rejects (lengths, several patterns) into the description', () => {
    expect(
      strict(
        z.object({
          username: z
            .string()
            .min(3)
            .max(20)
            .regex(/^[a-z]/)
            .regex(/[a-z]$/)
            .describe('Login name'),
          pin: z.string().length(1),
          hint: z.string().meta({ examples: ['abc'] }),
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "hint": {
            "description": "Examples: "abc".",
            "type": "string",
          },
          "pin": {
            "description": "Exactly 1 character.",
            "type": "string",
          },
          "username": {
            "description": "Login name. At least 3 characters. At most 20 characters. Must match /^[a-z]/ and /[a-z]$/.",
            "type": "string",
          },
        },
        "required": [
          "username",
          "pin",
          "hint",
        ],
        "type": "object",
      }
    `);
  });

  it('keeps $defs and $ref for recursive and registered schemas', () => {
    const Address = z.object({ city: z.string(), zip: z.string().optional() }).meta({ id: 'Address' });
    const Category = z.object({
      name: z.string(),
      get children(): z.ZodOptional<z.ZodArray<typeof Category>> {
        return z.array(Category).optional();
      },
    });
    expect(
      strict(z.object({ home: Address, work: Address.optional(), tree: Category })),
    ).toMatchInlineSnapshot(`
      {
        "$defs": {
          "Address": {
            "additionalProperties": false,
            "properties": {
              "city": {
                "type": "string",
              },
              "zip": {
                "type": [
                  "string",
                  "null",
                ],
              },
            },
            "required": [
              "city",
              "zip",
            ],
            "type": "object",
          },
          "__schema0": {
            "additionalProperties": false,
            "properties": {
              "children": {
                "anyOf": [
                  {
                    "items": {
                      "$ref": "#/$defs/__schema0",
                    },
                    "type": "array",
                  },
                  {
                    "type": "null",
                  },
                ],
              },
              "name": {
                "type": "string",
              },
            },
            "required": [
              "name",
              "children",
            ],
            "type": "object",
          },
        },
        "additionalProperties": false,
        "properties": {
          "home": {
            "$ref": "#/$defs/Address",
          },
          "tree": {
            "$ref": "#/$defs/__schema0",
          },
          "work": {
            "anyOf": [
              {
                "$ref": "#/$defs/Address",
              },
              {
                "type": "null",
              },
            ],
          },
        },
        "required": [
          "home",
          "work",
          "tree",
        ],
        "type": "object",
      }
    `);
  });

  it('refers to the root with $ref "#" for a recursive root', () => {
    const Node = z.object({
      value: z.string(),
      get next(): z.ZodOptional<typeof Node> {
        return Node.optional();
      },
    });
    expect(strict(Node)).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "next": {
            "anyOf": [
              {
                "$ref": "#",
              },
              {
                "type": "null",
              },
            ],
          },
          "value": {
            "type": "string",
          },
        },
        "required": [
          "value",
          "next",
        ],
        "type": "object",
      }
    `);
  });

  it('describes a transform by what it accepts (the input side)', () => {
    expect(strict(z.object({ when: z.string().transform((s) => new Date(s)) }))).toEqual({
      type: 'object',
      properties: { when: { type: 'string' } },
      required: ['when'],
      additionalProperties: false,
    });
  });

  it('describes an empty object', () => {
    expect(strict(z.object({}))).toEqual({
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: false,
    });
  });

  it('never shares objects with a later call', () => {
    const schema = z.object({ a: z.enum(['x']) });
    expect(strict(schema)).not.toBe(strict(schema));
    expect((strict(schema) as { properties: { a: { enum: string[] } } }).properties.a.enum).not.toBe(
      (strict(schema) as { properties: { a: { enum: string[] } } }).properties.a.enum,
    );
  });
});

import { z } from 'zod';
import { describeThrown } from './contract/describe.js';
import { atCallerOf } from './internal/caller-stack.js';
import { assertObjectRoot, isZodSchema } from './internal/schema-checks.js';
import { type SchemaSubject, toolSubject } from './internal/schema-subject.js';
import { ANY_KINDS, UNREPRESENTABLE_KINDS, walkSchema, ZOD_KIND_MARK } from './internal/strict-walker.js';

/**
 * Options of {@link toStrictJsonSchema}.
 *
 * @example
 * ```ts
 * import type { StrictJsonSchemaOptions } from '@turnkit/tools';
 * const options: StrictJsonSchemaOptions = { strict: true, toolName: 'get_weather' };
 * ```
 */
export interface StrictJsonSchemaOptions {
  /** Produce a strict-mode schema (`true`) or the plain JSON Schema of the input (`false`). */
  strict: boolean;
  /** The tool the schema is for; named in errors. */
  toolName: string;
}

/**
 * Turns a tool's zod input schema into the JSON Schema sent to the model as the tool's
 * `parameters`.
 *
 * It uses zod 4's own `z.toJSONSchema` (draft 2020-12) on the **input** side of the schema
 * (`io: 'input'`): the model produces what goes *into* `schema.parse`, so a field with a
 * `.default()` is optional, and a `.transform()` is described by what it accepts, not by what it
 * returns.
 *
 * With `strict: true` the result is rewritten for the Responses API's strict mode: every object
 * gets `additionalProperties: false` and lists all its properties in `required`; a property that
 * was optional becomes nullable (`type: [..., 'null']`, or `anyOf` with `{type: 'null'}`), and
 * `parseToolInput` turns a `null` the model sends for it back into `undefined`. `oneOf` (zod's
 * discriminated unions) becomes `anyOf`. Keywords strict mode rejects but that zod checks anyway
 * when the arguments come back (`minLength`, `maxLength`, `default`, several `.regex()` …) move
 * into the node's `description`, so the model still learns the rule. `$schema` is removed.
 *
 * @throws {ToolDefinitionError} when the top level is not an object, when the schema holds a type
 * JSON cannot carry (`z.date()`, `z.bigint()`, `z.map()`, a bare `z.transform()` …), or — only
 * with `strict: true` — a construct strict mode cannot express: records and other objects with
 * open keys, `z.any()`/`z.unknown()`, tuples, intersections, formats other than date-time, time,
 * date, duration, email, hostname, ipv4, ipv6 and uuid. `error.path` names the place in the JSON
 * Schema; the message says how to fix it (often: `strict: false`).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { toStrictJsonSchema } from '@turnkit/tools';
 * const parameters = toStrictJsonSchema(
 *   z.object({ city: z.string(), units: z.enum(['c', 'f']).optional() }),
 *   { strict: true, toolName: 'get_weather' },
 * );
 * // {
 * //   type: 'object',
 * //   properties: { city: { type: 'string' }, units: { anyOf: [{ type: 'string', enum: ['c', 'f'] }, { type: 'null' }] } },
 * //   required: ['city', 'units'],
 * //   additionalProperties: false,
 * // }
 * ```
 * @see https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
 * @see https://zod.dev/json-schema
 */
export function toStrictJsonSchema(
  schema: z.ZodType,
  options: StrictJsonSchemaOptions,
): Record<string, unknown> {
  return atCallerOf(toStrictJsonSchema, () => convert(schema, options));
}

function convert(schema: z.ZodType, options: StrictJsonSchemaOptions): Record<string, unknown> {
  const { strict, toolName } = options;
  const subject = toolSubject(toolName);
  if (!isZodSchema(schema)) {
    subject.fail(
      `Tool "${toolName}": \`input\` must be a zod 4 schema such as z.object({ city: z.string() }) ` +
        "(import { z } from 'zod', version 4; zod 3 schemas are not supported).",
      '',
    );
  }
  return convertZodSchema(schema, subject, strict);
}

/**
 * The JSON Schema of a zod schema's input side, object at the top level, strict (or plain) as
 * {@link toStrictJsonSchema} describes; refusals are the subject's errors.
 */
export function convertZodSchema(
  schema: z.ZodType,
  subject: SchemaSubject,
  strict: boolean,
): Record<string, unknown> {
  let generated: Record<string, unknown>;
  try {
    generated = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
      cycles: 'ref',
      reused: 'inline',
      override: ({ zodSchema, jsonSchema }) => {
        const kind = zodSchema._zod.def.type;
        if (UNREPRESENTABLE_KINDS.has(kind) || ANY_KINDS.has(kind)) {
          (jsonSchema as Record<string, unknown>)[ZOD_KIND_MARK] = kind;
        }
      },
    }) as Record<string, unknown>;
  } catch (error) {
    return subject.fail(
      `${subject.label}: zod could not turn the ${subject.schema} into JSON Schema: ${describeThrown(error)}`,
      '',
      error,
    );
  }
  delete generated.$schema;
  assertObjectRoot(generated, subject);
  // A copy: nothing in the result may share arrays or objects with zod's own definitions.
  return structuredClone(walkSchema(generated, '', { subject, mode: strict ? 'transform' : 'loose' }));
}

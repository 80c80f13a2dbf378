import type { z } from 'zod';
import { describeThrown } from './contract/describe.js';
import { OutputSchemaError, type ToolInputIssue } from './contract/errors.js';
import { atCallerOf } from './internal/caller-stack.js';
import { formatIssuePath } from './internal/json-path.js';
import { nullsToUndefined } from './internal/nulls-to-undefined.js';
import { isZodSchema } from './internal/schema-checks.js';
import type { SchemaSubject } from './internal/schema-subject.js';
import { TOOL_NAME_PATTERN } from './internal/tool-options.js';
import { convertZodSchema } from './strict-schema.js';

/**
 * Options of {@link toStrictOutputSchema}.
 *
 * @example
 * ```ts
 * import type { StrictOutputSchemaOptions } from '@turnkit/tools';
 * const options: StrictOutputSchemaOptions = { name: 'invoice_answer', strict: true };
 * ```
 */
export interface StrictOutputSchemaOptions {
  /** The output's name, sent as `text.format.name`: 1–64 letters, digits, `_` or `-`. */
  name: string;
  /** Produce a strict-mode schema (`true`) or the plain JSON Schema of the output (`false`). */
  strict: boolean;
}

function outputSubject(name: string): SchemaSubject {
  return {
    label: `Output "${name}"`,
    schema: 'output schema',
    strictFix: 'or give the output `strict: false` (it is then checked only when it comes back)',
    rootRefusal: (got) =>
      `Output "${name}": the output schema must describe a JSON object, e.g. z.object({ answer: z.string() }); got ${got}. ` +
      'Structured outputs are one object at the top level. Wrap other types in a property, ' +
      'e.g. z.object({ items: z.array(z.string()) }).',
    fail(message, path, cause) {
      throw new OutputSchemaError(name, message, cause === undefined ? { path } : { path, cause });
    },
  };
}

/**
 * Turns an agent's zod output schema into the JSON Schema of its structured output, sent as
 * `text: {format: {type: "json_schema", name, schema, strict}}`. The same converter as a tool's
 * input (see `toStrictJsonSchema`), with the same rules: with `strict: true` every object is
 * closed and lists all its properties in `required`, optional properties become nullable (and
 * {@link parseStructuredOutput} turns a `null` back into `undefined`), keywords strict mode
 * rejects but zod checks move into descriptions.
 *
 * @throws {OutputSchemaError} when the name is not 1–64 of `[a-zA-Z0-9_-]`, the schema is not a
 * zod 4 schema of an object, holds a type JSON cannot carry, or (with `strict: true`) a construct
 * strict mode cannot express; `error.path` names the place, the message the fix.
 * @example
 * ```ts
 * import { toStrictOutputSchema } from '@turnkit/tools';
 * import { z } from 'zod';
 * const schema = toStrictOutputSchema(z.object({ total: z.number(), currency: z.enum(['EUR', 'USD']) }), {
 *   name: 'invoice_total',
 *   strict: true,
 * });
 * ```
 * @see https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
 */
export function toStrictOutputSchema(
  schema: z.ZodType,
  options: StrictOutputSchemaOptions,
): Record<string, unknown> {
  return atCallerOf(toStrictOutputSchema, () => convertOutput(schema, options));
}

function convertOutput(schema: z.ZodType, options: StrictOutputSchemaOptions): Record<string, unknown> {
  const { name, strict } = options;
  const shown = typeof name === 'string' ? name : String(name);
  if (typeof name !== 'string' || !TOOL_NAME_PATTERN.test(name)) {
    throw new OutputSchemaError(
      shown,
      `Output name ${JSON.stringify(name) ?? String(name)} is invalid: it must be 1 to 64 characters of ` +
        'letters, digits, "_" or "-" (e.g. "invoice_answer"), as the Responses API requires of `text.format.name`.',
    );
  }
  const subject = outputSubject(name);
  if (!isZodSchema(schema)) {
    subject.fail(
      `Output "${name}": the output schema must be a zod 4 schema such as z.object({ answer: z.string() }) ` +
        "(import { z } from 'zod', version 4; zod 3 schemas are not supported).",
      '',
    );
  }
  return convertZodSchema(schema, subject, strict);
}

/**
 * The outcome of {@link parseStructuredOutput}: the validated value, or why the text was refused.
 *
 * @example
 * ```ts
 * import { type ParseStructuredOutputResult, parseStructuredOutput } from '@turnkit/tools';
 * import { z } from 'zod';
 * const schema = z.object({ total: z.number() });
 * const parsed: ParseStructuredOutputResult<{ total: number }> = await parseStructuredOutput(schema, '{"total":3}', { strict: true });
 * ```
 */
export type ParseStructuredOutputResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** `invalid_json`: the text is not JSON; `not_an_object`: it is JSON but not an object; `schema_mismatch`: the schema refused it. */
      problem: 'invalid_json' | 'not_an_object' | 'schema_mismatch';
      issues: ToolInputIssue[];
    };

/**
 * Parses a model's structured output text and validates it: `JSON.parse`, then (for a strict
 * schema) a `null` sent for a property the schema has as optional becomes a missing property,
 * then zod's async parse (so transforms and defaults apply). Without a schema (plain
 * `json_object` mode), any JSON object is accepted. Never throws.
 *
 * @example
 * ```ts
 * import { parseStructuredOutput } from '@turnkit/tools';
 * import { z } from 'zod';
 * const schema = z.object({ total: z.number() });
 * declare const text: string; // the model's answer
 * const parsed = await parseStructuredOutput(schema, text, { strict: true });
 * if (!parsed.ok) console.log(parsed.problem, parsed.issues); // 'schema_mismatch', [{ path: 'total', message: 'Required' }]
 * ```
 */
export async function parseStructuredOutput<T>(
  schema: z.ZodType<T> | undefined,
  text: string,
  options: { strict: boolean },
): Promise<ParseStructuredOutputResult<T>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: 'invalid_json',
      issues: [{ path: '', message: `not valid JSON (${describeThrown(error)})` }],
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      problem: 'not_an_object',
      issues: [
        {
          path: '',
          message: `expected a JSON object, got ${Array.isArray(json) ? 'an array' : String(json === null ? 'null' : typeof json)}`,
        },
      ],
    };
  }
  if (!schema) return { ok: true, value: json as T };
  try {
    const result = await schema.safeParseAsync(options.strict ? nullsToUndefined(schema, json) : json);
    if (result.success) return { ok: true, value: result.data };
    return {
      ok: false,
      problem: 'schema_mismatch',
      issues: result.error.issues.map((issue) => ({
        path: formatIssuePath(issue.path),
        message: missing(json, issue.path) ? 'Required' : issue.message,
      })),
    };
  } catch (error) {
    return {
      ok: false,
      problem: 'schema_mismatch',
      issues: [{ path: '', message: `the schema's check threw: ${describeThrown(error)}` }],
    };
  }
}

function missing(root: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return true;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current === undefined;
}

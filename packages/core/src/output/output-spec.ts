import type { ParseStructuredOutputResult } from '@turnkit/tools';
import { OutputSchemaError, parseStructuredOutput, toStrictOutputSchema } from '@turnkit/tools';
import type { ResponseFormatTextConfig } from 'openai/resources/responses/responses';
import type { z } from 'zod';
import { ConfigurationError } from '../errors/input-errors.js';

/**
 * A structured final output described by a zod schema, sent as
 * `text: {format: {type: "json_schema", name, schema, strict}}`.
 *
 * @example
 * ```ts
 * import type { JsonSchemaOutput } from '@turnkit/core';
 * import { z } from 'zod';
 * const output: JsonSchemaOutput = { schema: z.object({ total: z.number() }), name: 'invoice_total' };
 * ```
 */
export interface JsonSchemaOutput<S extends z.ZodType = z.ZodType> {
  type?: 'json_schema';
  /** The shape of the final answer: a zod 4 object schema. */
  schema: S;
  /** `text.format.name`: 1–64 of `[a-zA-Z0-9_-]`; default the agent's name followed by `_output`. */
  name?: string;
  /** `text.format.description`: what the output is for, for the model. */
  description?: string;
  /**
   * Strict mode (default `true`): the service makes the model's JSON fit the schema. `false` sends
   * the plain schema (for constructs strict mode cannot express); it is then only checked here.
   */
  strict?: boolean;
}

/**
 * Plain JSON mode, `text: {format: {type: "json_object"}}`: the model answers with some JSON
 * object. A `schema`, when given, is not sent; the answer is checked against it when it comes back.
 *
 * @example
 * ```ts
 * import type { JsonObjectOutput } from '@turnkit/core';
 * const output: JsonObjectOutput = { type: 'json_object' };
 * ```
 */
export interface JsonObjectOutput<S extends z.ZodType | undefined = z.ZodType | undefined> {
  type: 'json_object';
  schema?: S;
}

/**
 * What `createAgent({ output })` takes: a zod object schema (the short form of
 * {@link JsonSchemaOutput}), a {@link JsonSchemaOutput}, or a {@link JsonObjectOutput}.
 */
export type OutputOption = z.ZodType | JsonSchemaOutput | JsonObjectOutput;

/**
 * The type of `result.finalOutput` for an output option: the schema's output type, a JSON object
 * for plain JSON mode without a schema, and the answer's text without an output option.
 *
 * @example
 * ```ts
 * import type { OutputOf } from '@turnkit/core';
 * import { z } from 'zod';
 * const answerSchema = z.object({ total: z.number() });
 * type Answer = OutputOf<typeof answerSchema>; // { total: number }
 * ```
 */
export type OutputOf<O> = [O] extends [undefined]
  ? string
  : O extends z.ZodType
    ? z.output<O>
    : O extends { type: 'json_object'; schema?: infer S }
      ? S extends z.ZodType
        ? z.output<S>
        : Record<string, unknown>
      : O extends { schema: infer S extends z.ZodType }
        ? z.output<S>
        : string;

/**
 * An agent's output option, checked: what goes on the wire (`format`) and how the answer is read
 * (`parse`). `AgentConfig.output` holds it.
 *
 * @example
 * ```ts
 * import type { Agent } from '@turnkit/core';
 * declare const agent: Agent;
 * agent.config.output?.format; // { type: 'json_schema', name: 'billing_output', schema: { … }, strict: true }
 * ```
 */
export interface ResolvedOutput {
  /** Structured output with a schema, or plain JSON mode. */
  kind: 'json_schema' | 'json_object';
  /** The `text.format` of every request. */
  format: ResponseFormatTextConfig;
  /** The output's name (json_schema), or `json_object`. */
  name: string;
  /** Parses and validates the final answer's text. Never throws. */
  parse(text: string): Promise<ParseStructuredOutputResult<unknown>>;
}

const isZod = (value: unknown): value is z.ZodType =>
  typeof value === 'object' && value !== null && '_zod' in value;

/** A default output name from the agent's name: letters, digits, `_` and `-` only, at most 64. */
function defaultName(agentName: string): string {
  const base = agentName.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'agent';
  return `${base.slice(0, 57)}_output`;
}

/**
 * Checks an agent's `output` option and resolves it (see {@link OutputOption}).
 *
 * @throws {ConfigurationError} for something that is not an output option.
 * @throws {OutputSchemaError} for a schema the Responses API cannot take (strict mode cannot
 *   express it, JSON cannot carry it, or it is not an object), naming the output, the path and the fix.
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { resolveOutput } from './output-spec.js';
 * const resolved = resolveOutput(z.object({ total: z.number() }), 'billing'); // name 'billing_output'
 * ```
 */
export function resolveOutput(option: unknown, agentName: string): ResolvedOutput | undefined {
  if (option === undefined) return undefined;
  const spec: unknown = isZod(option) ? { schema: option } : option;
  if (spec === null || typeof spec !== 'object') {
    throw new ConfigurationError(
      'agent.output',
      '`output` must be a zod object schema, { schema, name?, description?, strict? } or { type: "json_object", schema? }.',
    );
  }
  const s = spec as {
    type?: unknown;
    schema?: z.ZodType;
    name?: string;
    description?: unknown;
    strict?: unknown;
  };
  if (s.type === 'json_object') {
    const schema = s.schema;
    if (schema !== undefined && !isZod(schema)) {
      throw new ConfigurationError(
        'agent.output.schema',
        '`output.schema` must be a zod 4 schema when given.',
      );
    }
    return {
      kind: 'json_object',
      format: { type: 'json_object' },
      name: 'json_object',
      parse: (text) => parseStructuredOutput(schema, text, { strict: false }),
    };
  }
  if (s.type !== undefined && s.type !== 'json_schema') {
    throw new ConfigurationError(
      'agent.output.type',
      `\`output.type\` must be "json_schema" (the default) or "json_object", got ${JSON.stringify(s.type)}.`,
    );
  }
  if (s.strict !== undefined && typeof s.strict !== 'boolean') {
    throw new ConfigurationError('agent.output.strict', '`output.strict` must be true or false.');
  }
  if (s.description !== undefined && (typeof s.description !== 'string' || s.description.trim() === '')) {
    throw new ConfigurationError(
      'agent.output.description',
      '`output.description` must be a non-empty string.',
    );
  }
  const name = s.name ?? defaultName(agentName);
  const strict = (s.strict as boolean | undefined) ?? true;
  if (s.schema === undefined) {
    throw new OutputSchemaError(
      name,
      `Output "${name}" needs a \`schema\`: a zod object schema such as z.object({ answer: z.string() }).`,
    );
  }
  const jsonSchema = toStrictOutputSchema(s.schema, { name, strict });
  const schema = s.schema;
  return {
    kind: 'json_schema',
    format: {
      type: 'json_schema',
      name,
      schema: jsonSchema,
      strict,
      ...(s.description !== undefined ? { description: s.description } : {}),
    },
    name,
    parse: (text) => parseStructuredOutput(schema, text, { strict }),
  };
}

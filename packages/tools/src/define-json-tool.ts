import { z } from 'zod';
import { describeThrown } from './contract/describe.js';
import { ToolDefinitionError } from './contract/errors.js';
import type { AnyDeps, FunctionToolDefinition, Tool, ToolContext } from './contract/tool.js';
import { atCallerOf } from './internal/caller-stack.js';
import { deepFreeze } from './internal/deep-freeze.js';
import { assertObjectRoot } from './internal/schema-checks.js';
import { toolSubject } from './internal/schema-subject.js';
import { walkSchema } from './internal/strict-walker.js';
import { checkToolOptions } from './internal/tool-options.js';

/**
 * The options of {@link defineJsonTool}.
 *
 * @typeParam Output - what `execute` returns.
 * @typeParam Deps - the app dependencies `execute` expects in `ctx.deps`.
 *
 * @example
 * ```ts
 * import type { DefineJsonToolOptions } from '@turnkit/tools';
 * const options: DefineJsonToolOptions<string> = {
 *   name: 'echo', description: 'Echo the text.',
 *   parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
 *   execute: ({ text }) => String(text),
 * };
 * ```
 */
export interface DefineJsonToolOptions<Output, Deps = AnyDeps> {
  /** 1–64 letters, digits, `_` or `-`; unique among an agent's tools. */
  name: string;
  /** What the tool does and when to use it, for the model. */
  description: string;
  /** The JSON Schema of the arguments: an object schema (`"type": "object"`), sent as it is. */
  parameters: Record<string, unknown>;
  /** Does the work with the arguments object. Should honour `ctx.signal`. */
  execute: (input: Record<string, unknown>, ctx: ToolContext<Deps>) => Output | Promise<Output>;
  /**
   * Send the schema with `strict: true`. Off by default: a hand-written or foreign schema rarely
   * meets strict mode's rules, and this function checks them rather than rewriting the schema.
   */
  strict?: boolean;
  /** Time limit of one call in milliseconds; none by default. */
  timeoutMs?: number;
  /**
   * The largest output of one call, in bytes of UTF-8 as sent (the string, or the JSON of the
   * content parts); a larger one becomes a `ToolOutputTooLargeError` the model reads. A positive
   * whole number, or `Infinity` for no cap; `DEFAULT_MAX_OUTPUT_BYTES` (1 MiB) by default.
   */
  maxOutputBytes?: number;
  /** Whether a call must be approved before it runs; `false` by default. */
  needsApproval?:
    | boolean
    | ((input: Record<string, unknown>, ctx: ToolContext<Deps>) => boolean | Promise<boolean>);
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

function jsonTypeOf(value: unknown): JsonType | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

function fitsType(value: unknown, expected: unknown): boolean {
  const actual = jsonTypeOf(value);
  const types = Array.isArray(expected) ? expected : [expected];
  return types.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

/**
 * The validator of a JSON tool: the arguments must be a JSON object, with every `required`
 * property present, each top-level property of the declared `type` (when it declares one), and no
 * unknown keys when `additionalProperties` is `false`. Deeper rules are left to the tool.
 */
function jsonObjectValidator(parameters: Record<string, unknown>): z.ZodType<Record<string, unknown>> {
  const properties =
    typeof parameters.properties === 'object' && parameters.properties !== null
      ? (parameters.properties as Record<string, Record<string, unknown> | undefined>)
      : {};
  const required = Array.isArray(parameters.required)
    ? parameters.required.filter((key): key is string => typeof key === 'string')
    : [];
  const closed = parameters.additionalProperties === false;
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    for (const key of required) {
      if (value[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'Required' });
    }
    for (const [key, item] of Object.entries(value)) {
      const property = properties[key];
      if (property === undefined) {
        if (closed) ctx.addIssue({ code: 'custom', path: [key], message: 'Unknown property' });
        continue;
      }
      if (
        typeof property === 'object' &&
        property !== null &&
        'type' in property &&
        !fitsType(item, property.type)
      ) {
        const expected = Array.isArray(property.type) ? property.type.join(' or ') : String(property.type);
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `Expected ${expected}, received ${jsonTypeOf(item)}`,
        });
      }
    }
  });
}

/**
 * Defines a function tool from a raw JSON Schema instead of zod — for schemas that come from
 * elsewhere (an MCP server, an OpenAPI document, a config file). The schema is sent as it is
 * (minus `$schema`); the arguments are checked cheaply before `execute` runs (a JSON object, the
 * `required` properties present, top-level property types, no unknown keys when the schema is
 * closed), and `execute` receives the arguments object.
 *
 * `strict` defaults to `false`. With `strict: true` the schema must already meet strict mode's
 * rules — every object closed with `additionalProperties: false` and listing all its properties in
 * `required`, only supported keywords — and is checked, not rewritten.
 *
 * @throws {ToolDefinitionError} for a bad name, description, `timeoutMs`, `maxOutputBytes` or `execute`; when
 * `parameters` is not a JSON object schema; and, with `strict: true`, naming the path of the first
 * place that breaks strict mode's rules.
 *
 * @example
 * ```ts
 * import { defineJsonTool } from '@turnkit/tools';
 * declare const orders: { get(id: string, options: { signal: AbortSignal }): Promise<unknown> };
 * const lookup = defineJsonTool({
 *   name: 'lookup_order',
 *   description: 'Look up an order by its id.',
 *   parameters: {
 *     type: 'object',
 *     properties: { id: { type: 'string', description: 'Order id, e.g. "A-1001"' } },
 *     required: ['id'],
 *   },
 *   execute: async ({ id }, { signal }) => orders.get(String(id), { signal }),
 * });
 * ```
 * @see https://json-schema.org/draft/2020-12
 */
export function defineJsonTool<Output, Deps = AnyDeps>(
  options: DefineJsonToolOptions<Output, Deps>,
): Tool<Record<string, unknown>, Output, Deps> {
  return atCallerOf(defineJsonTool, () => buildJsonTool(options));
}

function buildJsonTool<Output, Deps>(
  options: DefineJsonToolOptions<Output, Deps>,
): Tool<Record<string, unknown>, Output, Deps> {
  const checked = checkToolOptions(options, false);
  const raw = options.parameters;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ToolDefinitionError(
      checked.name,
      `Tool "${checked.name}": \`parameters\` must be a JSON Schema object such as ` +
        '{ "type": "object", "properties": { … } }.',
    );
  }
  let parameters: Record<string, unknown>;
  try {
    parameters = structuredClone(raw);
  } catch (error) {
    throw new ToolDefinitionError(
      checked.name,
      `Tool "${checked.name}": \`parameters\` must be plain JSON (${describeThrown(error)}).`,
      { cause: error },
    );
  }
  delete parameters.$schema;
  assertObjectRoot(parameters, toolSubject(checked.name));
  if (checked.strict) walkSchema(parameters, '', { subject: toolSubject(checked.name), mode: 'verify' });

  const definition: FunctionToolDefinition = {
    type: 'function',
    name: checked.name,
    description: checked.description,
    parameters,
    strict: checked.strict,
  };
  const tool: Tool<Record<string, unknown>, Output, Deps> = {
    kind: 'function',
    name: checked.name,
    description: checked.description,
    strict: checked.strict,
    timeoutMs: checked.timeoutMs,
    maxOutputBytes: checked.maxOutputBytes,
    needsApproval: checked.needsApproval as Tool<Record<string, unknown>, Output, Deps>['needsApproval'],
    input: jsonObjectValidator(parameters),
    parameters,
    definition,
    execute: options.execute,
  };
  deepFreeze(parameters);
  Object.freeze(definition);
  return Object.freeze(tool);
}

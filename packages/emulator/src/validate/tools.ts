import {
  type HttpError,
  invalidRequest,
  invalidType,
  invalidValue,
  missingParameter,
} from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';
import { validateCodeInterpreterTool } from './code-interpreter-tool.js';
import { validateComputerTool, validateComputerUseTool } from './computer-use.js';
import { validateImageGenerationTool } from './image-generation-tool.js';
import { jsonSchemaProblem } from './json-schema-check.js';
import { validateMcpTool } from './mcp-tool.js';
import { SEARCH_TOOL_VALIDATORS } from './search-tools.js';

/** The `tools[].type` values of the API reference's `Tool` union. */
export const TOOL_TYPES = [
  'function',
  'file_search',
  'computer',
  'computer_use_preview',
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'mcp',
  'code_interpreter',
  'programmatic_tool_calling',
  'image_generation',
  'local_shell',
  'shell',
  'custom',
  'namespace',
  'tool_search',
  'apply_patch',
] as const;

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Validates `tools` and returns them as the Response echoes them: function tools get
 * `description: null` when absent and `strict` resolved (an explicit value is kept; when absent it
 * is `true` if the schema satisfies strict mode and `false` otherwise). Hosted MCP tools are
 * validated and echoed with their defaults and credentials redacted (see `validateMcpTool`), and so
 * are the web and file search tools (see `search-tools.ts`). Other tool types are echoed unchanged.
 *
 * @throws {HttpError} 400 for a non-array, an unknown tool type, a bad function name (must match
 * `^[a-zA-Z0-9_-]{1,64}$`), parameters that are not a JSON Schema object or break the JSON Schema
 * meta-schema (`'strin' is not valid under any of the given schemas`), a `strict: true` schema
 * that breaks strict mode (`param: "tools[i].parameters"`, `code: "invalid_function_parameters"`),
 * or a duplicate tool name.
 * @example
 * import { validateTools } from './tools.js';
 * validateTools([{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }]);
 */
export function validateTools(value: unknown): JsonObject[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidType('tools', 'an array', value);
  const seen = new Map<string, number>();
  const mcpLabels = new Map<string, number>();
  return value.map((tool: unknown, i) => {
    const param = `tools[${i}]`;
    if (typeof tool !== 'object' || tool === null || Array.isArray(tool)) {
      throw invalidType(param, 'an object', tool);
    }
    const t = tool as JsonObject;
    if (t.type === undefined) throw missingParameter(`${param}.type`);
    if (typeof t.type !== 'string' || !(TOOL_TYPES as readonly string[]).includes(t.type)) {
      throw invalidValue(`${param}.type`, t.type, TOOL_TYPES);
    }
    const normalized =
      t.type === 'function'
        ? validateFunctionTool(t, param)
        : t.type === 'mcp'
          ? validateMcpTool(t, i, mcpLabels)
          : t.type === 'code_interpreter'
            ? validateCodeInterpreterTool(t, param)
            : t.type === 'image_generation'
              ? validateImageGenerationTool(t, param)
              : t.type === 'computer_use_preview'
                ? validateComputerUseTool(t, param)
                : t.type === 'computer'
                  ? validateComputerTool(t, param)
                  : (SEARCH_TOOL_VALIDATORS[t.type]?.(t, param) ?? t);
    const name = typeof t.name === 'string' && (t.type === 'function' || t.type === 'custom') ? t.name : null;
    if (name !== null) {
      const first = seen.get(name);
      if (first !== undefined) {
        throw invalidRequest(
          `Duplicate tool name: '${name}' is defined in both tools[${first}] and ${param}. Tool names must be unique.`,
          `${param}.name`,
          'duplicate_tool_name',
        );
      }
      seen.set(name, i);
    }
    return normalized;
  });
}

function validateFunctionTool(tool: JsonObject, param: string): JsonObject {
  if (tool.name === undefined) throw missingParameter(`${param}.name`);
  if (typeof tool.name !== 'string') throw invalidType(`${param}.name`, 'a string', tool.name);
  if (!FUNCTION_NAME.test(tool.name)) {
    throw invalidRequest(
      `Invalid '${param}.name': string does not match pattern. Expected a string that matches the pattern '${FUNCTION_NAME.source}'.`,
      `${param}.name`,
      'invalid_value',
    );
  }
  if (tool.description !== undefined && tool.description !== null && typeof tool.description !== 'string') {
    throw invalidType(`${param}.description`, 'a string', tool.description);
  }
  if (tool.strict !== undefined && tool.strict !== null && typeof tool.strict !== 'boolean') {
    throw invalidType(`${param}.strict`, 'a boolean', tool.strict);
  }
  const parameters = tool.parameters ?? null;
  if (parameters !== null) {
    const problem = objectSchemaProblem(parameters) ?? metaSchemaProblem(parameters);
    if (problem) throw functionSchemaError(tool.name, `${param}.parameters`, problem);
  }
  const strictProblem = parameters === null ? null : strictSchemaProblem(parameters as JsonObject, []);
  if (tool.strict === true && strictProblem) {
    throw functionSchemaError(tool.name, `${param}.parameters`, strictProblem);
  }
  const { type: _type, name, description, parameters: _p, strict, ...rest } = tool;
  return {
    type: 'function',
    description: description ?? null,
    name,
    parameters,
    strict: typeof strict === 'boolean' ? strict : parameters !== null && strictProblem === null,
    ...rest,
  };
}

function functionSchemaError(name: string, param: string, problem: string): HttpError {
  return invalidRequest(
    `Invalid schema for function '${name}': ${problem}`,
    param,
    'invalid_function_parameters',
  );
}

function metaSchemaProblem(schema: unknown): string | null {
  const problem = jsonSchemaProblem(schema);
  return problem === null ? null : `${problem}.`;
}

function objectSchemaProblem(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return `schema must be a JSON Schema of 'type: "object"', got ${JSON.stringify(schema)}.`;
  }
  const type = (schema as JsonObject).type;
  if (type !== undefined && type !== 'object') {
    return `schema must be a JSON Schema of 'type: "object"', got 'type: ${JSON.stringify(type)}'.`;
  }
  return null;
}

/**
 * Returns why a JSON Schema does not satisfy strict mode, or `null` when it does. Strict mode
 * requires every object schema (the root, nested `properties`, `items`, `anyOf`/`oneOf`/`allOf`
 * branches, `$defs`/`definitions`) to set `additionalProperties: false` and to list every key of
 * `properties` in `required`. Messages follow the real API:
 * `In context=('properties', 'location'), 'additionalProperties' is required to be supplied and to be false.`
 *
 * @example
 * import { strictSchemaProblem } from './tools.js';
 * strictSchemaProblem({ type: 'object', properties: { a: { type: 'string' } } }, []);
 * // "In context=(), 'additionalProperties' is required to be supplied and to be false."
 */
export function strictSchemaProblem(schema: JsonObject, path: readonly string[]): string | null {
  const context = `In context=(${path.map((p) => `'${p}'`).join(', ')}${path.length === 1 ? ',' : ''})`;
  const type = schema.type;
  const isObject =
    type === 'object' ||
    (Array.isArray(type) && type.includes('object')) ||
    (type === undefined && typeof schema.properties === 'object');
  if (isObject) {
    if (schema.additionalProperties !== false) {
      return `${context}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    const missing = Object.keys(properties).filter((key) => !required.includes(key));
    if (!Array.isArray(schema.required) || missing.length > 0) {
      const detail = missing.length > 0 ? ` Missing '${missing[0]}'.` : '';
      return `${context}, 'required' is required to be supplied and to be an array including every key in properties.${detail}`;
    }
    for (const [key, sub] of Object.entries(properties)) {
      const problem = subSchemaProblem(sub, [...path, 'properties', key]);
      if (problem) return problem;
    }
  }
  for (const key of ['$defs', 'definitions'] as const) {
    const defs = schema[key];
    if (!isJsonObject(defs)) continue;
    for (const [name, sub] of Object.entries(defs)) {
      const problem = subSchemaProblem(sub, [...path, key, name]);
      if (problem) return problem;
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    for (const [i, sub] of branches.entries()) {
      const problem = subSchemaProblem(sub, [...path, key, String(i)]);
      if (problem) return problem;
    }
  }
  const items = schema.items;
  if (Array.isArray(items)) {
    for (const [i, sub] of items.entries()) {
      const problem = subSchemaProblem(sub, [...path, 'items', String(i)]);
      if (problem) return problem;
    }
  } else {
    const problem = subSchemaProblem(items, [...path, 'items']);
    if (problem) return problem;
  }
  return null;
}

function subSchemaProblem(schema: unknown, path: string[]): string | null {
  return isJsonObject(schema) ? strictSchemaProblem(schema, path) : null;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `tool_choice` against the request's tools and returns it (default `'auto'`).
 *
 * @throws {HttpError} 400 for an unknown mode, or a `{type:"function", name}` choice naming a
 * function that is not in `tools`.
 * @example
 * import { validateToolChoice, validateTools } from './tools.js';
 * const tools = validateTools([{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }]);
 * validateToolChoice({ type: 'function', name: 'get_weather' }, tools);
 */
export function validateToolChoice(value: unknown, tools: readonly JsonObject[]): unknown {
  if (value === undefined || value === null) return 'auto';
  if (typeof value === 'string') {
    if (!['none', 'auto', 'required'].includes(value)) {
      throw invalidValue('tool_choice', value, ['none', 'auto', 'required']);
    }
    return value;
  }
  if (!isJsonObject(value)) throw invalidType('tool_choice', 'a string or an object', value);
  if (typeof value.type !== 'string') throw missingParameter('tool_choice.type');
  if (value.type === 'function') {
    if (typeof value.name !== 'string') throw missingParameter('tool_choice.name');
    const exists = tools.some((t) => t.type === 'function' && t.name === value.name);
    if (!exists) {
      throw invalidRequest(
        `Tool choice '${value.name}' not found in 'tools' parameter.`,
        'tool_choice',
        'invalid_value',
      );
    }
  }
  return value;
}

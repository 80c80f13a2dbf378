import { invalidRequest, invalidType, invalidValue, missingParameter } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';
import { jsonSchemaProblem, jsonSchemaRefProblem } from './json-schema-check.js';
import { strictSchemaProblem } from './tools.js';

/**
 * The answer format a request asks for (`text.format`): plain text, any JSON object, or JSON
 * that follows a schema (`strict`: the model's JSON always fits it).
 *
 * @example
 * import type { TextFormat } from './text-format.js';
 * const format: TextFormat = { type: 'json_schema', name: 'invoice', schema: { type: 'object' }, strict: true };
 */
export type TextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonObject; strict: boolean; description?: string };

const FORMAT_TYPES = ['text', 'json_object', 'json_schema'];
const NAME = /^[a-zA-Z0-9_-]+$/;

/**
 * Validates a request's `text` and returns its format (default `{type: "text"}`). A
 * `json_schema` format needs a `name` (letters, digits, `_`, `-`; at most 64) and a `schema`
 * object that is a valid JSON Schema (the meta-schema, and resolvable `$ref`s); with
 * `strict: true` it must also satisfy strict mode, checked by the same rules as a strict function
 * tool's parameters.
 *
 * @throws {HttpError} 400 for a `text` or `format` that is not an object, an unknown format type,
 * a missing or bad `name` or `schema`, a non-boolean `strict`, and, for a strict schema that breaks
 * strict mode, `Invalid schema for response_format 'NAME': In context=(…), …` (param
 * `text.format.schema`, code `invalid_json_schema`; the param and code are not confirmed).
 * @example
 * import { validateTextFormat } from './text-format.js';
 * validateTextFormat({ format: { type: 'json_object' } }); // { type: 'json_object' }
 */
export function validateTextFormat(text: unknown): TextFormat {
  if (text === undefined || text === null) return { type: 'text' };
  if (typeof text !== 'object' || Array.isArray(text)) throw invalidType('text', 'an object', text);
  const format = (text as JsonObject).format;
  if (format === undefined || format === null) return { type: 'text' };
  if (typeof format !== 'object' || Array.isArray(format))
    throw invalidType('text.format', 'an object', format);
  const f = format as JsonObject;
  if (!FORMAT_TYPES.includes(String(f.type))) throw invalidValue('text.format.type', f.type, FORMAT_TYPES);
  if (f.type !== 'json_schema') return { type: f.type as 'text' | 'json_object' };
  if (f.name === undefined || f.name === null) throw missingParameter('text.format.name');
  if (typeof f.name !== 'string') throw invalidType('text.format.name', 'a string', f.name);
  if (!NAME.test(f.name)) {
    throw invalidRequest(
      `Invalid 'text.format.name': string does not match pattern. Expected a string that matches the pattern '${NAME.source}'.`,
      'text.format.name',
      'invalid_value',
    );
  }
  if (f.name.length > 64) {
    throw invalidRequest(
      `Invalid 'text.format.name': string too long. Expected a string with maximum length 64, but got a string with length ${f.name.length} instead.`,
      'text.format.name',
      'string_above_max_length',
    );
  }
  if (f.schema === undefined || f.schema === null) throw missingParameter('text.format.schema');
  if (typeof f.schema !== 'object' || Array.isArray(f.schema)) {
    throw invalidType('text.format.schema', 'an object', f.schema);
  }
  if (f.strict !== undefined && f.strict !== null && typeof f.strict !== 'boolean') {
    throw invalidType('text.format.strict', 'a boolean', f.strict);
  }
  if (f.description !== undefined && f.description !== null && typeof f.description !== 'string') {
    throw invalidType('text.format.description', 'a string', f.description);
  }
  const schema = f.schema as JsonObject;
  const strict = f.strict === true;
  // First the JSON Schema meta-schema (any schema), then strict mode's own rules.
  const invalid = jsonSchemaProblem(schema);
  const detail = invalid === null ? jsonSchemaRefProblem(schema) : `${invalid}.`;
  if (detail !== null) {
    throw invalidRequest(
      `Invalid schema for response_format '${f.name}': ${detail}`,
      'text.format.schema',
      'invalid_json_schema',
    );
  }
  if (strict) {
    const problem = strictSchemaProblem(schema, []);
    if (problem) {
      throw invalidRequest(
        `Invalid schema for response_format '${f.name}': ${problem}`,
        'text.format.schema',
        'invalid_json_schema',
      );
    }
  }
  return {
    type: 'json_schema',
    name: f.name,
    schema,
    strict,
    ...(typeof f.description === 'string' ? { description: f.description } : {}),
  };
}

/**
 * The format of a request body whose `text` was validated (see {@link validateTextFormat}).
 *
 * @example
 * import type { ModelRequest } from '../model/model-request.js';
 * import { textFormatOf } from './text-format.js';
 * declare const request: ModelRequest;
 * textFormatOf(request.body).type; // 'json_schema'
 */
export function textFormatOf(body: Readonly<JsonObject>): TextFormat {
  return validateTextFormat(body.text);
}

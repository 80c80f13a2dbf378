import { textFormatOf } from '../validate/text-format.js';
import type { JsonObject } from '../wire/wire-types.js';
import { valueFromSchema } from './json-from-schema.js';
import type { ModelRequest } from './model-request.js';
import type { ScriptTurn } from './script.js';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The function call `tool_choice` forces on the default model: the named function
 * (`{type: "function", name}`), or the first function tool for `"required"`, with arguments made
 * from its parameters' schema (see `valueFromSchema`; the last user message fills the first free
 * string). `undefined` when the choice forces nothing (or there is no function tool to call).
 *
 * @example
 * import type { ModelRequest } from './model-request.js';
 * import { forcedToolCall } from './structured-reply.js';
 * declare const request: ModelRequest; // tool_choice { type: 'function', name: 'get_weather' }
 * forcedToolCall(request, 'Paris'); // { output: [{ type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } }] }
 */
export function forcedToolCall(request: ModelRequest, text: string): ScriptTurn | undefined {
  const choice = request.toolChoice;
  if (choice !== 'required' && !(isObject(choice) && choice.type === 'function')) return undefined;
  const functions = request.tools.filter((t) => t.type === 'function');
  const tool =
    choice === 'required'
      ? functions[0]
      : isObject(choice) && choice.type === 'function'
        ? functions.find((t) => t.name === choice.name)
        : undefined;
  if (!tool) return undefined;
  const parameters = isObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} };
  const args = valueFromSchema(parameters, text);
  return {
    output: [
      {
        type: 'function_call',
        name: String(tool.name),
        arguments: isObject(args) ? (args as Record<string, unknown>) : {},
      },
    ],
  };
}

/**
 * The default model's answer in the format the request asks for: the text as it is; for
 * `json_object`, `{"message": TEXT}`; for `json_schema`, JSON made from the schema with the text
 * in its first free string (see `valueFromSchema`).
 *
 * @example
 * import type { ModelRequest } from './model-request.js';
 * import { formatAnswer } from './structured-reply.js';
 * declare const request: ModelRequest; // text.format: json_schema { answer: string, confidence: number }
 * formatAnswer('You said: "Hi"', request); // '{"answer":"You said: \"Hi\"","confidence":0}'
 */
export function formatAnswer(text: string, request: ModelRequest): string {
  const format = textFormatOf(request.body);
  if (format.type === 'json_object') return JSON.stringify({ message: text });
  if (format.type === 'json_schema') return JSON.stringify(valueFromSchema(format.schema, text));
  return text;
}

import {
  azureError,
  describeJsonType,
  invalidRequest,
  invalidType,
  invalidValue,
  missingParameter,
} from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import { normalizeInput } from './input.js';
import { type ReasoningOptions, validateReasoning } from './reasoning-options.js';
import { validateTextFormat } from './text-format.js';
import { validateToolChoice, validateTools } from './tools.js';

/** Every top-level parameter of `POST /responses` in the API reference (`ResponseCreateParams`). */
export const CREATE_PARAMETERS = [
  'access_programs',
  'background',
  'context_management',
  'conversation',
  'image',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'max_tool_calls',
  'metadata',
  'model',
  'moderation',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning',
  'safety_identifier',
  'service_tier',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
] as const;

/** The `include` values of the API reference (`ResponseIncludable`). */
export const INCLUDABLES = [
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
];

/** A `POST /responses` body after validation, with defaults applied. */
export interface CreateRequest {
  /** The body as sent. */
  body: JsonObject;
  model: string;
  /** The new input items in stored form, without ids yet. */
  input: WireItem[];
  instructions: string | null;
  /** Tools in the form the Response echoes. */
  tools: JsonObject[];
  toolChoice: unknown;
  stream: boolean;
  store: boolean;
  /** `background: true`: the response is answered `queued` at once and runs on its own. */
  background: boolean;
  includeObfuscation: boolean;
  previousResponseId: string | null;
  /** The `conversation` the response belongs to (its items come before the input), or `null`. */
  conversationId: string | null;
  /** `reasoning`, resolved for the model: the effort it works at (sent or the model's default). */
  reasoning: ReasoningOptions;
}

/** Options of {@link validateCreateRequest}. */
export interface ValidateOptions {
  /**
   * When set, only these model names are accepted: 400 `model_not_found` otherwise, or under the
   * Azure paths Azure's 404 `DeploymentNotFound`.
   */
  models?: readonly string[];
  /** The request came in under an Azure path. */
  azure?: boolean;
}

/**
 * Validates a `POST /responses` body the way the real API does and returns it with defaults
 * (`store: true`, `stream: false`, `tool_choice: "auto"`, obfuscation on).
 *
 * @throws {HttpError} 400 with the real error shape for: a non-object body, an unknown parameter,
 * a missing/invalid `model`, a bad `input`, bad tools or `tool_choice`, values of the wrong type or
 * out of range (`temperature` 0–2, `top_p` 0–1, `top_logprobs` 0–20, `max_output_tokens` ≥ 16,
 * `metadata` ≤ 16 string pairs), a `reasoning` or sampling parameter the model does not take
 * (see `validateReasoning`), `stream_options` without `stream`, `background: true` with
 * `store: false`, a `conversation` that is not an id (or `{id}`) or comes with
 * `previous_response_id`, and parameters the emulator does not emulate yet (`prompt`).
 * @example
 * import { validateCreateRequest } from './create-request.js';
 * const req = validateCreateRequest({ model: 'gpt-5.1', input: 'Hi' });
 * req.store; // true
 */
export function validateCreateRequest(body: unknown, options: ValidateOptions = {}): CreateRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest(
      `Invalid body: expected a JSON object, but got ${describeJsonType(body)} instead.`,
      null,
      'invalid_type',
    );
  }
  const b = body as JsonObject;
  for (const key of Object.keys(b)) {
    if (!(CREATE_PARAMETERS as readonly string[]).includes(key)) {
      throw invalidRequest(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
    }
  }
  const model = validateModel(b.model, options.models, options.azure ?? false);
  const previousResponseId = optional(b, 'previous_response_id', 'string', 'a string') ?? null;
  if (b.input === undefined && previousResponseId === null) throw missingParameter('input');
  const input = normalizeInput(b.input);
  const instructions = optional(b, 'instructions', 'string', 'a string') ?? null;
  const tools = validateTools(b.tools);
  const toolChoice = validateToolChoice(b.tool_choice, tools);
  const stream = optional(b, 'stream', 'boolean', 'a boolean') ?? false;
  const store = optional(b, 'store', 'boolean', 'a boolean') ?? true;
  const background = optional(b, 'background', 'boolean', 'a boolean') ?? false;
  if (background && !store) {
    throw invalidRequest(
      "Background mode requires 'store' to be true: a background response is stored so it can be polled, streamed again and cancelled.",
      'background',
      'invalid_value',
    );
  }
  optional(b, 'parallel_tool_calls', 'boolean', 'a boolean');
  validateNumbers(b);
  const reasoning = validateReasoning(b, model);
  validateMetadata(b.metadata);
  validateInclude(b.include);
  validateTextFormat(b.text);
  if (
    b.truncation !== undefined &&
    b.truncation !== null &&
    !['auto', 'disabled'].includes(String(b.truncation))
  ) {
    throw invalidValue('truncation', b.truncation, ['auto', 'disabled']);
  }
  const streamOptions = b.stream_options;
  if (streamOptions !== undefined && streamOptions !== null) {
    if (!stream) {
      throw invalidRequest(
        "Invalid value for 'stream_options': 'stream_options' is only allowed when 'stream' is true.",
        'stream_options',
        'invalid_value',
      );
    }
    if (typeof streamOptions !== 'object' || Array.isArray(streamOptions)) {
      throw invalidType('stream_options', 'an object', streamOptions);
    }
  }
  const includeObfuscation = (streamOptions as JsonObject | null | undefined)?.include_obfuscation !== false;
  const conversationId = validateConversation(b, previousResponseId, background);
  rejectNotEmulated(b);
  return {
    body: b,
    model,
    input,
    instructions,
    tools,
    toolChoice,
    stream,
    store,
    background,
    includeObfuscation,
    previousResponseId,
    conversationId,
    reasoning,
  };
}

function validateModel(model: unknown, models: readonly string[] | undefined, azure: boolean): string {
  if (model === undefined || model === null) throw missingParameter('model');
  if (typeof model !== 'string') throw invalidType('model', 'a string', model);
  if (azure && models && model.trim() !== '' && !models.includes(model)) {
    throw azureError(
      404,
      'DeploymentNotFound',
      'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
    );
  }
  if (model.trim() === '' || (models && !models.includes(model))) {
    throw invalidRequest(`The requested model '${model}' does not exist.`, 'model', 'model_not_found');
  }
  return model;
}

function optional<T extends 'string' | 'boolean'>(
  b: JsonObject,
  key: string,
  type: T,
  expected: string,
): (T extends 'string' ? string : boolean) | undefined {
  const value = b[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw invalidType(key, expected, value);
  return value as T extends 'string' ? string : boolean;
}

const RANGES: ReadonlyArray<{ key: string; min: number; max?: number; integer?: boolean }> = [
  { key: 'temperature', min: 0, max: 2 },
  { key: 'top_p', min: 0, max: 1 },
  { key: 'top_logprobs', min: 0, max: 20, integer: true },
  { key: 'max_output_tokens', min: 16, integer: true },
  { key: 'max_tool_calls', min: 1, integer: true },
];

function validateNumbers(b: JsonObject): void {
  for (const { key, min, max, integer } of RANGES) {
    const value = b[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
      throw invalidType(key, integer ? 'an integer' : 'a number', value);
    }
    const kind = integer ? 'integer' : 'decimal';
    if (value < min) {
      throw invalidRequest(
        `Invalid '${key}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
        key,
        `${kind}_below_min_value`,
      );
    }
    if (max !== undefined && value > max) {
      throw invalidRequest(
        `Invalid '${key}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
        key,
        `${kind}_above_max_value`,
      );
    }
  }
}

/**
 * Validates `metadata`: an object of at most 16 string values.
 *
 * @throws {HttpError} 400 `invalid_type` or `object_above_max_properties`.
 * @example
 * import { validateMetadata } from './create-request.js';
 * validateMetadata({ topic: 'weather' });
 */
export function validateMetadata(metadata: unknown): void {
  if (metadata === undefined || metadata === null) return;
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    throw invalidType('metadata', 'an object', metadata);
  const entries = Object.entries(metadata);
  if (entries.length > 16) {
    throw invalidRequest(
      `Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with ${entries.length} properties instead.`,
      'metadata',
      'object_above_max_properties',
    );
  }
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw invalidType(`metadata.${key}`, 'a string', value);
  }
}

/**
 * Validates an `include` list (of a create request, or of `GET /responses/{id}`'s query).
 *
 * @throws {HttpError} 400 `invalid_type` for a non-array, `invalid_value` (`include[i]`) for a value
 * that is not one of {@link INCLUDABLES}.
 * @example
 * import { validateInclude } from './create-request.js';
 * validateInclude(['reasoning.encrypted_content']);
 */
export function validateInclude(include: unknown): void {
  if (include === undefined || include === null) return;
  if (!Array.isArray(include)) throw invalidType('include', 'an array', include);
  include.forEach((value, i) => {
    if (!INCLUDABLES.includes(value)) throw invalidValue(`include[${i}]`, value, INCLUDABLES);
  });
}

function validateConversation(
  b: JsonObject,
  previousResponseId: string | null,
  background: boolean,
): string | null {
  const value = b.conversation;
  if (value === undefined || value === null) return null;
  if (previousResponseId !== null) {
    throw invalidRequest(
      "Parameters 'previous_response_id' and 'conversation' cannot be used together.",
      'conversation',
      'invalid_value',
    );
  }
  const id = typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject).id : value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      if (key !== 'id') {
        throw invalidRequest(
          `Unknown parameter: 'conversation.${key}'.`,
          `conversation.${key}`,
          'unknown_parameter',
        );
      }
    }
    if (id === undefined) throw missingParameter('conversation.id');
  }
  if (typeof id !== 'string') throw invalidType('conversation', 'a string or an object', value);
  if (background) {
    throw invalidRequest(
      "The emulator does not support 'conversation' with background=true yet.",
      'conversation',
      'unsupported_parameter',
    );
  }
  return id;
}

function rejectNotEmulated(b: JsonObject): void {
  if (b.prompt !== undefined && b.prompt !== null) {
    throw invalidRequest(
      "The emulator does not support 'prompt' templates yet.",
      'prompt',
      'unsupported_parameter',
    );
  }
}

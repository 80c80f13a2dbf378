import { invalidRequest, invalidType, invalidValue, missingParameter } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import { validateMediaPart } from './input-parts.js';

/** The `environment` values of `computer_use_preview` (NODE `ComputerUsePreviewTool`). */
export const COMPUTER_ENVIRONMENTS = ['windows', 'mac', 'linux', 'ubuntu', 'browser'] as const;
/** The `output.type` values of a `computer_call_output`: the reference's, and the guides'. */
const SCREENSHOT_TYPES = ['computer_screenshot', 'input_image'];
const OUTPUT_KEYS = ['type', 'image_url', 'file_id', 'detail', 'current_url'];
const OUTPUT_ITEM_KEYS = [
  'type',
  'id',
  'call_id',
  'output',
  'acknowledged_safety_checks',
  'status',
  'current_url',
];

function unknownParameter(param: string): never {
  throw invalidRequest(`Unknown parameter: '${param}'.`, param, 'unknown_parameter');
}

/**
 * Validates a `{"type": "computer_use_preview"}` tool: `display_width` and `display_height`
 * integers of at least 1 and `environment` one of `windows`, `mac`, `linux`, `ubuntu`,
 * `browser`, all three required (NODE `ComputerUsePreviewTool`), no other keys. The wording of
 * each 400 follows the service's generic parameter errors; a computer-use-specific body is not
 * confirmed.
 *
 * @throws {HttpError} 400 naming `tools[i].…`.
 * @example
 * import { validateComputerUseTool } from './computer-use.js';
 * validateComputerUseTool({ type: 'computer_use_preview', display_width: 1024, display_height: 768, environment: 'browser' }, 'tools[0]');
 */
export function validateComputerUseTool(tool: JsonObject, param: string): JsonObject {
  for (const key of Object.keys(tool)) {
    if (!['type', 'display_width', 'display_height', 'environment'].includes(key)) {
      unknownParameter(`${param}.${key}`);
    }
  }
  for (const key of ['display_width', 'display_height']) {
    const value = tool[key];
    if (value === undefined || value === null) throw missingParameter(`${param}.${key}`);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw invalidType(`${param}.${key}`, 'an integer', value);
    }
    if (value < 1) {
      throw invalidRequest(
        `Invalid '${param}.${key}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`,
        `${param}.${key}`,
        'integer_below_min_value',
      );
    }
  }
  if (tool.environment === undefined || tool.environment === null) {
    throw missingParameter(`${param}.environment`);
  }
  if (!(COMPUTER_ENVIRONMENTS as readonly unknown[]).includes(tool.environment)) {
    throw invalidValue(`${param}.environment`, tool.environment, COMPUTER_ENVIRONMENTS);
  }
  return tool;
}

/**
 * Validates a `{"type": "computer"}` tool, the generally available computer use tool: it has no
 * field but `type` (NODE `ComputerTool`), so any other key (e.g. the preview tool's
 * `display_width`) is refused as an unknown parameter, as the service refuses unknown parameters
 * elsewhere; that this tool is refused with exactly this body is not confirmed.
 *
 * @throws {HttpError} 400 naming `tools[i].<key>`.
 * @example
 * import { validateComputerTool } from './computer-use.js';
 * validateComputerTool({ type: 'computer' }, 'tools[0]');
 */
export function validateComputerTool(tool: JsonObject, param: string): JsonObject {
  for (const key of Object.keys(tool)) {
    if (key !== 'type') unknownParameter(`${param}.${key}`);
  }
  return tool;
}

/**
 * Validates a `computer_call_output` input item:
 *
 * - `call_id`: a string; `output`: an object whose `type` is `computer_screenshot` (the API
 *   reference) or `input_image` (what the Azure and OpenAI guides send), with exactly one of
 *   `image_url` (a base64 `data:` URL of a PNG, JPEG, GIF or WebP image whose bytes are one, or
 *   an `http(s)` URL) and `file_id`, checked like an `input_image` part;
 * - `acknowledged_safety_checks`: an array of `{id, code?, message?}`;
 * - `current_url`: a string, at the top level (the Azure guide) or in `output` (the OpenAI
 *   sample app); which of the two the service reads is not confirmed;
 * - `status`: `in_progress`, `completed` or `incomplete`; no other keys.
 *
 * @throws {HttpError} 400 naming the field.
 * @example
 * import { validateComputerCallOutput } from './computer-use.js';
 * const image_url = 'data:image/png;base64,iVBORw0KGgo…';
 * validateComputerCallOutput({ type: 'computer_call_output', call_id: 'call_1', output: { type: 'input_image', image_url } }, 'input[2]');
 */
export function validateComputerCallOutput(item: JsonObject, param: string): void {
  for (const key of Object.keys(item))
    if (!OUTPUT_ITEM_KEYS.includes(key)) unknownParameter(`${param}.${key}`);
  requireString(item, 'call_id', param);
  const output = item.output;
  if (output === undefined || output === null) throw missingParameter(`${param}.output`);
  if (typeof output !== 'object' || Array.isArray(output)) {
    throw invalidType(`${param}.output`, 'an object', output);
  }
  const o = output as JsonObject;
  if (o.type === undefined) throw missingParameter(`${param}.output.type`);
  if (!SCREENSHOT_TYPES.includes(o.type as string)) {
    throw invalidValue(`${param}.output.type`, o.type, SCREENSHOT_TYPES);
  }
  for (const key of Object.keys(o)) {
    if (!OUTPUT_KEYS.includes(key)) unknownParameter(`${param}.output.${key}`);
  }
  const { current_url: innerUrl, type: _type, ...image } = o;
  validateMediaPart({ type: 'input_image', ...image }, `${param}.output`);
  for (const [url, at] of [
    [item.current_url, `${param}.current_url`],
    [innerUrl, `${param}.output.current_url`],
  ] as const) {
    if (url !== undefined && url !== null && typeof url !== 'string') throw invalidType(at, 'a string', url);
  }
  const acks = item.acknowledged_safety_checks;
  if (acks !== undefined && acks !== null) {
    if (!Array.isArray(acks)) throw invalidType(`${param}.acknowledged_safety_checks`, 'an array', acks);
    acks.forEach((ack: unknown, i) => {
      const at = `${param}.acknowledged_safety_checks[${i}]`;
      if (typeof ack !== 'object' || ack === null || Array.isArray(ack))
        throw invalidType(at, 'an object', ack);
      const a = ack as JsonObject;
      requireString(a, 'id', at);
      for (const key of Object.keys(a))
        if (!['id', 'code', 'message'].includes(key)) unknownParameter(`${at}.${key}`);
      for (const key of ['code', 'message']) {
        if (a[key] !== undefined && a[key] !== null && typeof a[key] !== 'string') {
          throw invalidType(`${at}.${key}`, 'a string', a[key]);
        }
      }
    });
  }
  if (item.status !== undefined && item.status !== null) {
    const statuses = ['in_progress', 'completed', 'incomplete'];
    if (!statuses.includes(item.status as string))
      throw invalidValue(`${param}.status`, item.status, statuses);
  }
}

/**
 * Validates a `computer_call` sent back as input (stateless conversations echo the model's
 * calls): a `call_id` string, `action` (an object) or `actions` (an array), and
 * `pending_safety_checks`, when present, an array.
 *
 * @throws {HttpError} 400 naming the field.
 * @example
 * import { validateComputerCallInput } from './computer-use.js';
 * validateComputerCallInput({ type: 'computer_call', call_id: 'call_1', action: { type: 'screenshot' } }, 'input[1]');
 */
export function validateComputerCallInput(item: JsonObject, param: string): void {
  requireString(item, 'call_id', param);
  if (item.action === undefined && item.actions === undefined) throw missingParameter(`${param}.action`);
  if (item.action !== undefined && (typeof item.action !== 'object' || item.action === null)) {
    throw invalidType(`${param}.action`, 'an object', item.action);
  }
  if (item.actions !== undefined && !Array.isArray(item.actions)) {
    throw invalidType(`${param}.actions`, 'an array', item.actions);
  }
  const checks = item.pending_safety_checks;
  if (checks !== undefined && checks !== null && !Array.isArray(checks)) {
    throw invalidType(`${param}.pending_safety_checks`, 'an array', checks);
  }
}

/**
 * Checks that computer calls and their outputs pair up in a request's model context, as function
 * calls must (the service's words for the function case, adapted; the computer wording is not
 * confirmed): every `computer_call_output` of the input answers a `computer_call` of the
 * context, every `computer_call` has an output, and an output's `acknowledged_safety_checks`
 * are exactly the call's `pending_safety_checks` (by id). An output without acknowledgements is
 * accepted: the client ran nothing it was warned about (how the service treats one is not
 * confirmed).
 *
 * @throws {HttpError} 400 (`param: "input"`).
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { checkComputerPairing } from './computer-use.js';
 * import type { CreateRequest } from './create-request.js';
 * declare const request: CreateRequest;
 * declare const previous: WireItem[]; // the previous_response_id chain
 * checkComputerPairing(request.input, [...previous, ...request.input]);
 */
export function checkComputerPairing(input: readonly WireItem[], items: readonly WireItem[]): void {
  if (!items.some(isComputerItem)) return;
  const calls = new Map<string, WireItem>();
  const outputs = new Set<string>();
  for (const item of items) {
    if (item.type === 'computer_call') calls.set(String(item.call_id), item);
    if (item.type === 'computer_call_output') outputs.add(String(item.call_id));
  }
  for (const item of input) {
    if (item.type !== 'computer_call_output') continue;
    const call = calls.get(String(item.call_id));
    if (!call) {
      throw invalidRequest(
        `No tool call found for computer call output with call_id ${String(item.call_id)}.`,
        'input',
      );
    }
    const acks = Array.isArray(item.acknowledged_safety_checks) ? item.acknowledged_safety_checks : [];
    if (acks.length === 0) continue;
    const pending = (
      Array.isArray(call.pending_safety_checks) ? call.pending_safety_checks : []
    ) as JsonObject[];
    const raised = new Set(pending.map((check) => String(check.id)));
    for (const ack of acks as JsonObject[]) {
      if (!raised.has(String(ack.id))) {
        throw invalidRequest(
          `Safety check '${String(ack.id)}' was not raised on computer call ${String(item.call_id)}; acknowledge only its pending_safety_checks.`,
          'input',
        );
      }
    }
    const acked = new Set((acks as JsonObject[]).map((ack) => String(ack.id)));
    const left = pending.filter((check) => !acked.has(String(check.id)));
    if (left.length > 0) {
      throw invalidRequest(
        `Safety check '${String(left[0]!.id)}' of computer call ${String(item.call_id)} was not acknowledged; acknowledge every pending safety check to proceed.`,
        'input',
      );
    }
  }
  for (const callId of calls.keys()) {
    if (!outputs.has(callId))
      throw invalidRequest(`No tool output found for computer call ${callId}.`, 'input');
  }
}

function isComputerItem(item: WireItem): boolean {
  return item.type === 'computer_call' || item.type === 'computer_call_output';
}

function requireString(item: JsonObject, key: string, param: string): void {
  const value = item[key];
  if (value === undefined || value === null) throw missingParameter(`${param}.${key}`);
  if (typeof value !== 'string') throw invalidType(`${param}.${key}`, 'a string', value);
}

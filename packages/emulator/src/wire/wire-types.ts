/**
 * The wire shapes the emulator reads and writes. They are deliberately loose (open objects with a
 * `type`): the emulator echoes what clients send and must not drop fields it does not know.
 *
 * @see https://platform.openai.com/docs/api-reference/responses
 */

/**
 * A JSON object as parsed from a request body.
 *
 * @example
 * import type { JsonObject } from './wire-types.js';
 * const body: JsonObject = { model: 'gpt-5.1', input: 'Hi' };
 */
export type JsonObject = { [key: string]: unknown };

/**
 * One item of a Response's `output`, of a request's `input`, or of `GET …/input_items`
 * (`message`, `function_call`, `function_call_output`, `reasoning`, …).
 *
 * @example
 * import type { WireItem } from '@turnkit/emulator';
 * const item: WireItem = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}' };
 */
export interface WireItem {
  type: string;
  id?: string;
  [key: string]: unknown;
}

/**
 * The `usage` block of a finished Response.
 *
 * @example
 * import type { ResponseUsage } from '@turnkit/emulator';
 * const usage: ResponseUsage = {
 *   input_tokens: 10, input_tokens_details: { cached_tokens: 0 },
 *   output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15,
 * };
 */
export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * The lifecycle states of a Response (`ResponseStatus` in the API reference).
 *
 * @example
 * import type { ResponseStatus } from './wire-types.js';
 * const done: ResponseStatus = 'completed';
 */
export type ResponseStatus = 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete';

/**
 * A Response object (`object: "response"`) as the emulator serves it. Only the fields the emulator
 * itself reads are typed; every other echoed field is kept as-is.
 *
 * @example
 * import type { Emulator, ResponseObject } from '@turnkit/emulator';
 * declare const emu: Emulator;
 * const response: ResponseObject | undefined = emu.getResponse('resp_123');
 * const items = response?.output ?? []; // what the response produced
 */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  output: WireItem[];
  usage: ResponseUsage | null;
  [key: string]: unknown;
}

/**
 * The body of every API error: `{"error": {message, type, param, code}}`.
 *
 * @example
 * import type { ErrorBody } from '@turnkit/emulator';
 * const body: ErrorBody = { message: 'Missing required parameter: \'model\'.', type: 'invalid_request_error', param: 'model', code: 'missing_required_parameter' };
 */
export interface ErrorBody {
  message: string;
  type: string | null;
  param: string | null;
  code: string | null;
}

/**
 * One server-sent event as the emulator writes it: the `event:` name, the parsed `data:` JSON and
 * the exact `data:` text (kept verbatim for recorded streams).
 *
 * @example
 * import type { ResponseObject, SseEvent } from './wire-types.js';
 * declare const response: ResponseObject;
 * const data = { type: 'response.created', sequence_number: 0, response };
 * const event: SseEvent = { type: 'response.created', data, raw: JSON.stringify(data) };
 */
export interface SseEvent {
  type: string;
  data: JsonObject;
  raw: string;
}

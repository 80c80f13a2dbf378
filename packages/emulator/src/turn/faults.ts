import { numberEvents } from '../http/sse.js';
import type { ErrorEventFault, HttpFault } from '../model/script.js';
import { HttpError } from '../wire/errors.js';
import type { ErrorBody, JsonObject, ResponseObject, SseEvent, WireItem } from '../wire/wire-types.js';

const DEFAULT_BODIES: Record<number, ErrorBody> = {
  400: { message: 'Bad request.', type: 'invalid_request_error', param: null, code: null },
  401: {
    message: 'Incorrect API key provided.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
  403: {
    message: 'You are not allowed to perform this request.',
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
  404: { message: 'Not found.', type: 'invalid_request_error', param: null, code: null },
  408: { message: 'Request timed out.', type: 'server_error', param: null, code: null },
  409: { message: 'Conflict.', type: 'invalid_request_error', param: null, code: null },
  429: {
    message: 'Rate limit reached for requests. Please try again later.',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    param: null,
    code: null,
  },
};

/**
 * Returns the default error body for an HTTP status (a realistic message per status, a generic
 * one otherwise), with the fault's overrides applied.
 *
 * @example
 * import { faultErrorBody } from './faults.js';
 * faultErrorBody(429).code; // 'rate_limit_exceeded'
 */
export function faultErrorBody(status: number, overrides: Partial<ErrorBody> = {}): ErrorBody {
  const base = DEFAULT_BODIES[status] ?? {
    message: `Emulated HTTP ${status} error.`,
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    param: null,
    code: null,
  };
  return { ...base, ...overrides };
}

/**
 * Turns an `http` fault into the error to answer with, including `retry-after` (seconds),
 * `retry-after-ms` and any extra headers.
 *
 * @example
 * import { httpFaultError } from './faults.js';
 * throw httpFaultError({ type: 'http', status: 429, retryAfter: 1 });
 */
export function httpFaultError(fault: HttpFault): HttpError {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  return new HttpError(fault.status, faultErrorBody(fault.status, fault.error), headers);
}

/**
 * The error of an `error_event` fault: the default is the real `server_error` payload.
 *
 * @example
 * import { errorEventBody } from './faults.js';
 * errorEventBody({ type: 'error_event' }).type; // 'server_error'
 */
export function errorEventBody(fault: ErrorEventFault): ErrorBody {
  return { ...faultErrorBody(500), code: 'server_error', ...fault.error };
}

/** A stream after a fault was applied. */
export interface FaultedStream {
  events: SseEvent[];
  /** Drop the connection after the events instead of ending the stream. */
  drop: boolean;
  /** The Response as the server keeps it after the fault (`status: "failed"`). */
  final: ResponseObject;
}

/**
 * Applies a mid-stream fault to a planned stream: keeps the first `afterEvents` events, then either
 * appends the nested `error` event and `response.failed` (error_event, default after 2 events) or
 * marks the stream to be dropped (disconnect, default just after the first
 * `response.output_item.added`, or after 2 events when there is no output item). The failed Response keeps
 * the items that were done before the cut.
 *
 * @example
 * import type { ResponseObject, SseEvent } from '../wire/wire-types.js';
 * import { applyStreamFault } from './faults.js';
 * declare const planned: SseEvent[]; // the turn's events, numbered
 * declare const final: ResponseObject; // the Response they end with
 * const { events, drop } = applyStreamFault(planned, { type: 'disconnect', afterEvents: 4 }, final);
 */
export function applyStreamFault(
  events: readonly SseEvent[],
  fault: ErrorEventFault | { type: 'disconnect'; afterEvents?: number },
  final: ResponseObject,
): FaultedStream {
  const firstItem = events.findIndex((e) => e.type === 'response.output_item.added');
  const defaultCut = fault.type === 'error_event' || firstItem < 0 ? 2 : firstItem + 1;
  const cut = Math.min(events.length, fault.afterEvents ?? defaultCut);
  const kept = events.slice(0, cut);
  const lastResponse = kept
    .map((e) => e.data.response as ResponseObject | undefined)
    .filter((r) => r !== undefined)
    .at(-1);
  const output = kept
    .filter((e) => e.type === 'response.output_item.done')
    .map((e) => e.data.item as WireItem);
  const base = lastResponse ?? final;
  if (fault.type === 'disconnect') {
    const failed = failedResponse(base, output, {
      code: 'server_error',
      message: 'The stream was interrupted.',
    });
    return { events: kept, drop: true, final: failed };
  }
  const error = errorEventBody(fault);
  const failed = failedResponse(base, output, { code: error.code, message: error.message });
  const lastSeq = Number((kept.at(-1)?.data as JsonObject | undefined)?.sequence_number ?? -1);
  const tail = numberEvents(
    [
      { type: 'error', error: { ...error } },
      { type: 'response.failed', response: failed },
    ],
    lastSeq + 1,
  );
  return { events: [...kept, ...tail], drop: false, final: failed };
}

function failedResponse(
  base: ResponseObject,
  output: WireItem[],
  error: { code: string | null; message: string },
): ResponseObject {
  return { ...base, status: 'failed', error, output, usage: null };
}

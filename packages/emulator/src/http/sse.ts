import type { ServerResponse } from 'node:http';
import type { EventBody } from '../emitters/index.js';
import type { SseEvent } from '../wire/wire-types.js';

/** The `Content-Type` of a Responses event stream, as sent by the real service. */
export const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

/**
 * Formats one server-sent event the way the real service does: an `event:` line with the type, a
 * `data:` line with the one-line JSON, and a blank line.
 *
 * @example
 * import { formatSseEvent } from './sse.js';
 * formatSseEvent('response.created', '{"type":"response.created"}');
 * // 'event: response.created\ndata: {"type":"response.created"}\n\n'
 */
export function formatSseEvent(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

/**
 * Numbers event bodies from `start` (+1 each), putting `sequence_number` right after `type` as on
 * the real wire, and serializes them.
 *
 * @example
 * import type { ResponseObject } from '../wire/wire-types.js';
 * import { numberEvents } from './sse.js';
 * declare const response: ResponseObject;
 * numberEvents([{ type: 'response.created', response }], 0)[0]?.data.sequence_number; // 0
 */
export function numberEvents(bodies: readonly EventBody[], start: number): SseEvent[] {
  return bodies.map((body, i) => {
    const { type, sequence_number: _ignored, ...rest } = body;
    const data = { type, sequence_number: start + i, ...rest };
    return { type, data, raw: JSON.stringify(data) };
  });
}

/**
 * Writes a chunk to a response and resolves once it is handed to the socket (`true`), or with
 * `false` when the connection is already gone.
 *
 * @example
 * import type { ServerResponse } from 'node:http';
 * import type { SseEvent } from '../wire/wire-types.js';
 * import { formatSseEvent, writeChunk } from './sse.js';
 * declare const res: ServerResponse;
 * declare const events: SseEvent[];
 * for (const e of events) {
 *   if (!(await writeChunk(res, formatSseEvent(e.type, e.raw)))) break; // the client went away
 * }
 */
export function writeChunk(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    res.write(chunk, (error) => resolve(!error));
  });
}

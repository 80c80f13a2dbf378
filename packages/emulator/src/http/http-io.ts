import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpError } from '../wire/errors.js';
import type { RecordedRequest } from './recorded-request.js';
import { SSE_CONTENT_TYPE } from './sse.js';

/** One request/response pair being served, with what the handlers need to answer it. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request's URL (against a placeholder origin), parsed on first read. */
  readonly url: URL;
  /** The `x-request-id` of the answer. */
  requestId: string;
  /** The record kept in `emulator.requests` (its `status` is set when the answer starts). */
  record: RecordedRequest;
  /** Whether the request came in under an Azure path (`/openai/…`). */
  azure: boolean;
  /**
   * Aborted when the connection closes before the answer is finished, or the emulator shuts down;
   * ends pending delays early. Made on first read.
   */
  readonly signal: AbortSignal;
  /** Whether {@link signal} is aborted, read without making the signal. */
  readonly aborted: boolean;
  /** Sets a header of the answer (replacing one of the same name), written with its head. */
  setHeader(name: string, value: string): void;
  /**
   * Writes the answer's head: the headers set so far, then `headers` (each replacing a header of
   * the same name where it stands, as `res.writeHead` does after `res.setHeader`).
   */
  writeHead(status: number, headers?: Readonly<Record<string, string | number>>): void;
  /**
   * Ends the answer (its head written already) with `body`, together with the other answers
   * finished in this turn of the event loop (see `AnswerBatch`).
   */
  endWith(body: string): void;
}

/**
 * Answers with a JSON body.
 *
 * @example
 * import { type Exchange, sendJson } from './http-io.js';
 * declare const ex: Exchange;
 * const id = 'resp_123';
 * sendJson(ex, 200, { id, object: 'response', deleted: true });
 */
export function sendJson(
  ex: Exchange,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  // Ended as a string (Node sends it in one write with the head, encoded once), with the other
  // answers of this turn of the event loop.
  const text = JSON.stringify(body);
  ex.record.status = status;
  for (const name in headers) ex.setHeader(name, headers[name]!);
  ex.setHeader('content-type', 'application/json');
  ex.setHeader('content-length', String(Buffer.byteLength(text, 'utf8')));
  ex.writeHead(status);
  ex.endWith(text);
}

/**
 * Answers with an API error: its status, `{"error": {...}}` body and extra headers.
 *
 * @example
 * import { notFound } from '../wire/errors.js';
 * import { type Exchange, sendError } from './http-io.js';
 * declare const ex: Exchange;
 * sendError(ex, notFound('No such route'));
 */
export function sendError(ex: Exchange, error: HttpError): void {
  sendJson(ex, error.status, { error: error.wire ?? error.body }, { ...error.headers });
}

/**
 * Starts a `200 text/event-stream; charset=utf-8` answer and flushes its headers.
 *
 * @example
 * import { type Exchange, startEventStream } from './http-io.js';
 * import { formatSseEvent, writeChunk } from './sse.js';
 * declare const ex: Exchange;
 * startEventStream(ex);
 * await writeChunk(ex.res, formatSseEvent('response.created', '{"type":"response.created","sequence_number":0}'));
 */
export function startEventStream(ex: Exchange): void {
  ex.record.status = 200;
  ex.writeHead(200, {
    'content-type': SSE_CONTENT_TYPE,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  ex.res.flushHeaders();
}

/**
 * Drops the connection without (further) answer, as a network failure would.
 *
 * @example
 * import { dropConnection, type Exchange } from './http-io.js';
 * declare const ex: Exchange;
 * dropConnection(ex);
 */
export function dropConnection(ex: Exchange): void {
  ex.res.destroy();
}

/**
 * Waits `ms` milliseconds; returns at once for 0 or when `signal` is (or gets) aborted. Never
 * rejects.
 *
 * @example
 * import type { ScriptTurn } from '../model/script.js';
 * import { type Exchange, sleep } from './http-io.js';
 * declare const ex: Exchange;
 * declare const turn: ScriptTurn;
 * await sleep(turn.delayMs ?? 0, ex.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

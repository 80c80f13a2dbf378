import {
  createParser,
  type EventSourceMessage,
  type EventSourceParser,
  type ParseError,
} from 'eventsource-parser';
import { APIError } from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { ResponseFailedError } from '../run-errors/run-errors.js';

/**
 * Most characters one server-sent event may hold by default (64 Mi): a partial image is a few MB
 * of base64, so this only stops a body that never ends an event.
 */
export const MAX_EVENT_CHARS = 64 * 1024 * 1024;

/**
 * The Responses API events of one SSE body, decoded as the body arrives: `feed` the text, then
 * take `parsed`. The syntax is `eventsource-parser`'s; the meaning is the SDK's (an `error` event
 * or payload becomes its `APIError`, data that is not JSON its `SyntaxError`, `[DONE]` ends it).
 * After the first failure or `[DONE]` nothing more is parsed.
 */
export class EventDecoder {
  /** The events parsed and not taken yet, in order. */
  readonly parsed: ResponseStreamEvent[] = [];
  /** Why the stream cannot go on, once it cannot. */
  failure: Error | undefined;
  /** `[DONE]` came. */
  finished = false;
  /** The HTTP headers of the response, for the errors it reports. */
  headers: Headers | undefined;
  readonly #parser: EventSourceParser;

  constructor(readonly maxEventChars: number) {
    this.#parser = createParser({
      onEvent: (message) => this.#take(message),
      onError: (error) => this.#refuse(error),
      maxBufferSize: maxEventChars,
    });
  }

  /** Decodes the next text of the body (`'\n\n'` after its end closes an event left open). */
  feed(text: string): void {
    this.#parser.feed(text);
  }

  /** Ready for another body. */
  reset(): void {
    this.#parser.reset();
    this.parsed.length = 0;
    this.failure = undefined;
    this.finished = false;
    this.headers = undefined;
  }

  #take(message: EventSourceMessage): void {
    if (this.failure || this.finished) return;
    if (message.data === '[DONE]') {
      this.finished = true;
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      this.failure = new SyntaxError('Error reading response: malformed server-sent event JSON.');
      return;
    }
    const error = (data as { error?: unknown } | null)?.error;
    if (message.event === 'error' || error) {
      this.failure = new APIError(undefined, (error ?? data) as object, undefined, this.headers);
      return;
    }
    this.parsed.push(data as ResponseStreamEvent);
  }

  #refuse(error: ParseError): void {
    if (error.type !== 'max-buffer-size-exceeded') return;
    this.failure ??= new ResponseFailedError(
      'stream_failed',
      `The service sent an event of more than ${this.maxEventChars} characters; the stream was closed.`,
      {},
    );
  }
}

/**
 * Decoders with the default limit that no stream reads now, for the next stream. A parser is a set
 * of closures, and V8 keeps the optimized code of a closure only while the closure lives: a parser
 * per stream had its hot function compiled again by the optimizing compiler after every full GC
 * (10–50 ms of a background thread each time, in `--trace-opt`). Kept parsers keep their code.
 */
const idle: EventDecoder[] = [];
/** Most idle decoders kept: more streams than this at once make new ones. */
const MAX_IDLE = 64;

/** A decoder for one body: a kept one when the limit is the default. */
export function takeDecoder(maxEventChars: number, headers: Headers): EventDecoder {
  const decoder = (maxEventChars === MAX_EVENT_CHARS && idle.pop()) || new EventDecoder(maxEventChars);
  decoder.headers = headers;
  return decoder;
}

/** The stream is done with `decoder`: it is reset, and kept for the next one when it can be. */
export function releaseDecoder(decoder: EventDecoder): void {
  decoder.reset();
  if (decoder.maxEventChars === MAX_EVENT_CHARS && idle.length < MAX_IDLE) idle.push(decoder);
}

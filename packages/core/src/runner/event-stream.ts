import { OpenAIError } from 'openai';
import type { APIPromise } from 'openai/core/api-promise';
import type { Stream } from 'openai/core/streaming';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { ConfigurationError } from '../errors/input-errors.js';
import { MAX_EVENT_CHARS, releaseDecoder, takeDecoder } from './event-decoder.js';

/** Options of {@link openEventStream}. */
export interface EventStreamOptions {
  /**
   * Most characters one event may hold before the stream fails (default {@link MAX_EVENT_CHARS}),
   * so a body that never ends an event cannot fill the memory.
   */
  maxEventChars?: number;
}

/**
 * A Responses API event stream read from the HTTP body by turnkit, with the request's
 * `controller` (aborting it ends a read in flight and closes the connection).
 */
export interface ResponseEventStream extends AsyncIterable<ResponseStreamEvent> {
  /** The `openai` request's controller: aborting it ends the stream quietly. */
  readonly controller: AbortController;
}

/**
 * Opens the events of a streamed Responses request (`create` or `retrieve` with `stream: true`).
 *
 * The request goes through the `openai` client as always (auth, retries, HTTP errors as the
 * SDK's `APIError`s); only the body is read here, with `eventsource-parser` instead of the SDK's
 * `Stream`, which saves about a fifth of a plain `openai` loop's CPU (docs/performance.md). The
 * events and errors are the SDK's: an `error` event or a payload with an `error` field is thrown
 * as an `APIError`, text that is not JSON as the SDK's `SyntaxError`, `[DONE]` ends the stream,
 * an event left open when the body ends still counts, an abort ends it without an error, and
 * leaving before the end aborts the request. A client whose `create` is not the SDK's (no
 * `withResponse`) keeps its own stream.
 *
 * @throws {ResponseFailedError} from the iteration (`stream_failed`), when an event holds more
 *   than `maxEventChars`: the request is aborted then.
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { openEventStream } from '@turnkit/core';
 * const client = new OpenAI();
 * const events = await openEventStream(client.responses.create({ model: 'gpt-5.1', input: 'Hi', stream: true }));
 * for await (const event of events) if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
 * ```
 */
export async function openEventStream(
  pending: APIPromise<Stream<ResponseStreamEvent>>,
  options: EventStreamOptions = {},
): Promise<AsyncIterable<ResponseStreamEvent>> {
  const problem =
    typeof options !== 'object' || options === null
      ? `openEventStream() takes an options object such as { maxEventChars: 1048576 }, got ${String(options)}.`
      : options.maxEventChars !== undefined &&
          (!Number.isSafeInteger(options.maxEventChars) || options.maxEventChars < 1)
        ? '`maxEventChars` must be a positive whole number of characters.'
        : undefined;
  if (problem) {
    // The request is under way: close it rather than leave its stream (or failure) unread.
    Promise.resolve(pending).then(
      (stream) => stream.controller?.abort(),
      () => {},
    );
    throw new ConfigurationError('maxEventChars', problem);
  }
  const maxEventChars = options.maxEventChars ?? MAX_EVENT_CHARS;
  if (typeof (pending as Partial<typeof pending>).withResponse !== 'function') return await pending;
  const sent = await sentRequest(pending);
  if (sent) return new BodyEvents(sent.response, sent.controller, maxEventChars);
  const { data, response } = await pending.withResponse();
  return new BodyEvents(response, data.controller, maxEventChars);
}

/** What the SDK's request promise resolves to: the HTTP response and the request's controller. */
interface SentRequest {
  response: Response;
  controller: AbortController;
}

/**
 * The HTTP response and controller of `pending`, from the SDK's own promise of them (its
 * `responsePromise`, which `asResponse()` reads too), or `undefined` when this `openai` has no
 * such promise. `withResponse()` gives the same two, but first parses the response, which for a
 * stream builds the SDK's `Stream`, logs and tags it: about 2 % of a turn's CPU, for an object
 * nothing reads. The request and its errors are the same either way (a failed request rejects
 * this promise with the SDK's `APIError`).
 */
async function sentRequest(
  pending: APIPromise<Stream<ResponseStreamEvent>>,
): Promise<SentRequest | undefined> {
  const props = (pending as unknown as { responsePromise?: unknown }).responsePromise;
  if (!(props instanceof Promise)) return undefined;
  const sent = (await props) as Partial<SentRequest> | null;
  return sent?.response instanceof Response && sent.controller instanceof AbortController
    ? (sent as SentRequest)
    : undefined;
}

class BodyEvents implements ResponseEventStream {
  #consumed = false;

  constructor(
    private readonly response: Response,
    readonly controller: AbortController,
    private readonly maxEventChars: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<ResponseStreamEvent> {
    if (this.#consumed) throw new OpenAIError('This response stream was read already.');
    this.#consumed = true;
    return readEvents(this.response, this.controller, this.maxEventChars);
  }
}

/** The parsed events of one SSE body, in wire order; see {@link openEventStream}. */
async function* readEvents(
  response: Response,
  controller: AbortController,
  maxEventChars: number,
): AsyncGenerator<ResponseStreamEvent, void, undefined> {
  const body = response.body;
  if (!body) {
    controller.abort();
    throw new OpenAIError('The streamed response has no body.');
  }
  const events = takeDecoder(maxEventChars, response.headers);
  const parsed = events.parsed;
  const text = new TextDecoder();
  const reader = body.getReader();
  // Some fetch implementations do not end a pending read on abort; cancelling the reader does.
  const cancel = (): void => {
    reader.cancel().catch(() => {});
  };
  controller.signal.addEventListener('abort', cancel, { once: true });
  /** The body was read to its end (or to `[DONE]`): nothing to abort. */
  let ended = false;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (controller.signal.aborted) return;
      if (chunk.done) {
        // An event the server left open when the body ended still counts (the SDK does the same).
        events.feed(`${text.decode()}\n\n`);
        ended = true;
      } else {
        events.feed(text.decode(chunk.value, { stream: true }));
      }
      for (let i = 0; i < parsed.length; i++) {
        yield parsed[i] as ResponseStreamEvent;
        if (controller.signal.aborted) return;
      }
      parsed.length = 0;
      if (events.failure) throw events.failure;
      if (events.finished) {
        ended = true;
        cancel();
        return;
      }
      if (ended) return;
    }
  } catch (error) {
    // An abort (a stall, the run's signal) ends the stream without an error, as the SDK's does.
    if (controller.signal.aborted) return;
    throw error;
  } finally {
    controller.signal.removeEventListener('abort', cancel);
    releaseDecoder(events);
    // Leaving before the end (a `break`, a thrown error) aborts the request, as the SDK's does.
    if (!ended && !controller.signal.aborted) controller.abort();
  }
}

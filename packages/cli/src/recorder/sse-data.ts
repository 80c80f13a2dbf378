import { createParser } from 'eventsource-parser';

/**
 * Splits a Server-Sent Events byte stream into the `data` of each event, as bytes arrive in any
 * pieces (the SSE syntax is `eventsource-parser`'s: lines end at CRLF, LF or CR; `data:` lines of
 * one event are joined with a newline; an event ends at a blank line). Other fields (`event:`,
 * `id:`, comments) are not needed for a recording: a Responses event's name is its JSON's `type`.
 * Nothing here does I/O.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 * @example
 * ```ts
 * import { SseDataSplitter } from './sse-data.js';
 * declare const body: AsyncIterable<Uint8Array>; // a streamed response's body, as it arrives
 * const events: unknown[] = [];
 * const sse = new SseDataSplitter();
 * for await (const chunk of body) for (const data of sse.feed(chunk)) events.push(JSON.parse(data));
 * for (const data of sse.end()) events.push(JSON.parse(data)); // an event the stream did not close with a blank line
 * ```
 */
export class SseDataSplitter {
  readonly #decoder = new TextDecoder('utf-8');
  #out: string[] = [];
  readonly #parser = createParser({ onEvent: (event) => this.#out.push(event.data) });

  /** Reads the next bytes; returns the data of every event they complete. */
  feed(chunk: Uint8Array): string[] {
    return this.#take(this.#decoder.decode(chunk, { stream: true }));
  }

  /** Ends the stream; returns the data of an event left open at the end, if any. */
  end(): string[] {
    // Two line ends close a last line and then the event, as a blank line would have.
    return this.#take(`${this.#decoder.decode()}\n\n`);
  }

  #take(text: string): string[] {
    this.#parser.feed(text);
    const out = this.#out;
    this.#out = [];
    return out;
  }
}

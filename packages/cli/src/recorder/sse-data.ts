/**
 * Splits a Server-Sent Events byte stream into the `data` of each event, as bytes arrive in any
 * pieces: lines end at CRLF, LF or CR (a CR at the end of a piece waits for the next, which may
 * start with its LF); `data:` lines of one event are joined with a newline; an event ends at a
 * blank line. Other fields (`event:`, `id:`, comments) are not needed for a recording: a
 * Responses event's name is its JSON's `type`. Nothing here does I/O.
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
  #line = '';
  #data: string[] = [];
  #pendingCr = false;

  /** Reads the next bytes; returns the data of every event they complete. */
  feed(chunk: Uint8Array): string[] {
    return this.#text(this.#decoder.decode(chunk, { stream: true }));
  }

  /** Ends the stream; returns the data of an event left open at the end, if any. */
  end(): string[] {
    const out = this.#text(this.#decoder.decode());
    if (this.#line !== '') out.push(...this.#takeLine(this.#line));
    this.#line = '';
    if (this.#data.length) out.push(this.#data.join('\n'));
    this.#data = [];
    return out;
  }

  #text(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (this.#pendingCr) {
        this.#pendingCr = false;
        if (char === '\n' && i === start) {
          start = i + 1;
          continue;
        }
      }
      if (char === '\n' || char === '\r') {
        out.push(...this.#takeLine(this.#line + text.slice(start, i)));
        this.#line = '';
        if (char === '\r') this.#pendingCr = true;
        start = i + 1;
      }
    }
    this.#line += text.slice(start);
    return out;
  }

  #takeLine(line: string): string[] {
    if (line === '') {
      if (this.#data.length === 0) return [];
      const data = this.#data.join('\n');
      this.#data = [];
      return [data];
    }
    if (line.startsWith(':')) return [];
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    return [];
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnswerBatch } from './answer-batch.js';
import type { Exchange } from './http-io.js';
import type { RecordedRequest } from './recorded-request.js';
import { type RequestTarget, targetUrl } from './request-target.js';

/**
 * The {@link Exchange} of a request being served. Its `signal` is made on first read, and the
 * connection's `AbortController` only then: a request whose handler never reads it (every JSON
 * answer without hosted MCP tools or delays) makes neither.
 *
 * @example
 * ```ts
 * import type { IncomingMessage, ServerResponse } from 'node:http';
 * import { AnswerBatch } from './answer-batch.js';
 * import type { RecordedRequest } from './recorded-request.js';
 * import { requestTarget } from './request-target.js';
 * import { ServedExchange } from './served-exchange.js';
 * declare const req: IncomingMessage;
 * declare const res: ServerResponse;
 * declare const record: RecordedRequest; // what emulator.requests keeps of it
 * declare const closing: AbortSignal; // aborted when the emulator closes
 * const ex = new ServedExchange({
 *   req, res, requestId: 'req_1', record, azure: false,
 *   target: requestTarget(req.url), closing, answers: new AnswerBatch(),
 * });
 * ```
 */
export class ServedExchange implements Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly record: RecordedRequest;
  readonly azure: boolean;
  readonly #closing: AbortSignal;
  readonly #answers: AnswerBatch;
  #url: URL | undefined;
  /** The connection went before the answer was finished. */
  #gone = false;
  #connection: AbortController | undefined;
  #signal: AbortSignal | undefined;
  /** The headers set so far, as the flat [name, value, …] list `res.writeHead` takes. */
  readonly #head: string[] = [];

  constructor(options: {
    req: IncomingMessage;
    res: ServerResponse;
    requestId: string;
    record: RecordedRequest;
    azure: boolean;
    target: RequestTarget;
    /** Aborted when the emulator closes. */
    closing: AbortSignal;
    /** The emulator's batch of answers to end at the end of this turn of the event loop. */
    answers: AnswerBatch;
  }) {
    this.req = options.req;
    this.res = options.res;
    this.requestId = options.requestId;
    this.record = options.record;
    this.azure = options.azure;
    this.#url = options.target.url;
    this.#closing = options.closing;
    this.#answers = options.answers;
    // Aborted only when the connection goes before the answer is finished: a normal close costs
    // no abort (no DOMException).
    this.res.on('close', () => {
      if (this.res.writableFinished) return;
      this.#gone = true;
      this.#connection?.abort();
    });
  }

  get url(): URL {
    this.#url ??= targetUrl(this.req.url);
    return this.#url;
  }

  get signal(): AbortSignal {
    if (!this.#signal) {
      this.#connection = new AbortController();
      if (this.#gone) this.#connection.abort();
      this.#signal = AbortSignal.any([this.#connection.signal, this.#closing]);
    }
    return this.#signal;
  }

  get aborted(): boolean {
    return this.#gone || this.#closing.aborted;
  }

  setHeader(name: string, value: string): void {
    const head = this.#head;
    for (let i = 0; i < head.length; i += 2) {
      // Header names are ASCII: names of other lengths differ without being lower-cased.
      const set = head[i]!;
      if (set.length === name.length && (set === name || set.toLowerCase() === name.toLowerCase())) {
        head[i + 1] = value;
        return;
      }
    }
    head.push(name, value);
  }

  // One writeHead with a list: Node validates each header once, and keeps no header map.
  writeHead(status: number, headers: Readonly<Record<string, string | number>> = {}): void {
    for (const name in headers) this.setHeader(name, String(headers[name]));
    this.res.writeHead(status, this.#head);
  }

  endWith(body: string): void {
    this.#answers.end(this.res, body);
  }
}

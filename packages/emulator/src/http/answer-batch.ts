import type { ServerResponse } from 'node:http';

/**
 * Ends the answers that are finished during one turn of the event loop together, at the end of
 * that turn (`setImmediate`), instead of each as soon as it is ready. The bytes are the same;
 * the answers leave a few microseconds later, one after the other. Under concurrent load this
 * spares a wake-up of the client per answer: a client that sent several requests gets woken once
 * for the answers of a turn rather than once for each, and a socket write that wakes a sleeping
 * process is the most expensive part of a small answer (on a two-core VM, a write that wakes the
 * load generator costs about as much as building the answer).
 *
 * @example
 * ```ts
 * import type { ServerResponse } from 'node:http';
 * import { AnswerBatch } from './answer-batch.js';
 * declare const res: ServerResponse;
 * const body = '{"object":"response"}';
 * const answers = new AnswerBatch();
 * res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
 * answers.end(res, body);
 * ```
 */
export class AnswerBatch {
  #responses: ServerResponse[] = [];
  #bodies: string[] = [];
  #scheduled = false;

  /**
   * Ends `res` with `body` (UTF-8) at the end of this turn of the event loop, after the answers
   * queued before it. Its head must be written already (`writeHead`), so `headersSent` is true
   * from now on. A response whose connection is gone by then is skipped.
   */
  end(res: ServerResponse, body: string): void {
    this.#responses.push(res);
    this.#bodies.push(body);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  /** Ends every queued answer now (the emulator's `close()` does this before it drops connections). */
  flush(): void {
    const responses = this.#responses;
    const bodies = this.#bodies;
    this.#responses = [];
    this.#bodies = [];
    for (let i = 0; i < responses.length; i++) {
      const res = responses[i]!;
      if (!res.destroyed) res.end(bodies[i], 'utf8');
    }
  }
}

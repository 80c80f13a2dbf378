import { dropConnection, type Exchange, startEventStream } from '../http/http-io.js';
import { formatSseEvent, writeChunk } from '../http/sse.js';
import type { ResponseObject, SseEvent, WireItem } from '../wire/wire-types.js';

const TERMINAL_EVENTS = new Set(['response.completed', 'response.failed', 'response.incomplete']);

/**
 * One background response while it runs and after: every event it produced, stored with its
 * `sequence_number` (its index), and its current Response. `GET /responses/{id}?stream=true`
 * replays the events and then follows the live ones.
 *
 * @example
 * import { numberEvents } from '../http/sse.js';
 * import type { ResponseStore } from '../state/store.js';
 * import type { ResponseObject } from '../wire/wire-types.js';
 * import { BackgroundRun } from './background-run.js';
 * declare const queued: ResponseObject; // status 'queued'
 * declare const store: ResponseStore;
 * const run = new BackgroundRun(queued, (response) => store.put({ response, inputContext: [] })); // keeps the stored copy current
 * run.push(...numberEvents([{ type: 'response.created', response: queued }], 0));
 */
export class BackgroundRun {
  /** Every event so far; `events[n].data.sequence_number === n`. */
  readonly events: SseEvent[] = [];
  /** Aborted when the work must stop: cancelled, deleted or reset. */
  readonly controller: AbortController;
  #response: ResponseObject;
  #finished = false;
  readonly #output: WireItem[] = [];
  #inFlight: WireItem | undefined;
  #wake: Array<() => void> = [];
  readonly #onChange: (response: ResponseObject) => void;

  constructor(
    response: ResponseObject,
    onChange: (response: ResponseObject) => void,
    controller: AbortController = new AbortController(),
  ) {
    this.#response = response;
    this.controller = controller;
    this.#onChange = onChange;
  }

  /** The Response as it stands: status, the items done so far, and usage once finished. */
  get response(): ResponseObject {
    return this.#response;
  }

  /** Whether no event will follow (a terminal event was stored, or the work was stopped). */
  get finished(): boolean {
    return this.#finished;
  }

  /** The items done so far, then the item being produced (as `response.output_item.added` announced it). */
  get partialOutput(): WireItem[] {
    return this.#inFlight ? [...this.#output, this.#inFlight] : [...this.#output];
  }

  /** The sequence number the next event gets. */
  get nextSequenceNumber(): number {
    return this.events.length;
  }

  /**
   * Stores events (already numbered from {@link nextSequenceNumber}), updates the Response and wakes
   * the streams that follow the run. A terminal event finishes the run.
   */
  push(...events: SseEvent[]): void {
    if (this.#finished) return;
    for (const event of events) {
      this.events.push(event);
      const { type, data } = event;
      if (type === 'response.output_item.added') this.#inFlight = data.item as WireItem;
      if (type === 'response.output_item.done') {
        this.#output.push(data.item as WireItem);
        this.#inFlight = undefined;
        this.#response = { ...this.#response, output: [...this.#output] };
      }
      const response = data.response as ResponseObject | undefined;
      if (response) {
        this.#response = TERMINAL_EVENTS.has(type) ? response : { ...response, output: [...this.#output] };
      }
      if (TERMINAL_EVENTS.has(type)) this.#finished = true;
    }
    this.#onChange(this.#response);
    this.#notify();
  }

  /** Ends the run without a further event (the work was stopped); streams that follow it end. */
  finish(): void {
    this.#finished = true;
    this.#notify();
  }

  /** Resolves when an event is pushed, the run finishes, or `signal` aborts. */
  changed(signal: AbortSignal): Promise<void> {
    if (this.#finished || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#wake.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const fn of wake) fn();
  }
}

/**
 * Streams a background run over SSE: the stored events with `sequence_number > startingAfter`,
 * then the live ones, then ends after the terminal event. `dropAfter` (a `disconnect` fault; read
 * again after each event, since the cut is known once the turn is planned) destroys this
 * connection once that many events were sent to it; the run itself goes on.
 *
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import { type BackgroundRun, followRun } from './background-run.js';
 * declare const run: BackgroundRun;
 * declare const ex: Exchange; // a GET /responses/{id}?stream=true
 * await followRun(run, ex, -1);
 */
export async function followRun(
  run: BackgroundRun,
  ex: Exchange,
  startingAfter: number,
  dropAfter: () => number | undefined = () => undefined,
): Promise<void> {
  startEventStream(ex);
  let next = Math.max(0, startingAfter + 1);
  let sent = 0;
  for (;;) {
    while (next < run.events.length) {
      if (sent >= (dropAfter() ?? Number.POSITIVE_INFINITY)) return dropConnection(ex);
      const event = run.events[next++] as SseEvent;
      if (ex.signal.aborted || !(await writeChunk(ex.res, formatSseEvent(event.type, event.raw)))) return;
      sent++;
    }
    if (sent >= (dropAfter() ?? Number.POSITIVE_INFINITY) && !run.finished) return dropConnection(ex);
    if (run.finished) break;
    await run.changed(ex.signal);
    if (ex.signal.aborted) return;
  }
  ex.res.end();
}

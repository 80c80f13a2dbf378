import type { ObjectContext, ObjectSharedContext } from '@restatedev/restate-sdk';
import type { DurableEvent, EventsPage, PublishedEvent } from '../contract/wire.js';

/** Events per state entry: a flush rewrites at most one partly filled page. */
const PAGE_SIZE = 100;
const COUNT_KEY = 'events/count';
const pageKey = (page: number) => `events/${page}`;

/** A place in the log reserved when a step starts, filled with the step's events when it ends. */
export interface Slot {
  fill(events: readonly PublishedEvent[]): void;
}

type Pending = { events: PublishedEvent[] } | { slot: PublishedEvent[] | undefined };

/**
 * A conversation's event log in Restate object state, written by the run handler and read by the
 * shared `events` handler with an offset.
 *
 * Everything written goes through the journal, so a replay must write the same values at the
 * same points. Events are therefore written only when no step is in flight, and each step's events
 * go into the place reserved when the step started (not where it happened to finish): steps of
 * one turn may finish in any order, and a replay may see them finish in another.
 */
export class EventLog {
  readonly #ctx: ObjectContext;
  readonly #runId: string;
  #count: number;
  #page: DurableEvent[];
  #pending: Pending[] = [];
  #inFlight = 0;

  private constructor(ctx: ObjectContext, runId: string, count: number, page: DurableEvent[]) {
    this.#ctx = ctx;
    this.#runId = runId;
    this.#count = count;
    this.#page = page;
  }

  /** Opens the log of the handler's object for the run `runId`. */
  static async open(ctx: ObjectContext, runId: string): Promise<EventLog> {
    const count = (await ctx.get<number>(COUNT_KEY)) ?? 0;
    const page =
      count % PAGE_SIZE
        ? ((await ctx.get<DurableEvent[]>(pageKey(Math.floor(count / PAGE_SIZE)))) ?? [])
        : [];
    return new EventLog(ctx, runId, count, page);
  }

  /** Events in the log, including those not written yet. */
  get count(): number {
    return this.#count;
  }

  /** Adds an event that happened outside any step; it is written at the next flush. */
  push(event: PublishedEvent): void {
    const last = this.#pending.at(-1);
    if (last && 'events' in last) last.events.push(event);
    else this.#pending.push({ events: [event] });
  }

  /** Reserves the place of a step's events; call `fill` on the slot when the step ends. */
  openSlot(): Slot {
    if (this.#inFlight === 0) this.flush();
    this.#inFlight++;
    const entry: Pending = { slot: undefined };
    this.#pending.push(entry);
    let filled = false;
    return {
      fill: (events) => {
        if (filled) return;
        filled = true;
        (entry as { slot: PublishedEvent[] | undefined }).slot = [...events];
        this.#inFlight--;
        if (this.#inFlight === 0) this.flush();
      },
    };
  }

  /** Writes what is pending, unless a step is in flight (then the last step to end writes it). */
  flush(): void {
    if (this.#inFlight > 0 || this.#pending.length === 0) return;
    const events = this.#pending.flatMap((entry) => ('events' in entry ? entry.events : (entry.slot ?? [])));
    this.#pending = [];
    if (events.length === 0) return;
    let page = Math.floor(this.#count / PAGE_SIZE);
    for (const event of events) {
      this.#page.push({ seq: this.#count++, runId: this.#runId, event });
      if (this.#page.length === PAGE_SIZE) {
        this.#ctx.set(pageKey(page), this.#page);
        this.#page = [];
        page++;
      }
    }
    if (this.#page.length) this.#ctx.set(pageKey(page), this.#page);
    this.#ctx.set(COUNT_KEY, this.#count);
  }
}

/** Reads events `[after, after + limit)` of the handler's object (the shared `events` handler). */
export async function readEvents(
  ctx: ObjectSharedContext,
  after: number,
  limit: number,
): Promise<EventsPage> {
  const total = (await ctx.get<number>(COUNT_KEY)) ?? 0;
  const end = Math.min(total, after + limit);
  const events: DurableEvent[] = [];
  for (let page = Math.floor(after / PAGE_SIZE); page * PAGE_SIZE < end; page++) {
    for (const entry of (await ctx.get<DurableEvent[]>(pageKey(page))) ?? []) {
      if (entry.seq >= after && entry.seq < end) events.push(entry);
    }
  }
  return { events, next: after + events.length, total };
}

/** Events in the log of the handler's object. */
export async function eventCount(ctx: ObjectSharedContext): Promise<number> {
  return (await ctx.get<number>(COUNT_KEY)) ?? 0;
}

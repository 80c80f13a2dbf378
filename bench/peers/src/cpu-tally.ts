// What the CPU phase counts and times, and the messages between it and a contender's process.

/** What the runs of one contender did, summed over its blocks (warm-up included). */
export interface WorkTally {
  runs: number;
  requests: number;
  toolCalls: number;
  /** Characters of all request bodies: how much each contender sends for the same work. */
  bodyChars: number;
  /** Runs whose final text was not the expected one. */
  wrongTexts: number;
  /** The first wrong text seen, to show in the check. */
  firstWrongText?: string;
}

export const emptyTally = (): WorkTally => ({
  runs: 0,
  requests: 0,
  toolCalls: 0,
  bodyChars: 0,
  wrongTexts: 0,
});

/** Adds what `more` counted to `into`. */
export function addTally(into: WorkTally, more: WorkTally): void {
  into.runs += more.runs;
  into.requests += more.requests;
  into.toolCalls += more.toolCalls;
  into.bodyChars += more.bodyChars;
  into.wrongTexts += more.wrongTexts;
  if (more.firstWrongText !== undefined) into.firstWrongText ??= more.firstWrongText;
}

/** Per-run means of one timed block. */
export interface BlockTiming {
  /** User + system CPU of the contender's process (every thread of it) since its previous block, µs per run. */
  cpuUs: number;
  /** Wall-clock time, ms per run. */
  wallMs: number;
}

/** To a contender's process: `runs` runs in a row, timed (`block`) or not (`warm`). */
export interface ChildRequest {
  op: 'warm' | 'block';
  runs: number;
}

/** From a contender's process: it is ready, a request is done, or a run failed (then it exits). */
export type ChildReply =
  | { op: 'ready' }
  | { op: 'done'; tally: WorkTally; timing?: BlockTiming }
  | { op: 'failed'; message: string };

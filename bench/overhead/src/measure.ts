// Timing of blocks of runs, and the tally that checks both loops did the same work.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { quantile } from '../../common/stats.ts';
import { FINAL_TEXT, type RunOutcome, toolCounter } from './workload.ts';

/** What the runs of one loop did, summed over its blocks. */
export interface WorkTally {
  runs: number;
  requests: number;
  toolExecutions: number;
  totalTokens: number;
  /** Runs whose final text was not the scripted one. */
  wrongTexts: number;
  /** The first wrong text seen, to show in the check. */
  firstWrongText?: string;
}

/** Per-run means of one timed block. */
export interface BlockTiming {
  /** User + system CPU of this process, µs per run. */
  cpuUs: number;
  /** Wall-clock time, ms per run. */
  wallMs: number;
}

export function emptyTally(): WorkTally {
  return { runs: 0, requests: 0, toolExecutions: 0, totalTokens: 0, wrongTexts: 0 };
}

/**
 * A full garbage collection before each block, so a block does not pay for the garbage of the
 * block before it (the other loop's). Turned on at run time; `undefined` if V8 refuses.
 */
export const collectGarbage = ((): (() => void) | undefined => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

export const forcesGc = collectGarbage !== undefined;

/** Runs `run` `n` times in a row and returns the per-run CPU and wall time; adds what it did to `tally`. */
export async function timeBlock(
  run: () => Promise<RunOutcome>,
  n: number,
  tally: WorkTally,
): Promise<BlockTiming> {
  const outcomes: RunOutcome[] = new Array(n);
  collectGarbage?.();
  const executionsBefore = toolCounter.executions;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (let i = 0; i < n; i++) outcomes[i] = await run();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  record(tally, outcomes, toolCounter.executions - executionsBefore);
  return { cpuUs: (cpu.user + cpu.system) / n, wallMs: wallMs / n };
}

/** One untimed run (warm-up); still checked. */
export async function untimedRun(run: () => Promise<RunOutcome>, tally: WorkTally): Promise<void> {
  const executionsBefore = toolCounter.executions;
  const outcome = await run();
  record(tally, [outcome], toolCounter.executions - executionsBefore);
}

/** Adds what `outcomes` did to `tally`; a run whose text is not `expected` counts as wrong. */
export function record(
  tally: WorkTally,
  outcomes: readonly RunOutcome[],
  toolExecutions: number,
  expected: string = FINAL_TEXT,
): void {
  tally.toolExecutions += toolExecutions;
  for (const outcome of outcomes) {
    tally.runs++;
    tally.requests += outcome.requests;
    tally.totalTokens += outcome.totalTokens;
    if (outcome.text !== expected) {
      tally.wrongTexts++;
      tally.firstWrongText ??= outcome.text;
    }
  }
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

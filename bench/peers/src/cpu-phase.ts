// CPU and wall-clock time per run: interleaved rounds, each timing one block of runs of every
// contender in a shuffled order, with a full GC before each block.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { seededRandom, shuffled } from '../../common/random.ts';
import { BASELINE, type Contender, type ContenderName, sameModeBaseline } from './contenders.ts';
import { type RunOutcome, toolCounter, WORK_PROMPT, WORK_TEXT } from './workload.ts';

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

/** Per-run means of one timed block. */
export interface BlockTiming {
  /** User + system CPU of this process, µs per run. */
  cpuUs: number;
  /** Wall-clock time, ms per run. */
  wallMs: number;
}

/** One round: a block of every contender, in `order`, and the ratios to the raw loop. */
export interface CpuRound {
  order: ContenderName[];
  timings: Partial<Record<ContenderName, BlockTiming>>;
  /** CPU and wall of each contender ÷ the streamed raw loop's, in this round. */
  ratio: Partial<Record<ContenderName, { cpu: number; wall: number }>>;
  /** The same ÷ the raw loop of the same wire mode (streamed or not). */
  sameModeRatio: Partial<Record<ContenderName, { cpu: number; wall: number }>>;
}

/** A full GC, turned on at run time (`--expose-gc` from inside); `undefined` if V8 refuses. */
export const collectGarbage = ((): (() => void) | undefined => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

function record(
  tally: WorkTally,
  contender: Contender,
  outcomes: readonly RunOutcome[],
  before: Snapshot,
): void {
  tally.runs += outcomes.length;
  tally.requests += contender.tally.requests - before.requests;
  tally.bodyChars += contender.tally.bodyChars - before.bodyChars;
  tally.toolCalls += toolCounter.executions - before.toolCalls;
  for (const outcome of outcomes) {
    if (outcome.text !== WORK_TEXT) {
      tally.wrongTexts++;
      tally.firstWrongText ??= outcome.text;
    }
  }
}

interface Snapshot {
  requests: number;
  bodyChars: number;
  toolCalls: number;
}

const snapshot = (contender: Contender): Snapshot => ({
  requests: contender.tally.requests,
  bodyChars: contender.tally.bodyChars,
  toolCalls: toolCounter.executions,
});

/** Runs `n` runs in a row and returns the per-run CPU and wall time; adds what they did to `tally`. */
export async function timeBlock(contender: Contender, n: number, tally: WorkTally): Promise<BlockTiming> {
  const outcomes: RunOutcome[] = new Array(n);
  collectGarbage?.();
  const before = snapshot(contender);
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (let i = 0; i < n; i++) outcomes[i] = await contender.run(WORK_PROMPT);
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  record(tally, contender, outcomes, before);
  return { cpuUs: (cpu.user + cpu.system) / n, wallMs: wallMs / n };
}

/** `n` untimed runs (warm-up); still checked. */
export async function warmUp(contender: Contender, n: number, tally: WorkTally): Promise<void> {
  const before = snapshot(contender);
  const outcomes: RunOutcome[] = [];
  for (let i = 0; i < n; i++) outcomes.push(await contender.run(WORK_PROMPT));
  record(tally, contender, outcomes, before);
}

/** The contenders in the order of round `index`: a Fisher–Yates shuffle seeded with the index. */
export function roundOrder<T>(items: readonly T[], index: number): T[] {
  return shuffled(items, seededRandom(index + 1));
}

/** One round: a block of `runs` runs of every contender, in the round's shuffled order. */
export async function cpuRound(
  index: number,
  contenders: readonly Contender[],
  runs: number,
  tallies: Record<string, WorkTally>,
): Promise<CpuRound> {
  const order = roundOrder(contenders, index);
  const timings: CpuRound['timings'] = {};
  for (const contender of order) {
    timings[contender.name] = await timeBlock(contender, runs, tallies[contender.name]!);
  }
  const divide = (name: ContenderName, by: ContenderName): { cpu: number; wall: number } | undefined => {
    const t = timings[name];
    const base = timings[by];
    return t && base ? { cpu: t.cpuUs / base.cpuUs, wall: t.wallMs / base.wallMs } : undefined;
  };
  const ratio: CpuRound['ratio'] = {};
  const sameModeRatio: CpuRound['sameModeRatio'] = {};
  for (const { name } of contenders) {
    const r = divide(name, BASELINE);
    if (r) ratio[name] = r;
    const s = divide(name, sameModeBaseline(name));
    if (s) sameModeRatio[name] = s;
  }
  return { order: order.map((c) => c.name), timings, ratio, sameModeRatio };
}

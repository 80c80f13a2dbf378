// What the benchmark prints: the work check, the table of figures, and the verdict.
import { isDeepStrictEqual } from 'node:util';
import { type Spread, spread } from '../../common/stats.ts';
import type { BlockTiming, WorkTally } from './measure.ts';
import { CALLS_PER_TURN, REQUESTS_PER_RUN, TOOL_TURNS } from './workload.ts';

/**
 * The loops measured: the raw `openai` loop, `agent.run()`, an `agent.stream()` iterated to its
 * every event, and one iterated through `stream.events({ types })` for what a chat shows (text
 * deltas and tool calls: see SHOWN_TYPES).
 */
export const LOOPS = ['raw', 'run', 'stream', 'events'] as const;
export type LoopName = (typeof LOOPS)[number];
/** The turnkit loops, each compared with the raw loop. */
export const TURNKIT_LOOPS = ['run', 'stream', 'events'] as const;
export type TurnkitLoop = (typeof TURNKIT_LOOPS)[number];

/**
 * CPU per run at most this many times the raw loop's (issue 15: 1.02× for run(), 1.03× for an
 * iterated stream(), which `events` is too).
 */
export const CPU_TARGET: Record<TurnkitLoop, number> = { run: 1.02, stream: 1.03, events: 1.03 };
/** Wall-clock time per run at most this many times the raw loop's. */
export const WALL_TARGET = 1.1;

export const LABEL: Record<LoopName, string> = {
  raw: 'raw openai',
  run: 'agent.run()',
  stream: 'agent.stream()',
  events: 'stream.events(…)',
};

/** How the verdict names each turnkit loop. */
export const CALL: Record<TurnkitLoop, string> = { run: 'run()', stream: 'stream()', events: 'events()' };

/** One round: a block of each loop, back to back, in `order`. */
export interface Round {
  order: LoopName[];
  timings: Record<LoopName, BlockTiming>;
  /** turnkit/raw per turnkit loop. */
  ratio: Record<TurnkitLoop, { cpu: number; wall: number }>;
}

/** A ratio over the rounds: the headline median, the middle half of the rounds, and the extremes. */
export type RatioSummary = Spread;

export interface Summary {
  /** Per-run means over the rounds. */
  means: Record<LoopName, BlockTiming>;
  ratio: Record<TurnkitLoop, { cpu: RatioSummary; wall: RatioSummary }>;
  withinTarget: boolean;
}

/** The order of round `index`: every loop goes first, second, third … equally often. */
export function roundOrder(index: number): LoopName[] {
  const n = LOOPS.length;
  const rotated = [...LOOPS.slice(index % n), ...LOOPS.slice(0, index % n)];
  return Math.floor(index / n) % 2 === 0 ? rotated : rotated.reverse();
}

/** Whether every loop did the same, complete work; with the lines that say so. */
export function checkWork(
  tallies: Record<LoopName, WorkTally>,
  sameToolDefinition: boolean,
  perRun: { requests: number; toolCalls: number } = {
    requests: REQUESTS_PER_RUN,
    toolCalls: TOOL_TURNS * CALLS_PER_TURN,
  },
): { ok: boolean; lines: string[] } {
  const problems: string[] = [];
  const row = (name: LoopName): string => {
    const t = tallies[name];
    return `  ${name.padEnd(9)}${String(t.runs).padStart(6)}${String(t.requests).padStart(10)}${String(t.toolExecutions).padStart(12)}${String(t.totalTokens).padStart(11)}   ${t.runs - t.wrongTexts}/${t.runs} as scripted`;
  };
  for (const name of LOOPS) {
    const t = tallies[name];
    if (t.requests !== t.runs * perRun.requests) {
      problems.push(`${name} made ${t.requests} requests, expected ${t.runs * perRun.requests}`);
    }
    if (t.toolExecutions !== t.runs * perRun.toolCalls) {
      problems.push(`${name} ran the tool ${t.toolExecutions} times, expected ${t.runs * perRun.toolCalls}`);
    }
    if (t.wrongTexts > 0) {
      problems.push(
        `${name} ended ${t.wrongTexts} run(s) with another text, e.g. ${JSON.stringify(t.firstWrongText)}`,
      );
    }
  }
  const work = (name: LoopName) => {
    const { firstWrongText: _, ...rest } = tallies[name];
    return rest;
  };
  for (const name of TURNKIT_LOOPS) {
    if (!isDeepStrictEqual(work(name), work('raw')))
      problems.push(`${name} and raw did not do the same work`);
  }
  if (!sameToolDefinition) problems.push('the loops do not send the same tool definition');
  const lines = [
    'Work check (warm-up included):',
    '  loop       runs  requests  tool calls     tokens   final text',
    ...LOOPS.map(row),
    `  same tool definition sent: ${sameToolDefinition ? 'yes' : 'NO'}`,
    problems.length === 0
      ? '  ✓ every loop did the same work (same requests, tool executions, tokens and final text)'
      : `  ✗ ${problems.join('; ')}`,
  ];
  return { ok: problems.length === 0, lines };
}

/** Means of the per-run figures over the rounds, and the median of the per-round ratios. */
export function summarizeRounds(rounds: readonly Round[]): Summary {
  const meanOf = (pick: (r: Round) => number): number =>
    rounds.reduce((s, r) => s + pick(r), 0) / rounds.length;
  const means = {} as Summary['means'];
  for (const name of LOOPS) {
    means[name] = {
      cpuUs: meanOf((r) => r.timings[name].cpuUs),
      wallMs: meanOf((r) => r.timings[name].wallMs),
    };
  }
  const ratio = {} as Summary['ratio'];
  for (const name of TURNKIT_LOOPS) {
    ratio[name] = {
      cpu: spread(rounds.map((r) => r.ratio[name].cpu)),
      wall: spread(rounds.map((r) => r.ratio[name].wall)),
    };
  }
  const withinTarget = TURNKIT_LOOPS.every(
    (name) => ratio[name].cpu.median <= CPU_TARGET[name] && ratio[name].wall.median <= WALL_TARGET,
  );
  return { means, ratio, withinTarget };
}

export const x = (ratio: number): string => `${ratio.toFixed(3)}×`;

export function progressLine(index: number, total: number, round: Round): string {
  const t = (name: LoopName) =>
    `${name} ${round.timings[name].cpuUs.toFixed(0)} µs ${round.timings[name].wallMs.toFixed(2)} ms`;
  return (
    `round ${String(index + 1).padStart(String(total).length)}/${total} (${round.order.join(' ')}): ` +
    `${LOOPS.map(t).join(' | ')} | CPU ${TURNKIT_LOOPS.map((name) => `${name} ${x(round.ratio[name].cpu)}`).join(' ')}`
  );
}

/** The verdict against the targets, e.g. `OVER TARGET: run() CPU 1.060× > 1.02×, …`. */
export function verdictLine(summary: Summary): string {
  const judge = (label: string, ratio: number, target: number): string =>
    `${label} ${x(ratio)} ${ratio <= target ? '≤' : '>'} ${target.toFixed(2)}×`;
  const parts = TURNKIT_LOOPS.map(
    (name) =>
      `${CALL[name]} ${judge('CPU', summary.ratio[name].cpu.median, CPU_TARGET[name])}, ` +
      judge('wall', summary.ratio[name].wall.median, WALL_TARGET),
  );
  return `verdict: ${summary.withinTarget ? 'WITHIN TARGET' : 'OVER TARGET'}: turnkit/raw ${parts.join('; ')}`;
}

/** The table of figures and the verdict line. */
export function resultLines(summary: Summary, rounds: number, runs: number): string[] {
  const row = (label: string, cpuText: string, wallText: string, note = ''): string =>
    `  ${label.padEnd(22)}${cpuText.padStart(13)}${wallText.padStart(15)}${note}`;
  const span = (low: number, high: number): string => `${low.toFixed(2)}–${high.toFixed(2)}`;
  const perRequest = (us: number): string => (us / REQUESTS_PER_RUN).toFixed(0);
  const lines = [
    `Results: ${rounds} rounds × ${runs} runs per loop (a run = ${REQUESTS_PER_RUN} streamed requests, ` +
      `${TOOL_TURNS * CALLS_PER_TURN} tool calls)`,
    row('', 'CPU µs/run', 'wall ms/run'),
  ];
  for (const name of LOOPS) {
    const m = summary.means[name];
    lines.push(row(LABEL[name], m.cpuUs.toFixed(0), m.wallMs.toFixed(2), '   mean over the rounds'));
  }
  for (const name of TURNKIT_LOOPS) {
    const { cpu, wall } = summary.ratio[name];
    lines.push(
      row(`${name}/raw`, x(cpu.median), x(wall.median), `   median of the ${rounds} per-round ratios`),
      row('  middle half', span(cpu.p25, cpu.p75), span(wall.p25, wall.p75), '   25th–75th percentile'),
      row('  all rounds', span(cpu.min, cpu.max), span(wall.min, wall.max)),
    );
  }
  lines.push(
    `  CPU per request: ${LOOPS.map((name) => `${name} ${perRequest(summary.means[name].cpuUs)} µs`).join(', ')}`,
    '',
    verdictLine(summary),
  );
  return lines;
}

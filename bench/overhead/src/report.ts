// What the benchmark prints: the work check, the table of figures, and the verdict.
import { isDeepStrictEqual } from 'node:util';
import { type BlockTiming, quantile, type WorkTally } from './measure.ts';
import { CALLS_PER_TURN, REQUESTS_PER_RUN, TOOL_TURNS } from './workload.ts';

export const TARGET = 1.1;

export type LoopName = 'turnkit' | 'raw';

/** One round: a block of each loop, back to back, in `order`. */
export interface Round {
  order: [LoopName, LoopName];
  turnkit: BlockTiming;
  raw: BlockTiming;
  ratio: { cpu: number; wall: number };
}

/** A ratio over the rounds: the headline median, the middle half of the rounds, and the extremes. */
export interface RatioSummary {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

export interface Summary {
  turnkit: BlockTiming;
  raw: BlockTiming;
  ratio: { cpu: RatioSummary; wall: RatioSummary };
  withinTarget: boolean;
}

/** Whether both loops did the same, complete work; with the lines that say so. */
export function checkWork(
  tallies: Record<LoopName, WorkTally>,
  sameToolDefinition: boolean,
): { ok: boolean; lines: string[] } {
  const problems: string[] = [];
  const row = (name: LoopName): string => {
    const t = tallies[name];
    return `  ${name.padEnd(9)}${String(t.runs).padStart(6)}${String(t.requests).padStart(10)}${String(t.toolExecutions).padStart(12)}${String(t.totalTokens).padStart(11)}   ${t.runs - t.wrongTexts}/${t.runs} as scripted`;
  };
  for (const name of ['turnkit', 'raw'] as const) {
    const t = tallies[name];
    if (t.requests !== t.runs * REQUESTS_PER_RUN) {
      problems.push(`${name} made ${t.requests} requests, expected ${t.runs * REQUESTS_PER_RUN}`);
    }
    if (t.toolExecutions !== t.runs * TOOL_TURNS * CALLS_PER_TURN) {
      problems.push(
        `${name} ran the tool ${t.toolExecutions} times, expected ${t.runs * TOOL_TURNS * CALLS_PER_TURN}`,
      );
    }
    if (t.wrongTexts > 0) {
      problems.push(
        `${name} ended ${t.wrongTexts} run(s) with another text, e.g. ${JSON.stringify(t.firstWrongText)}`,
      );
    }
  }
  const { firstWrongText: _a, ...turnkit } = tallies.turnkit;
  const { firstWrongText: _b, ...raw } = tallies.raw;
  if (!isDeepStrictEqual(turnkit, raw)) problems.push('the two loops did not do the same work');
  if (!sameToolDefinition) problems.push('the two loops do not send the same tool definition');
  const lines = [
    'Work check (warm-up included):',
    '  loop       runs  requests  tool calls     tokens   final text',
    row('turnkit'),
    row('raw'),
    `  same tool definition sent: ${sameToolDefinition ? 'yes' : 'NO'}`,
    problems.length === 0
      ? '  ✓ both loops did the same work (same requests, tool executions, tokens and final text)'
      : `  ✗ ${problems.join('; ')}`,
  ];
  return { ok: problems.length === 0, lines };
}

function summarize(values: readonly number[]): RatioSummary {
  return {
    median: quantile(values, 0.5),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Means of the per-run figures over the rounds, and the median of the per-round ratios. */
export function summarizeRounds(rounds: readonly Round[]): Summary {
  const meanOf = (pick: (r: Round) => number): number =>
    rounds.reduce((s, r) => s + pick(r), 0) / rounds.length;
  const cpuRatios = rounds.map((r) => r.ratio.cpu);
  const wallRatios = rounds.map((r) => r.ratio.wall);
  const ratio = {
    cpu: summarize(cpuRatios),
    wall: summarize(wallRatios),
  };
  return {
    turnkit: { cpuUs: meanOf((r) => r.turnkit.cpuUs), wallMs: meanOf((r) => r.turnkit.wallMs) },
    raw: { cpuUs: meanOf((r) => r.raw.cpuUs), wallMs: meanOf((r) => r.raw.wallMs) },
    ratio,
    withinTarget: ratio.cpu.median <= TARGET && ratio.wall.median <= TARGET,
  };
}

const x = (ratio: number): string => `${ratio.toFixed(3)}×`;

export function progressLine(index: number, total: number, round: Round): string {
  const t = round.turnkit;
  const r = round.raw;
  return (
    `round ${String(index + 1).padStart(String(total).length)}/${total} (${round.order[0]} first): ` +
    `turnkit ${t.cpuUs.toFixed(0)} µs ${t.wallMs.toFixed(2)} ms | raw ${r.cpuUs.toFixed(0)} µs ${r.wallMs.toFixed(2)} ms | ` +
    `CPU ${x(round.ratio.cpu)} wall ${x(round.ratio.wall)}`
  );
}

/** The verdict against the target, e.g. `OVER TARGET: CPU 1.260× > 1.10×, wall 1.080× ≤ 1.10×`. */
export function verdictLine(summary: Summary): string {
  const judge = (label: string, ratio: number): string =>
    `${label} ${x(ratio)} ${ratio <= TARGET ? '≤' : '>'} ${TARGET.toFixed(2)}×`;
  const { cpu, wall } = summary.ratio;
  return (
    `verdict: ${summary.withinTarget ? 'WITHIN TARGET' : 'OVER TARGET'}: turnkit/raw ` +
    `${judge('CPU', cpu.median)}, ${judge('wall', wall.median)} (target: turnkit at most ${TARGET.toFixed(2)}× the raw loop)`
  );
}

/** The table of figures and the verdict line. */
export function resultLines(summary: Summary, rounds: number, runs: number): string[] {
  const { cpu, wall } = summary.ratio;
  const row = (label: string, cpuText: string, wallText: string, note = ''): string =>
    `  ${label.padEnd(14)}${cpuText.padStart(13)}${wallText.padStart(15)}${note}`;
  const span = (low: number, high: number): string => `${low.toFixed(2)}–${high.toFixed(2)}`;
  const perRequest = (us: number): string => (us / REQUESTS_PER_RUN).toFixed(0);
  return [
    `Results: ${rounds} rounds × ${runs} runs per loop (a run = ${REQUESTS_PER_RUN} streamed requests, ` +
      `${TOOL_TURNS * CALLS_PER_TURN} tool calls)`,
    row('', 'CPU µs/run', 'wall ms/run'),
    row(
      'turnkit',
      summary.turnkit.cpuUs.toFixed(0),
      summary.turnkit.wallMs.toFixed(2),
      '   mean over the rounds',
    ),
    row('raw openai', summary.raw.cpuUs.toFixed(0), summary.raw.wallMs.toFixed(2), '   mean over the rounds'),
    row('turnkit/raw', x(cpu.median), x(wall.median), `   median of the ${rounds} per-round ratios`),
    row(
      '  middle half',
      span(cpu.p25, cpu.p75),
      span(wall.p25, wall.p75),
      '   25th–75th percentile of the rounds',
    ),
    row('  all rounds', span(cpu.min, cpu.max), span(wall.min, wall.max)),
    `  CPU per request: turnkit ${perRequest(summary.turnkit.cpuUs)} µs, raw ${perRequest(summary.raw.cpuUs)} µs`,
    '',
    verdictLine(summary),
  ];
}

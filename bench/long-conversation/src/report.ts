// What the benchmark prints: progress, the table of bytes per turn, the fits, the verdict, the work
// check and the memory check.
import type { RunResult, TurnSample } from './conversation-run.ts';
import { factFor, isToolTurn } from './workload.ts';

/** Linear R² at least this: "grows linearly". */
export const LINEAR_R2 = 0.98;
/** Max over the second half at most this times the max over the first half: "bounded". */
export const BOUNDED_FACTOR = 1.1;

/** A least-squares line `bytes = intercept + slope × turn`. */
export interface LinearFit {
  slope: number;
  intercept: number;
  r2: number;
  /** The turns fitted, first and last. */
  from: number;
  to: number;
}

/** Least-squares fit of `y` against `x`; R² is 1 when `y` is constant. */
export function linearFit(points: readonly { x: number; y: number }[]): LinearFit {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2, from: points[0]?.x ?? 0, to: points.at(-1)?.x ?? 0 };
}

const fitOf = (samples: readonly TurnSample[], pick: (s: TurnSample) => number): LinearFit =>
  linearFit(samples.map((s) => ({ x: s.turn, y: pick(s) })));

const maxOf = (samples: readonly TurnSample[], pick: (s: TurnSample) => number): number =>
  samples.reduce((m, s) => Math.max(m, pick(s)), 0);

const meanOf = (samples: readonly TurnSample[], pick: (s: TurnSample) => number): number =>
  samples.reduce((sum, s) => sum + pick(s), 0) / samples.length;

/** Request bytes without the compaction item: part (b) of the split. */
const notCompaction = (s: TurnSample): number => s.bytes - s.compactionBytes;

/** Max, mean and the two halves' max of one measure. */
export interface Spread {
  max: number;
  mean: number;
  firstHalfMax: number;
  secondHalfMax: number;
  /** `secondHalfMax ≤ firstHalfMax × BOUNDED_FACTOR`. */
  bounded: boolean;
}

function spreadOf(samples: readonly TurnSample[], pick: (s: TurnSample) => number): Spread {
  const half = Math.floor(samples.length / 2);
  const firstHalfMax = maxOf(samples.slice(0, half), pick);
  const secondHalfMax = maxOf(samples.slice(half), pick);
  return {
    max: maxOf(samples, pick),
    mean: meanOf(samples, pick),
    firstHalfMax,
    secondHalfMax,
    bounded: secondHalfMax <= firstHalfMax * BOUNDED_FACTOR,
  };
}

export interface Summary {
  turns: number;
  half: number;
  without: {
    bytes: Spread;
    other: Spread;
    items: Spread;
    reasoningItems: Spread;
    /** All request bodies of the run (tool round trips' first requests included). */
    sentBytes: number;
    fitBytes: LinearFit;
    fitOther: LinearFit;
    /** Bytes at the last turn over bytes at the middle turn: 2 for linear growth, 4 for quadratic. */
    growthLastOverMiddle: number;
    linear: boolean;
    otherLinear: boolean;
  };
  with: {
    threshold: number;
    compactions: number;
    bytes: Spread;
    compactionItem: Spread;
    partB: Spread;
    other: Spread;
    items: Spread;
    reasoningItems: Spread;
    inputTokens: Spread;
    sentBytes: number;
    /** Fits over the second half. */
    fitPartB: LinearFit;
    fitOther: LinearFit;
  };
}

export function summarize(without: RunResult, withCompaction: RunResult): Summary {
  const w = without.samples;
  const c = withCompaction.samples;
  const half = Math.floor(c.length / 2);
  const fitBytes = fitOf(w, (s) => s.bytes);
  const fitOther = fitOf(w, (s) => s.otherBytes);
  const middle = w[Math.floor(w.length / 2) - 1]!;
  return {
    turns: w.length,
    half,
    without: {
      bytes: spreadOf(w, (s) => s.bytes),
      other: spreadOf(w, (s) => s.otherBytes),
      items: spreadOf(w, (s) => s.items),
      reasoningItems: spreadOf(w, (s) => s.reasoningItems),
      sentBytes: w.reduce((sum, s) => sum + s.sentBytes, 0),
      fitBytes,
      fitOther,
      growthLastOverMiddle: w.at(-1)!.bytes / middle.bytes,
      linear: fitBytes.r2 >= LINEAR_R2,
      otherLinear: fitOther.r2 >= LINEAR_R2,
    },
    with: {
      threshold: withCompaction.threshold ?? 0,
      compactions: withCompaction.work.compactions,
      bytes: spreadOf(c, (s) => s.bytes),
      compactionItem: spreadOf(c, (s) => s.compactionBytes),
      partB: spreadOf(c, notCompaction),
      other: spreadOf(c, (s) => s.otherBytes),
      items: spreadOf(c, (s) => s.items),
      reasoningItems: spreadOf(c, (s) => s.reasoningItems),
      inputTokens: spreadOf(c, (s) => s.inputTokens),
      sentBytes: c.reduce((sum, s) => sum + s.sentBytes, 0),
      fitPartB: fitOf(c.slice(half), notCompaction),
      fitOther: fitOf(c.slice(half), (s) => s.otherBytes),
    },
  };
}

const n = (value: number): string => Math.round(value).toLocaleString('en-US');
const kb = (bytes: number): string =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;

export function progressLine(
  label: string,
  sample: TurnSample,
  turns: number,
  compactions: number,
  seconds: number,
): string {
  return (
    `${label}: turn ${String(sample.turn).padStart(String(turns).length)}/${turns}: ` +
    `${n(sample.bytes)} bytes (${n(sample.compactionBytes)} compaction item, ${n(sample.reasoningBlobBytes)} reasoning blobs, ` +
    `${n(sample.otherBytes)} other), ${sample.items} items, ${compactions} compactions, ${seconds.toFixed(1)} s`
  );
}

/** The turns the table shows: 1, 25, 50, … and the last. */
export function tableTurns(turns: number): number[] {
  const shown = [1];
  for (let t = 25; t <= turns; t += 25) shown.push(t);
  if (shown.at(-1) !== turns) shown.push(turns);
  return shown;
}

/** `title` centred in a rule of `width` characters, one space from the table's first column. */
function rule(title: string, width: number): string {
  const text = ` ${title} `;
  const left = Math.max(1, Math.floor((width - 1 - text.length) / 2));
  return ` ${'─'.repeat(left)}${text}`.padEnd(width, '─');
}

export function tableLines(without: RunResult, withCompaction: RunResult): string[] {
  const w = 11;
  const cell = (v: string | number, width = w): string => (typeof v === 'number' ? n(v) : v).padStart(width);
  const left = 'without compaction';
  const right = `with compaction (threshold ${n(withCompaction.threshold ?? 0)} tokens)`;
  const lines = [
    `Bytes of each turn's last POST /responses body (a tool turn sends two; ★ = tool turn, ✂ = compacted after):`,
    `${''.padStart(6)}${rule(left, w * 3)}  ${rule(right, w * 4 + 7)}`,
    `${'turn'.padStart(6)}${cell('total')}${cell('reasoning')}${cell('other')}  ${cell('total')}${cell('compaction')}${cell('reasoning')}${cell('other')}${cell('items', 7)}`,
    `${''.padStart(6)}${cell('')}${cell('blobs')}${cell('')}  ${cell('')}${cell('item (a)')}${cell('blobs')}${cell('')}${cell('', 7)}`,
  ];
  for (const turn of tableTurns(without.samples.length)) {
    const a = without.samples[turn - 1]!;
    const b = withCompaction.samples[turn - 1]!;
    const mark = `${isToolTurn(turn) ? '★' : ' '}${b.compacted ? '✂' : ' '}`;
    lines.push(
      `${String(turn).padStart(4)}${mark}${cell(a.bytes)}${cell(a.reasoningBlobBytes)}${cell(a.otherBytes)}  ` +
        `${cell(b.bytes)}${cell(b.compactionBytes)}${cell(b.reasoningBlobBytes)}${cell(b.otherBytes)}${cell(b.items, 7)}`,
    );
  }
  lines.push(
    '  (b) = everything but the compaction item = reasoning blobs + other. "other" = the request without any',
    '  encrypted_content: messages, tool calls and outputs, item envelopes, instructions, tools, settings.',
  );
  return lines;
}

const fitText = (fit: LinearFit): string =>
  `${fit.slope >= 0 ? '+' : ''}${n(fit.slope)} bytes/turn, R² ${fit.r2.toFixed(4)} (turns ${fit.from}–${fit.to})`;

export function summaryLines(s: Summary): string[] {
  const h = s.half;
  const t = s.turns;
  const halves = (sp: Spread): string =>
    `max ${n(sp.firstHalfMax)} in turns 1–${h}, ${n(sp.secondHalfMax)} in turns ${h + 1}–${t}`;
  return [
    `Without compaction (${t} turns):`,
    `  total:  max ${n(s.without.bytes.max)} bytes, mean ${n(s.without.bytes.mean)}; all ${t} turns sent ${kb(s.without.sentBytes)}`,
    `  least squares, total: ${fitText(s.without.fitBytes)}; turn ${t} / turn ${Math.floor(t / 2)} = ${s.without.growthLastOverMiddle.toFixed(2)}× (linear: 2×, quadratic: 4×)`,
    `  least squares, other: ${fitText(s.without.fitOther)}`,
    `  items sent:      max ${n(s.without.items.max)}, of which reasoning items ${n(s.without.reasoningItems.max)}`,
    `With compaction (threshold ${n(s.with.threshold)} tokens): ${s.with.compactions} compactions`,
    `  total:           max ${n(s.with.bytes.max)} bytes, mean ${n(s.with.bytes.mean)}; all ${t} turns sent ${kb(s.with.sentBytes)}`,
    `  compaction item: ${halves(s.with.compactionItem)} (it seals every user message: grows)`,
    `  (b) not compaction: mean ${n(s.with.partB.mean)}, ${halves(s.with.partB)}`,
    `      least squares over turns ${h + 1}–${t}: ${fitText(s.with.fitPartB)}`,
    `  other:           mean ${n(s.with.other.mean)}, ${halves(s.with.other)}`,
    `      least squares over turns ${h + 1}–${t}: ${fitText(s.with.fitOther)}`,
    `  items sent:      mean ${s.with.items.mean.toFixed(1)}, ${halves(s.with.items)}; reasoning items max ${n(s.with.reasoningItems.max)}`,
    `  input tokens (emulator's usage): mean ${n(s.with.inputTokens.mean)}, max ${n(s.with.inputTokens.max)}`,
  ];
}

export function verdictLines(s: Summary): string[] {
  const h = s.half;
  const t = s.turns;
  const bounded = (sp: Spread): string =>
    `${n(sp.secondHalfMax)} ${sp.bounded ? '≤' : '>'} ${BOUNDED_FACTOR}× ${n(sp.firstHalfMax)}`;
  const other = s.with.other;
  const partB = s.with.partB;
  const ok = s.without.otherLinear && other.bounded;
  return [
    `verdict: ${ok ? 'AS TARGETED' : 'NOT AS TARGETED'} for what turnkit sends ("other", the request without the service's encrypted blobs): ` +
      `${s.without.otherLinear ? 'LINEAR' : 'NOT LINEAR'} without compaction (R² ${s.without.fitOther.r2.toFixed(4)} ${s.without.otherLinear ? '≥' : '<'} ${LINEAR_R2}), ` +
      `${other.bounded ? 'BOUNDED' : 'GROWING'} with compaction (max over turns ${h + 1}–${t} vs 1–${h}: ${bounded(other)})`,
    `         whole request without compaction: ${s.without.linear ? 'LINEAR' : 'FASTER THAN LINEAR'} (R² ${s.without.fitBytes.r2.toFixed(4)}, ${s.without.growthLastOverMiddle.toFixed(2)}× from turn ${Math.floor(t / 2)} to ${t}); ` +
      `(b) with compaction: ${partB.bounded ? 'BOUNDED' : 'GROWING'} (${bounded(partB)}): the emulator's reasoning blobs, like its compaction item, seal every user message`,
  ];
}

/** Whether both runs did the work they should have; with the lines that say so. */
export function checkWork(runs: readonly RunResult[]): { ok: boolean; lines: string[] } {
  const problems: string[] = [];
  const lines = [
    'Work check:',
    '  run                  turns  requests  tool calls  compactions  sent back   seconds',
  ];
  for (const run of runs) {
    const w = run.work;
    const toolTurns = Math.floor(w.turns / 10);
    lines.push(
      `  ${run.label.padEnd(20)}${String(w.turns).padStart(6)}${String(w.requests).padStart(10)}${String(w.toolExecutions).padStart(12)}` +
        `${String(w.compactions).padStart(13)}${String(w.compactionsSentBack).padStart(11)}${w.seconds.toFixed(1).padStart(10)}`,
    );
    if (w.requests !== w.turns + toolTurns)
      problems.push(`${run.label}: ${w.requests} requests, expected ${w.turns + toolTurns}`);
    if (w.toolExecutions !== toolTurns)
      problems.push(`${run.label}: ${w.toolExecutions} tool calls, expected ${toolTurns}`);
    if (w.unusedToolTurns > 0) problems.push(`${run.label}: ${w.unusedToolTurns} scripted tool turns unused`);
    const lastCompacted = run.samples.at(-1)?.compacted ? 1 : 0;
    if (w.compactionsSentBack !== w.compactions - lastCompacted) {
      problems.push(`${run.label}: ${w.compactionsSentBack} of ${w.compactions} compaction items sent back`);
    }
    if (run.threshold === null && w.compactions > 0)
      problems.push(`${run.label}: compacted without a threshold`);
    if (run.threshold !== null && w.compactions === 0)
      problems.push(`${run.label}: never compacted (more --turns or a lower --threshold)`);
  }
  lines.push(
    problems.length === 0
      ? '  ✓ every turn, tool call and compaction as expected'
      : `  ✗ ${problems.join('; ')}`,
  );
  return { ok: problems.length === 0, lines };
}

/** Whether the recall answer names the first and the last fact. */
export function checkRecall(recall: string | undefined, turns: number): { ok: boolean; lines: string[] } {
  const answer = recall ?? '';
  const first = answer.includes(factFor(1));
  const last = answer.includes(factFor(turns));
  const remembered = (answer.match(/"Fact \d{4}:/g) ?? []).length;
  const shown = answer.length > 300 ? `${answer.slice(0, 140)} … ${answer.slice(-140)}` : answer;
  return {
    ok: first && last,
    lines: [
      'Memory check (with compaction): "What do you remember?"',
      `  ${shown}`,
      `  ${first ? '✓' : '✗'} first fact, ${last ? '✓' : '✗'} last fact; ${remembered} of ${turns} facts named`,
    ],
  };
}

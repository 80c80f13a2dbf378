// What the benchmark concludes and prints: the work check, the summaries over the rounds, and
// the tables.
import { type Spread, spread } from '../../common/stats.ts';
import type { ConversationResult } from './bytes-phase.ts';
import { reportedTurns } from './bytes-phase.ts';
import { BASELINE, CONVERSATION_LABELS, type ContenderName, INFO, sameModeBaseline } from './contenders.ts';
import type { CpuRound } from './cpu-phase.ts';
import type { WorkTally } from './cpu-tally.ts';
import type { HeapRound } from './heap-phase.ts';
import { CALLS_PER_RUN, REQUESTS_PER_RUN } from './workload.ts';

/** The outcome of the work check: whether every contender did the same, complete work. */
export interface WorkCheck {
  ok: boolean;
  problems: string[];
}

/** Checks the CPU phase's tallies, the heap samples and the conversations. */
export function checkWork(
  tallies: Partial<Record<ContenderName, WorkTally>>,
  heap: readonly HeapRound[],
  conversations: readonly ConversationResult[],
): WorkCheck {
  const problems: string[] = [];
  const entries = Object.entries(tallies) as [ContenderName, WorkTally][];
  const runs = entries[0]?.[1].runs;
  for (const [name, t] of entries) {
    if (t.runs !== runs) problems.push(`${name} did ${t.runs} runs, others ${runs}`);
    if (t.requests !== t.runs * REQUESTS_PER_RUN) {
      problems.push(
        `${name} made ${t.requests} requests in ${t.runs} runs, expected ${t.runs * REQUESTS_PER_RUN}`,
      );
    }
    if (t.toolCalls !== t.runs * CALLS_PER_RUN) {
      problems.push(
        `${name} ran the tool ${t.toolCalls} times in ${t.runs} runs, expected ${t.runs * CALLS_PER_RUN}`,
      );
    }
    if (t.wrongTexts > 0) {
      problems.push(
        `${name} ended ${t.wrongTexts} run(s) with another text, e.g. ${JSON.stringify(t.firstWrongText)}`,
      );
    }
  }
  for (const [index, round] of heap.entries()) {
    for (const s of Object.values(round.samples)) {
      const where = `heap round ${index + 1}: ${s.name}`;
      if (s.requests !== 2 * s.runs)
        problems.push(`${where} made ${s.requests} requests, expected ${2 * s.runs}`);
      if (s.toolCalls !== s.runs)
        problems.push(`${where} ran the tool ${s.toolCalls} times, expected ${s.runs}`);
      if (s.wrongTexts > 0) {
        problems.push(
          `${where} ended ${s.wrongTexts} run(s) with another text, e.g. ${JSON.stringify(s.firstWrongText)}`,
        );
      }
    }
  }
  for (const c of conversations) {
    const where = `conversation: ${c.name}`;
    if (c.requests !== 2 * c.turns)
      problems.push(`${where} made ${c.requests} requests, expected ${2 * c.turns}`);
    if (c.toolCalls !== c.turns)
      problems.push(`${where} ran the tool ${c.toolCalls} times, expected ${c.turns}`);
    if (c.statefulRequests > 0) {
      problems.push(
        `${where} sent ${c.statefulRequests} request(s) that were not stateless (store: false, no previous_response_id)`,
      );
    }
    if (c.wrongAnswers > 0) {
      problems.push(
        `${where} got ${c.wrongAnswers} other answer(s), e.g. ${JSON.stringify(c.firstWrongAnswer)}`,
      );
    }
  }
  return { ok: problems.length === 0, problems };
}

export function checkLines(
  check: WorkCheck,
  tallies: Partial<Record<ContenderName, WorkTally>>,
  heap: readonly HeapRound[],
  conversations: readonly ConversationResult[],
): string[] {
  const lines = ['Work check:'];
  const entries = Object.entries(tallies) as [ContenderName, WorkTally][];
  if (entries.length > 0) {
    lines.push(
      '  CPU phase (warm-up included)      runs  requests  tool calls  final text        KB sent/run',
    );
    for (const [name, t] of entries) {
      lines.push(
        `  ${INFO[name].label.padEnd(32)}${String(t.runs).padStart(6)}${String(t.requests).padStart(10)}` +
          `${String(t.toolCalls).padStart(12)}  ${`${t.runs - t.wrongTexts}/${t.runs} right`.padEnd(16)}` +
          `${(t.bodyChars / t.runs / 1000).toFixed(1).padStart(11)}`,
      );
    }
  }
  if (heap.length > 0) {
    const samples = heap.flatMap((r) => Object.values(r.samples));
    const ok = samples.filter(
      (s) => s.requests === 2 * s.runs && s.toolCalls === s.runs && s.wrongTexts === 0,
    );
    lines.push(
      `  heap phase: ${ok.length}/${samples.length} measurements with 2 requests, 1 tool call and the right text per run`,
    );
  }
  for (const c of conversations) {
    lines.push(
      `  conversation ${c.name.padEnd(8)} ${c.turns} turns, ${c.requests} requests, ${c.toolCalls} tool calls, ` +
        `${c.turns - c.wrongAnswers}/${c.turns} answers right, ${c.statefulRequests} stateful requests`,
    );
  }
  lines.push(
    check.ok
      ? '  ✓ every contender did the same work (same requests, tool calls and final texts)'
      : `  ✗ THE CONTENDERS DID DIFFERENT WORK:\n    ${check.problems.join('\n    ')}`,
  );
  return lines;
}

/** Each contender's figures over the CPU rounds. */
export interface CpuSummary {
  cpuUsPerRun: Spread;
  cpuUsPerTurn: Spread;
  wallMsPerRun: Spread;
  /** ÷ the streamed raw loop's, per round. */
  cpuRatio: Spread;
  wallRatio: Spread;
  /** ÷ the raw loop of the same wire mode, per round. */
  sameModeCpuRatio: Spread;
}

export function summarizeCpu(
  rounds: readonly CpuRound[],
  names: readonly ContenderName[],
): Partial<Record<ContenderName, CpuSummary>> {
  const out: Partial<Record<ContenderName, CpuSummary>> = {};
  for (const name of names) {
    const pick = (f: (r: CpuRound) => number | undefined): number[] =>
      rounds.map(f).filter((v): v is number => v !== undefined);
    out[name] = {
      cpuUsPerRun: spread(pick((r) => r.timings[name]?.cpuUs)),
      cpuUsPerTurn: spread(pick((r) => r.timings[name] && r.timings[name].cpuUs / REQUESTS_PER_RUN)),
      wallMsPerRun: spread(pick((r) => r.timings[name]?.wallMs)),
      cpuRatio: spread(pick((r) => r.ratio[name]?.cpu)),
      wallRatio: spread(pick((r) => r.ratio[name]?.wall)),
      sameModeCpuRatio: spread(pick((r) => r.sameModeRatio[name]?.cpu)),
    };
  }
  return out;
}

/** Each contender's heap per waiting run over the heap rounds (bytes), and ÷ the raw loop's. */
export interface HeapSummary {
  perRunBytes: Spread;
  ratio: Spread;
}

export function summarizeHeap(
  rounds: readonly HeapRound[],
  names: readonly ContenderName[],
): Partial<Record<ContenderName, HeapSummary>> {
  const out: Partial<Record<ContenderName, HeapSummary>> = {};
  for (const name of names) {
    const perRun = rounds.map((r) => r.samples[name]?.perRun).filter((v): v is number => v !== undefined);
    const ratio = rounds.map((r) => r.ratio[name]).filter((v): v is number => v !== undefined);
    if (perRun.length > 0) out[name] = { perRunBytes: spread(perRun), ratio: spread(ratio) };
  }
  return out;
}

const x = (v: number): string => `${v.toFixed(2)}×`;
const range = (s: Spread, f: (v: number) => string): string => `${f(s.min)}–${f(s.max)}`;

export function cpuLines(
  summary: Partial<Record<ContenderName, CpuSummary>>,
  rounds: number,
  runs: number,
): string[] {
  const lines = [
    `CPU and wall per run: ${rounds} rounds × ${runs} runs per contender (a run = ${REQUESTS_PER_RUN} requests, ${CALLS_PER_RUN} tool calls);`,
    '  medians over the rounds; ratios are per round, to the streamed raw loop of the same round (and, for',
    '  the contenders that do not stream, to the non-streamed raw loop: "CPU ÷ raw json")',
    '  contender                       CPU µs/turn  wall ms/run  CPU ÷ raw  (middle half)  (all rounds)   wall ÷ raw  CPU ÷ raw json',
  ];
  for (const [name, s] of Object.entries(summary) as [ContenderName, CpuSummary][]) {
    const same = sameModeBaseline(name);
    lines.push(
      `  ${INFO[name].label.padEnd(32)}${s.cpuUsPerTurn.median.toFixed(0).padStart(11)}` +
        `${s.wallMsPerRun.median.toFixed(2).padStart(13)}${x(s.cpuRatio.median).padStart(11)}` +
        `${`(${range({ ...s.cpuRatio, min: s.cpuRatio.p25, max: s.cpuRatio.p75 }, (v) => v.toFixed(2))})`.padStart(15)}` +
        `${`(${range(s.cpuRatio, (v) => v.toFixed(2))})`.padStart(14)}${x(s.wallRatio.median).padStart(13)}` +
        `${(same === BASELINE ? '–' : x(s.sameModeCpuRatio.median)).padStart(17)}`,
    );
  }
  return lines;
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

export function heapLines(
  summary: Partial<Record<ContenderName, HeapSummary>>,
  rounds: number,
  waiting: number,
): string[] {
  const lines = [
    `Heap per waiting run: ${waiting} concurrent runs each waiting inside its tool call, one fresh process per`,
    `  contender and round (${rounds} rounds); heapUsed after a full GC while waiting minus before, ÷ ${waiting}`,
    '  contender                       KiB/run  (all rounds)   ÷ raw  (all rounds)',
  ];
  for (const [name, s] of Object.entries(summary) as [ContenderName, HeapSummary][]) {
    lines.push(
      `  ${INFO[name].label.padEnd(32)}${kib(s.perRunBytes.median).padStart(7)}` +
        `${`(${range(s.perRunBytes, kib)})`.padStart(15)}${x(s.ratio.median).padStart(8)}` +
        `${`(${range(s.ratio, (v) => v.toFixed(2))})`.padStart(14)}`,
    );
  }
  return lines;
}

export function bytesLines(conversations: readonly ConversationResult[]): string[] {
  if (conversations.length === 0) return [];
  const turns = conversations[0]!.turns;
  const shown = reportedTurns(turns);
  const raw = conversations.find((c) => c.name === 'raw');
  const lines = [
    `Bytes per request in a ${turns}-turn stateless conversation (store: false, the whole history sent; each turn`,
    "  one note, one add call and a text answer; the bytes of the turn's last request body)",
    `  contender                                ${shown.map((t) => `turn ${t}`.padStart(11)).join('')}   ÷ raw at turn ${turns}`,
  ];
  for (const c of conversations) {
    const at = (t: number): number => c.lastRequestBytes[t - 1]!;
    const ratio = raw ? x(at(turns) / raw.lastRequestBytes[turns - 1]!) : '';
    lines.push(
      `  ${CONVERSATION_LABELS[c.name].padEnd(41)}${shown.map((t) => at(t).toLocaleString('en-US').padStart(11)).join('')}${ratio.padStart(17)}`,
    );
  }
  lines.push(`  at turn ${turns}, by part (items × mean bytes):`);
  for (const c of conversations) {
    const b = c.breakdown[turns];
    if (!b) continue;
    const parts = Object.entries(b.items)
      .map(([kind, e]) => `${kind} ${e.count}×${Math.round(e.bytes / e.count)}`)
      .join(', ');
    lines.push(`    ${c.name.padEnd(8)} envelope ${b.envelopeBytes} B; ${parts}`);
  }
  return lines;
}

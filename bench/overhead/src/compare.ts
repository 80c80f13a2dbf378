// `--vs-baseline`: the current build of turnkit against a saved one (see baseline.ts), both loaded
// in this process, with the raw loop beside them. Every round runs each contender once, in a
// shuffled order; a contender's CPU is this thread's (`process.threadCpuUsage`), so the emulator,
// the GC's helper threads and other processes do not count. Ratios are paired by round.

import * as currentCore from '@turnkit/core';
import * as currentTools from '@turnkit/tools';
import type OpenAI from 'openai';
import { seededRandom, shuffled } from '../../common/random.ts';
import { type Baseline, loadBaseline } from './baseline.ts';
import { mean } from './measure.ts';
import { rawRun } from './raw-loop.ts';
import { turnkitEvents, turnkitRun, turnkitStream } from './turnkit-loop.ts';
import {
  ADD_DESCRIPTION,
  ADD_NAME,
  add,
  addInput,
  FINAL_TEXT,
  INSTRUCTIONS,
  MODEL,
  REQUESTS_PER_RUN,
  type RunOutcome,
} from './workload.ts';

/** The turnkit loops a comparison can time. */
export const COMPARED_LOOPS = ['run', 'stream', 'events'] as const;
export type ComparedLoop = (typeof COMPARED_LOOPS)[number];

const RUN_LOOP: Record<ComparedLoop, (agent: currentCore.Agent) => Promise<RunOutcome>> = {
  run: turnkitRun,
  stream: turnkitStream,
  events: turnkitEvents,
};

/** Share of the per-round log ratios left out at each end before averaging. */
const TRIM = 0.1;
const RESAMPLES = 1000;

/** A paired ratio over the rounds: the trimmed mean of per-round ratios, and its 95% interval. */
export interface PairedRatio {
  ratio: number;
  low: number;
  high: number;
  median: number;
}

function trimmedMean(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * TRIM);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

/**
 * `numerator` ÷ `denominator`, paired by round: the exponent of the trimmed mean of the per-round
 * log ratios, with a bootstrap 95% interval.
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[]): PairedRatio {
  const logs = numerator.map((value, i) => Math.log(value / denominator[i]!));
  const random = seededRandom(logs.length);
  const means: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) {
    means.push(trimmedMean(logs.map(() => logs[Math.floor(random() * logs.length)]!)));
  }
  means.sort((a, b) => a - b);
  const sorted = [...logs].sort((a, b) => a - b);
  return {
    ratio: Math.exp(trimmedMean(logs)),
    low: Math.exp(means[Math.floor(RESAMPLES * 0.025)]!),
    high: Math.exp(means[Math.floor(RESAMPLES * 0.975)]!),
    median: Math.exp(sorted[Math.floor(sorted.length / 2)]!),
  };
}

interface Contender {
  name: string;
  run: () => Promise<RunOutcome>;
}

function benchAgent(core: typeof currentCore, tools: typeof currentTools, client: OpenAI): currentCore.Agent {
  const tool = tools.defineTool({
    name: ADD_NAME,
    description: ADD_DESCRIPTION,
    input: addInput,
    execute: add,
  });
  return core.createAgent({ instructions: INSTRUCTIONS, model: MODEL, tools: [tool], client });
}

/** Runs per round (raw, then a baseline and a current contender per loop), to size the script. */
export function contendersFor(loops: readonly ComparedLoop[]): number {
  return 1 + 2 * loops.length;
}

const fmt = (r: PairedRatio): string =>
  `${r.ratio.toFixed(4)}× (95% ${r.low.toFixed(4)}–${r.high.toFixed(4)}; median ${r.median.toFixed(4)}×)`;

/** The comparison; prints its figures and returns them for results-latest.json. */
export async function compareMode(
  client: OpenAI,
  options: { rounds: number; warmup: number; loops: readonly ComparedLoop[] },
  baseline?: Baseline,
): Promise<Record<string, unknown>> {
  const saved = baseline ?? (await loadBaseline());
  const { rounds, warmup, loops } = options;
  const current = benchAgent(currentCore, currentTools, client);
  const before = benchAgent(saved.core as typeof currentCore, saved.tools as typeof currentTools, client);
  const contenders: Contender[] = [{ name: 'raw', run: () => rawRun(client) }];
  for (const loop of loops) {
    contenders.push({ name: `baseline ${loop}`, run: () => RUN_LOOP[loop](before) });
    contenders.push({ name: `current ${loop}`, run: () => RUN_LOOP[loop](current) });
  }
  console.log(
    `  baseline: ${saved.info.commit?.slice(0, 12) ?? 'unknown commit'}${saved.info.packagesDirty ? ' with uncommitted changes in packages/' : ''}, saved ${saved.info.savedAt}\n` +
      `  ${warmup} warm-up runs of each, then ${rounds} rounds; each round runs ${contenders.map((c) => c.name).join(', ')} once, in a shuffled order\n` +
      '  CPU of this thread per run; ratios paired by round (10%-trimmed mean of per-round log ratios, bootstrap 95% interval)',
  );
  const check = (name: string, outcome: RunOutcome): void => {
    if (outcome.text !== FINAL_TEXT || outcome.requests !== REQUESTS_PER_RUN) {
      throw new Error(
        `${name} did not do the scripted work (${outcome.requests} requests, text ${JSON.stringify(outcome.text.slice(0, 80))}): the figures would mean nothing.`,
      );
    }
  };
  process.stderr.write(`warm-up: ${warmup} runs of each…\n`);
  for (let i = 0; i < warmup; i++) for (const c of contenders) check(c.name, await c.run());

  const thread = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const processCpu = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const random = seededRandom(rounds * 7919);
  const step = Math.max(1, Math.floor(rounds / 10));
  for (let round = 0; round < rounds; round++) {
    for (const c of shuffled(contenders, random)) {
      const threadBefore = process.threadCpuUsage();
      const processBefore = process.cpuUsage();
      const outcome = await c.run();
      const t = process.threadCpuUsage(threadBefore);
      const p = process.cpuUsage(processBefore);
      check(c.name, outcome);
      thread.get(c.name)!.push(t.user + t.system);
      processCpu.get(c.name)!.push(p.user + p.system);
    }
    if ((round + 1) % step === 0) process.stderr.write(`round ${round + 1}/${rounds}\n`);
  }

  const raw = thread.get('raw')!;
  const summary: Record<string, unknown> = {};
  console.log(`\nResults: ${rounds} rounds (a run = ${REQUESTS_PER_RUN} streamed requests)`);
  console.log(`  ${'contender'.padEnd(18)}${'CPU µs/run'.padStart(12)}   ÷ raw, paired`);
  for (const c of contenders) {
    const values = thread.get(c.name)!;
    const vsRaw = c.name === 'raw' ? undefined : pairedRatio(values, raw);
    summary[c.name] = { threadCpuUs: mean(values), processCpuUs: mean(processCpu.get(c.name)!), vsRaw };
    console.log(
      `  ${c.name.padEnd(18)}${mean(values).toFixed(0).padStart(12)}   ${vsRaw ? fmt(vsRaw) : '1'}`,
    );
  }
  const change: Record<string, PairedRatio> = {};
  for (const loop of loops) {
    change[loop] = pairedRatio(thread.get(`current ${loop}`)!, thread.get(`baseline ${loop}`)!);
    console.log(`  current ÷ baseline, ${loop}: ${fmt(change[loop]!)}`);
  }
  return {
    mode: 'compare',
    baseline: saved.info,
    config: { rounds, warmup, loops },
    summary,
    change,
    rounds: Object.fromEntries(contenders.map((c) => [c.name, thread.get(c.name)])),
  };
}

// bench/peers: turnkit against a hand-written raw openai loop, the OpenAI Agents SDK and the AI
// SDK, on the same tool-calling work against one emulator process (whose model decides each turn
// from the request). CPU per turn and wall per run in interleaved rounds, heap per waiting run,
// bytes per request in a long stateless conversation; a work check that every contender did the
// same work. Writes results-latest.json. See README.md and docs/performance.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { commandLine, measuredCommit } from '../../common/bench-utils.ts';
import { startUrlProcess, type UrlProcess } from '../../common/url-process.ts';
import { type BenchOptions, parseBenchArgs, USAGE } from './bench-args.ts';
import { bytesPhase, type ConversationResult } from './bytes-phase.ts';
import { BASELINE, type ContenderName, INFO } from './contenders.ts';
import { ContenderProcess, type CpuRound, cpuRound } from './cpu-phase.ts';
import type { WorkTally } from './cpu-tally.ts';
import { type HeapRound, heapRound } from './heap-phase.ts';
import {
  bytesLines,
  checkLines,
  checkWork,
  cpuLines,
  heapLines,
  summarizeCpu,
  summarizeHeap,
} from './report.ts';
import { CALLS_PER_RUN, REQUESTS_PER_RUN } from './workload.ts';

const RESULTS_FILE = new URL('../results-latest.json', import.meta.url);
/** The most warm-up runs a heap process does before it measures. */
const HEAP_WARMUP = 20;
const EMULATOR_SERVER = new URL('./emulator-server.ts', import.meta.url).pathname;

function versionOf(pkg: string): string {
  try {
    const json = readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8');
    return (JSON.parse(json) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
const say = (line: string): void => void process.stderr.write(`${line}\n`);

async function runCpu(
  options: BenchOptions,
  url: string,
  tallies: Partial<Record<ContenderName, WorkTally>>,
): Promise<CpuRound[]> {
  say(`starting a process for each of ${options.contenders.length} contenders…`);
  const contenders = await ContenderProcess.startAll(options.contenders, url);
  try {
    say(`warm-up: ${options.warmup} runs of each contender…`);
    for (const c of contenders) await c.warmUp(options.warmup);
    const rounds: CpuRound[] = [];
    for (let index = 0; index < options.rounds; index++) {
      const round = await cpuRound(index, contenders, options.runs);
      rounds.push(round);
      const base = round.timings[BASELINE]!;
      const ratios = contenders
        .filter((c) => c.name !== BASELINE)
        .map((c) => `${c.name} ${round.ratio[c.name]!.cpu.toFixed(2)}×`)
        .join(' ');
      say(
        `cpu round ${index + 1}/${options.rounds}: raw ${(base.cpuUs / REQUESTS_PER_RUN).toFixed(0)} µs/turn | ${ratios}`,
      );
    }
    return rounds;
  } finally {
    for (const c of contenders) tallies[c.name] = c.tally;
    await Promise.all(contenders.map((c) => c.stop()));
  }
}

async function runHeap(options: BenchOptions, url: string): Promise<HeapRound[]> {
  const rounds: HeapRound[] = [];
  for (let index = 0; index < options.heapRounds; index++) {
    // JIT warm-up does not change what a waiting run holds; 20 runs load every code path.
    const warmup = Math.min(options.warmup, HEAP_WARMUP);
    const round = await heapRound(index, options.contenders, url, options.waiting, warmup);
    rounds.push(round);
    const kib = (name: ContenderName): string => `${((round.samples[name]?.perRun ?? 0) / 1024).toFixed(1)}`;
    say(
      `heap round ${index + 1}/${options.heapRounds}: ${options.contenders.map((n) => `${n} ${kib(n)} KiB`).join(' | ')}`,
    );
  }
  return rounds;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = commandLine('bench-peers', USAGE, parseBenchArgs, argv);
  if (!options) return;
  const versions = {
    openai: versionOf('openai'),
    '@openai/agents': versionOf('@openai/agents'),
    ai: versionOf('ai'),
    '@ai-sdk/openai': versionOf('@ai-sdk/openai'),
    zod: versionOf('zod'),
  };
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const loadBefore = load();
  const started = performance.now();
  let emulator: UrlProcess | undefined;
  try {
    emulator = await startUrlProcess('the emulator', [EMULATOR_SERVER]);
    console.log(
      `bench/peers: turnkit, the OpenAI Agents SDK and the AI SDK against a hand-written raw openai loop\n` +
        `  node ${process.version}, ${availableParallelism()} cores (${cpu}), load average ${loadBefore}\n` +
        `  ${Object.entries(versions)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n` +
        `  emulator in process ${emulator.pid}, its model deciding each turn from the request\n` +
        `  a run: ${REQUESTS_PER_RUN} requests, ${CALLS_PER_RUN} tool calls; phases ${options.phases.join(', ')}` +
        `${options.phases.includes('cpu') ? '; each contender in a process of its own for the CPU phase' : ''}`,
    );
    const tallies: Partial<Record<ContenderName, WorkTally>> = {};
    const cpuRounds = options.phases.includes('cpu') ? await runCpu(options, emulator.url, tallies) : [];
    const heapRounds = options.phases.includes('heap') ? await runHeap(options, emulator.url) : [];
    let conversations: ConversationResult[] = [];
    if (options.phases.includes('bytes')) {
      say(`bytes: a ${options.turns}-turn stateless conversation per contender…`);
      conversations = await bytesPhase(emulator.url, options.turns);
    }

    const check = checkWork(tallies, heapRounds, conversations);
    const cpuSummary = summarizeCpu(cpuRounds, cpuRounds.length ? options.contenders : []);
    const heapSummary = summarizeHeap(heapRounds, options.contenders);
    console.log(`\n${checkLines(check, tallies, heapRounds, conversations).join('\n')}`);
    if (cpuRounds.length) console.log(`\n${cpuLines(cpuSummary, options.rounds, options.runs).join('\n')}`);
    if (heapRounds.length)
      console.log(`\n${heapLines(heapSummary, options.heapRounds, options.waiting).join('\n')}`);
    if (conversations.length) console.log(`\n${bytesLines(conversations).join('\n')}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(`\ntook ${seconds.toFixed(0)} s; load average before ${loadBefore}, after ${load()}`);
    if (!check.ok) {
      console.log('\nTHE WORK CHECK FAILED: the contenders did different work, so the figures mean nothing.');
      process.exitCode = 1;
    }

    const results = {
      benchmark: 'bench/peers',
      command: `npm run bench -- peers${argv.length ? ` ${argv.join(' ')}` : ''}`,
      date: new Date().toISOString(),
      seconds,
      turnkit: measuredCommit() ?? null,
      machine: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cores: availableParallelism(),
        cpu,
        loadBefore,
        loadAfter: load(),
      },
      versions,
      config: {
        ...options,
        requestsPerRun: REQUESTS_PER_RUN,
        callsPerRun: CALLS_PER_RUN,
        baseline: BASELINE,
      },
      labels: Object.fromEntries(options.contenders.map((n) => [n, INFO[n].label])),
      check: { ...check, tallies },
      summary: { cpu: cpuSummary, heap: heapSummary },
      conversations,
      rounds: { cpu: cpuRounds, heap: heapRounds },
    };
    const out =
      options.out === undefined ? RESULTS_FILE : resolve(process.env.TURNKIT_CALLER_CWD ?? '.', options.out);
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${out instanceof URL ? out.pathname : out}`);
  } finally {
    await emulator?.stop();
  }
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  process.exitCode = 1;
  console.error(`bench-peers: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});

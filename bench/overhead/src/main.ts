// bench/overhead: turnkit's agent loop (`agent.run()`, an iterated `agent.stream()`, and one iterated
// for the events a chat shows) against a hand-written loop on the raw openai client, many
// tool-calling turns against the emulator, interleaved in one process and one run. Prints the CPU and wall-clock ratios turnkit/raw (or,
// with --heap, the heap per run waiting in a tool) and writes them to results-latest.json.
// See docs/performance.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { commandLine, measuredCommit } from '../../common/bench-utils.ts';
import { spread } from '../../common/stats.ts';
import { BASELINE_DIR, loadBaseline, saveBaseline } from './baseline.ts';
import { type BenchOptions, BenchUsageError, parseBenchArgs, USAGE } from './bench-args.ts';
import { compareMode, contendersFor } from './compare.ts';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.ts';
import { heapRound, WAVE } from './heap.ts';
import { emptyTally, forcesGc, median, timeBlock, untimedRun, type WorkTally } from './measure.ts';
import { addDefinition, type RawTool, rawRun } from './raw-loop.ts';
import {
  CALL,
  CPU_TARGET,
  checkWork,
  LABEL,
  LOOPS,
  type LoopName,
  progressLine,
  type Round,
  resultLines,
  roundOrder,
  summarizeRounds,
  TURNKIT_LOOPS,
  WALL_TARGET,
} from './report.ts';
import { addTool, createBenchAgent, turnkitEvents, turnkitRun, turnkitStream } from './turnkit-loop.ts';
import {
  CALLS_PER_TURN,
  heapScriptFor,
  REQUESTS_PER_RUN,
  type RunOutcome,
  scriptFor,
  TOOL_TURNS,
  WAIT_DESCRIPTION,
  WAIT_NAME,
  WAIT_PROMPT,
  waitForTicket,
  waitInput,
} from './workload.ts';

const COMMAND = 'npm run bench';
const RESULTS_FILE = new URL('../results-latest.json', import.meta.url);
/** Heap per waiting run: turnkit at most this many times the raw loop's (issue 15). */
const HEAP_TARGET = 1.5;

async function main(argv: readonly string[]): Promise<void> {
  const options = commandLine('bench-overhead', USAGE, parseBenchArgs, argv);
  if (!options) return;
  if (options.saveBaseline) {
    const dir = options.baselineDir ?? BASELINE_DIR;
    const info = saveBaseline(dir);
    console.log(
      `bench/overhead: saved the build of ${info.commit?.slice(0, 12) ?? 'an unknown commit'}` +
        `${info.packagesDirty ? ' (with uncommitted changes in packages/)' : ''} as the baseline in ${dir}`,
    );
    return;
  }
  // Fails before the emulator starts when there is nothing to compare with.
  const baseline = options.vsBaseline ? await loadBaseline(options.baselineDir) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'turnkit-bench-'));
  const scriptPath = join(dir, 'script.json');
  // Heap mode: one warm-up round and the measured rounds, N runs of each loop per round.
  const script = options.heap
    ? heapScriptFor(LOOPS.length * (options.rounds + 1) * (options.waiting + Math.min(WAVE, options.waiting)))
    : options.vsBaseline
      ? scriptFor(contendersFor(options.loops) * (options.warmup + options.rounds))
      : scriptFor(LOOPS.length * (options.warmup + options.rounds * options.runs));
  writeFileSync(scriptPath, JSON.stringify(script));

  let emulator: EmulatorProcess | undefined;
  try {
    emulator = await startEmulatorProcess(scriptPath);
    const client = new OpenAI({ baseURL: emulator.url, apiKey: 'bench' });
    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    const machine = {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cores: availableParallelism(),
      cpu,
    };
    console.log(
      `bench/overhead: turnkit's loop vs a hand-written loop on the raw openai client\n` +
        `  node ${process.version}, ${availableParallelism()} cores (${cpu}); emulator in process ${emulator.pid}`,
    );
    const measured = options.heap
      ? await heapMode(client, options)
      : options.vsBaseline
        ? await compareMode(client, options, baseline)
        : await cpuMode(client, options);
    const results = {
      benchmark: 'bench/overhead',
      command: COMMAND + (argv.length ? ` -- overhead ${argv.join(' ')}` : ''),
      date: new Date().toISOString(),
      turnkit: measuredCommit() ?? null,
      machine,
      ...measured,
    };
    const out = options.out ?? fileURLToPath(RESULTS_FILE);
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${out}`);
  } finally {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU and wall time per run of each loop, interleaved in rounds. */
async function cpuMode(client: OpenAI, options: BenchOptions): Promise<Record<string, unknown>> {
  const { runs, rounds, warmup } = options;
  const agent = createBenchAgent(client);
  const loops: Record<LoopName, () => Promise<RunOutcome>> = {
    raw: () => rawRun(client),
    run: () => turnkitRun(agent),
    stream: () => turnkitStream(agent),
    events: () => turnkitEvents(agent),
  };
  const tallies = Object.fromEntries(LOOPS.map((name) => [name, emptyTally()])) as Record<
    LoopName,
    WorkTally
  >;
  console.log(
    `  per run: ${TOOL_TURNS} turns × ${CALLS_PER_TURN} parallel tool calls, then a text answer (${REQUESTS_PER_RUN} streamed requests)\n` +
      `  loops: ${LOOPS.map((name) => LABEL[name]).join(', ')}\n` +
      `  ${warmup} warm-up runs per loop, then ${rounds} rounds × ${runs} runs per loop, rotating which loop goes first` +
      `${forcesGc ? '; full GC before each block' : ''}`,
  );

  process.stderr.write(`warm-up: ${warmup} runs of each loop…\n`);
  for (let i = 0; i < warmup; i++) {
    for (const name of LOOPS) await untimedRun(loops[name], tallies[name]);
  }

  const measured: Round[] = [];
  for (let index = 0; index < rounds; index++) {
    // Each loop goes first, second, third … equally often, so drift and order effects cancel out.
    const order = roundOrder(index);
    const timings = {} as Round['timings'];
    for (const name of order) timings[name] = await timeBlock(loops[name], runs, tallies[name]);
    const ratio = {} as Round['ratio'];
    for (const name of TURNKIT_LOOPS) {
      ratio[name] = {
        cpu: timings[name].cpuUs / timings.raw.cpuUs,
        wall: timings[name].wallMs / timings.raw.wallMs,
      };
    }
    const round: Round = { order, timings, ratio };
    measured.push(round);
    process.stderr.write(`${progressLine(index, rounds, round)}\n`);
  }

  const sameToolDefinition = isDeepStrictEqual({ ...addTool.definition }, addDefinition);
  const check = checkWork(tallies, sameToolDefinition);
  const summary = summarizeRounds(measured);
  console.log(`\n${check.lines.join('\n')}\n`);
  if (!check.ok) {
    console.log('The loops did different work, so the figures mean nothing; fix the check first.');
    process.exitCode = 1;
  } else {
    console.log(resultLines(summary, rounds, runs).join('\n'));
  }
  return {
    mode: 'cpu',
    config: { runs, rounds, warmup, toolTurns: TOOL_TURNS, callsPerTurn: CALLS_PER_TURN, forcedGc: forcesGc },
    check: { ok: check.ok, sameToolDefinition, tallies },
    target: { cpu: CPU_TARGET, wall: WALL_TARGET },
    summary,
    rounds: measured,
  };
}

const waitTool = defineTool({
  name: WAIT_NAME,
  description: WAIT_DESCRIPTION,
  input: waitInput,
  execute: waitForTicket,
});

const rawWait: RawTool<typeof waitInput> = {
  definition: {
    type: 'function',
    name: WAIT_NAME,
    description: WAIT_DESCRIPTION,
    parameters: {
      type: 'object',
      properties: { ticket: { type: 'number' } },
      required: ['ticket'],
      additionalProperties: false,
    },
    strict: true,
  },
  input: waitInput,
  execute: waitForTicket,
};

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** Heap per run while N runs of each loop wait in a tool call, in rounds. */
async function heapMode(client: OpenAI, options: BenchOptions): Promise<Record<string, unknown>> {
  const { rounds, waiting } = options;
  const agent = createBenchAgent(client, waitTool);
  const loops: Record<LoopName, () => Promise<RunOutcome>> = {
    raw: () => rawRun(client, WAIT_PROMPT, rawWait as unknown as RawTool),
    run: () => turnkitRun(agent, WAIT_PROMPT),
    stream: () => turnkitStream(agent, WAIT_PROMPT),
    events: () => turnkitEvents(agent, WAIT_PROMPT),
  };
  const tallies = Object.fromEntries(LOOPS.map((name) => [name, emptyTally()])) as Record<
    LoopName,
    WorkTally
  >;
  console.log(
    `  heap mode: ${waiting} concurrent runs of a loop, each waiting in one tool call, weighed after a full GC\n` +
      `  one warm-up round, then ${rounds} rounds of each loop, rotating which goes first`,
  );
  const perRun = Object.fromEntries(LOOPS.map((name) => [name, [] as number[]])) as Record<
    LoopName,
    number[]
  >;
  for (let index = -1; index < rounds; index++) {
    const order = roundOrder(Math.max(index, 0));
    const line: string[] = [];
    for (const name of order) {
      const bytes = await heapRound(loops[name], waiting, tallies[name]);
      if (index >= 0) perRun[name].push(bytes);
      line.push(`${name} ${kib(bytes)}`);
    }
    process.stderr.write(`${index < 0 ? 'warm-up' : `round ${index + 1}/${rounds}`}: ${line.join(' | ')}\n`);
  }
  const sameToolDefinition = isDeepStrictEqual({ ...waitTool.definition }, rawWait.definition);
  const check = checkWork(tallies, sameToolDefinition, { requests: 2, toolCalls: 1 });
  console.log(`\n${check.lines.join('\n')}\n`);
  const summary = Object.fromEntries(LOOPS.map((name) => [name, spread(perRun[name])]));
  const ratio = Object.fromEntries(
    TURNKIT_LOOPS.map((name) => [name, median(perRun[name]) / median(perRun.raw)]),
  ) as Record<string, number>;
  if (!check.ok) {
    console.log('The loops did different work, so the figures mean nothing; fix the check first.');
    process.exitCode = 1;
  } else {
    console.log(`Heap per waiting run: ${rounds} rounds × ${waiting} concurrent runs per loop`);
    for (const name of LOOPS) {
      const s = summary[name]!;
      console.log(
        `  ${LABEL[name].padEnd(16)}${kib(s.median).padStart(11)}   median (all rounds ${kib(s.min)}–${kib(s.max)})` +
          (name === 'raw' ? '' : `, ${ratio[name]!.toFixed(2)}× raw`),
      );
    }
    const within = TURNKIT_LOOPS.every((name) => ratio[name]! <= HEAP_TARGET);
    console.log(
      `\nverdict: ${within ? 'WITHIN TARGET' : 'OVER TARGET'}: ` +
        TURNKIT_LOOPS.map(
          (name) =>
            `${CALL[name]} ${ratio[name]!.toFixed(2)}× ${ratio[name]! <= HEAP_TARGET ? '≤' : '>'} ${HEAP_TARGET}×`,
        ).join(', ') +
        ' the raw loop',
    );
  }
  return {
    mode: 'heap',
    config: { rounds, waiting },
    check: { ok: check.ok, sameToolDefinition, tallies },
    target: { heap: HEAP_TARGET },
    summary: { bytesPerRun: summary, ratio },
    rounds: perRun,
  };
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof BenchUsageError) {
    process.stderr.write(`bench-overhead: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = 1;
  console.error(`bench-overhead: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});

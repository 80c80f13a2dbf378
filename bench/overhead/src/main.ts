// bench/overhead: turnkit's agent loop against a hand-written loop on the raw openai client, many
// tool-calling turns against the emulator, interleaved in one process and one run. Prints the CPU
// and wall-clock ratios turnkit/raw and writes them to results-latest.json.
// See docs/performance.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import OpenAI from 'openai';
import { measuredCommit } from '../../common/bench-utils.ts';
import { BenchUsageError, parseBenchArgs, USAGE } from './bench-args.ts';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.ts';
import { emptyTally, forcesGc, timeBlock, untimedRun, type WorkTally } from './measure.ts';
import { addDefinition, rawRun } from './raw-loop.ts';
import {
  checkWork,
  type LoopName,
  progressLine,
  type Round,
  resultLines,
  summarizeRounds,
  TARGET,
} from './report.ts';
import { addTool, createBenchAgent, turnkitRun } from './turnkit-loop.ts';
import { CALLS_PER_TURN, REQUESTS_PER_RUN, type RunOutcome, scriptFor, TOOL_TURNS } from './workload.ts';

const COMMAND = 'npm run bench';
const RESULTS_FILE = new URL('../results-latest.json', import.meta.url);

async function main(argv: readonly string[]): Promise<void> {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`bench-overhead: ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { runs, rounds, warmup } = options;
  const runsPerLoop = warmup + rounds * runs;
  const dir = mkdtempSync(join(tmpdir(), 'turnkit-bench-'));
  const scriptPath = join(dir, 'script.json');
  writeFileSync(scriptPath, JSON.stringify(scriptFor(2 * runsPerLoop)));

  let emulator: EmulatorProcess | undefined;
  try {
    emulator = await startEmulatorProcess(scriptPath);
    const client = new OpenAI({ baseURL: emulator.url, apiKey: 'bench' });
    const agent = createBenchAgent(client);
    const loops: Record<LoopName, () => Promise<RunOutcome>> = {
      turnkit: () => turnkitRun(agent),
      raw: () => rawRun(client),
    };
    const tallies: Record<LoopName, WorkTally> = { turnkit: emptyTally(), raw: emptyTally() };

    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    console.log(
      `bench/overhead: turnkit's loop vs a hand-written loop on the raw openai client\n` +
        `  node ${process.version}, ${availableParallelism()} cores (${cpu}); emulator in process ${emulator.pid}\n` +
        `  per run: ${TOOL_TURNS} turns × ${CALLS_PER_TURN} parallel tool calls, then a text answer (${REQUESTS_PER_RUN} streamed requests)\n` +
        `  ${warmup} warm-up runs per loop, then ${rounds} rounds × ${runs} runs per loop, alternating which loop goes first` +
        `${forcesGc ? '; full GC before each block' : ''}`,
    );

    process.stderr.write(`warm-up: ${warmup} runs of each loop…\n`);
    for (let i = 0; i < warmup; i++) {
      await untimedRun(loops.turnkit, tallies.turnkit);
      await untimedRun(loops.raw, tallies.raw);
    }

    const measured: Round[] = [];
    for (let index = 0; index < rounds; index++) {
      // A B, B A, A B, …: neither loop always runs first, so drift and order effects cancel out.
      const order: [LoopName, LoopName] = index % 2 === 0 ? ['turnkit', 'raw'] : ['raw', 'turnkit'];
      const timings = {} as Record<LoopName, Round['turnkit']>;
      for (const name of order) timings[name] = await timeBlock(loops[name], runs, tallies[name]);
      const round: Round = {
        order,
        turnkit: timings.turnkit,
        raw: timings.raw,
        ratio: {
          cpu: timings.turnkit.cpuUs / timings.raw.cpuUs,
          wall: timings.turnkit.wallMs / timings.raw.wallMs,
        },
      };
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

    const results = {
      benchmark: 'bench/overhead',
      command: COMMAND + (argv.length ? ` -- overhead ${argv.join(' ')}` : ''),
      date: new Date().toISOString(),
      turnkit: measuredCommit() ?? null,
      machine: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cores: availableParallelism(),
        cpu,
      },
      config: {
        runs,
        rounds,
        warmup,
        toolTurns: TOOL_TURNS,
        callsPerTurn: CALLS_PER_TURN,
        forcedGc: forcesGc,
      },
      check: { ok: check.ok, sameToolDefinition, turnkit: tallies.turnkit, raw: tallies.raw },
      target: TARGET,
      summary,
      rounds: measured,
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${RESULTS_FILE.pathname}`);
  } finally {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  process.exitCode = 1;
  console.error(`bench-overhead: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});

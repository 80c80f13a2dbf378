// bench/long-conversation: the bytes of every POST /responses body across a long stateless
// conversation (store: false) against the emulator in this process, without and with server-side
// compaction. Prints a table of bytes per turn, least-squares fits and a verdict, and writes
// results-latest.json. See docs/performance.md.
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { type Emulator, startEmulator } from '@turnkit/emulator';
import { commandLine, measuredCommit } from '../../common/bench-utils.ts';
import { parseBenchArgs, USAGE } from './bench-args.ts';
import { type RunResult, runConversation, TurnFailedError } from './conversation-run.ts';
import {
  BOUNDED_FACTOR,
  checkRecall,
  checkWork,
  LINEAR_R2,
  progressLine,
  summarize,
  summaryLines,
  tableLines,
  verdictLines,
} from './report.ts';
import { factFor, INSTRUCTIONS, MODEL, TOOL_EVERY } from './workload.ts';

const COMMAND = 'npm run bench -- long-conversation';
const RESULTS_FILE = new URL('../results-latest.json', import.meta.url);
const PROGRESS_EVERY = 25;

async function main(argv: readonly string[]): Promise<void> {
  const options = commandLine('bench-long-conversation', USAGE, parseBenchArgs, argv);
  if (!options) return;
  const { turns, threshold, reasoning } = options;
  let emu: Emulator | undefined;
  try {
    emu = await startEmulator();
    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    console.log(
      `bench/long-conversation: bytes of every POST /responses body across a ${turns}-turn stateless conversation\n` +
        `  node ${process.version}, ${availableParallelism()} cores (${cpu}); emulator in this process, its default model answering\n` +
        `  strategy 'stateless' (store: false), ${reasoning === 'low' ? 'reasoning effort low (encrypted reasoning items carried)' : 'no reasoning setting (no reasoning items)'}, ` +
        `a function-tool round trip every ${TOOL_EVERY}th turn\n` +
        `  each user message one fact of ~${factFor(turns).length} characters, e.g. ${JSON.stringify(factFor(1))}\n` +
        `  run 1: no compaction; run 2: compactThreshold ${threshold} tokens`,
    );

    const run = (label: string, threshold?: number): Promise<RunResult> =>
      runConversation({
        emu: emu!,
        label,
        turns,
        reasoning,
        ...(threshold === undefined ? {} : { threshold }),
        askRecall: threshold !== undefined,
        onProgress: (sample, { compactions, seconds }) => {
          if (sample.turn % PROGRESS_EVERY === 0 || sample.turn === turns) {
            process.stderr.write(`${progressLine(label, sample, turns, compactions, seconds)}\n`);
          }
        },
      });
    const without = await run('without compaction');
    const withCompaction = await run('with compaction', threshold);

    const work = checkWork([without, withCompaction]);
    const recall = checkRecall(withCompaction.recall, turns);
    const summary = summarize(without, withCompaction);
    console.log(`\n${work.lines.join('\n')}\n`);
    console.log(`${tableLines(without, withCompaction).join('\n')}\n`);
    console.log(`${summaryLines(summary).join('\n')}\n`);
    console.log(`${recall.lines.join('\n')}\n`);
    if (!work.ok || !recall.ok) {
      console.log(
        'The runs did not do the expected work (or the model forgot), so the figures mean nothing.',
      );
      process.exitCode = 1;
    } else {
      console.log(verdictLines(summary).join('\n'));
    }

    const results = {
      benchmark: 'bench/long-conversation',
      command: COMMAND + (argv.length ? ` ${argv.join(' ')}` : ''),
      date: new Date().toISOString(),
      turnkit: measuredCommit() ?? null,
      machine: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cores: availableParallelism(),
        cpu,
      },
      config: {
        turns,
        threshold,
        model: MODEL,
        instructions: INSTRUCTIONS,
        toolEvery: TOOL_EVERY,
        reasoningEffort: reasoning === 'low' ? 'low' : null,
        firstFact: factFor(1),
        linearR2: LINEAR_R2,
        boundedFactor: BOUNDED_FACTOR,
      },
      check: { ok: work.ok && recall.ok, work: work.ok, recall: recall.ok },
      summary,
      recall: withCompaction.recall ?? null,
      runs: [without, withCompaction].map(({ recall: _recall, ...rest }) => rest),
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${RESULTS_FILE.pathname}`);
  } finally {
    await emu?.close();
  }
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  process.exitCode = 1;
  const text =
    error instanceof TurnFailedError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(`bench-long-conversation: ${text}`);
});

import { parseArgs } from 'node:util';
import { BenchUsageError, wholeNumber } from '../../common/bench-utils.ts';

export { BenchUsageError };

export const USAGE = `Usage: npm run bench -- overhead [--runs N] [--rounds N] [--warmup N]
   or: npm run bench -- overhead --heap [--waiting N] [--rounds N]
   or: pnpm --filter ./bench/overhead start [flags]

turnkit's agent loop (agent.run(), and an iterated agent.stream()) against a hand-written loop
on the raw openai client, interleaved in one process, against the emulator in a separate process.

  --runs N     runs per block (default 20, 1-10000)
  --rounds N   rounds; each round times one block of each loop, rotating which goes first
               (default 40; with --heap 5; 1-1000)
  --warmup N   untimed warm-up runs of each loop before the rounds (default 100, 0-10000)
  --heap       measure heap per waiting run instead of CPU: N concurrent runs of each loop,
               all waiting in a tool call, weighed after a full GC
  --waiting N  with --heap: concurrent runs per loop and round (default 1000, 1-10000)
  --help       print this help`;

/** The benchmark's settings. */
export interface BenchOptions {
  runs: number;
  rounds: number;
  warmup: number;
  heap: boolean;
  waiting: number;
  help: boolean;
}

/**
 * Parses the benchmark's flags.
 * @throws {BenchUsageError} for an unknown flag, a missing value, a stray argument or a number out of range.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: {
    runs?: string;
    rounds?: string;
    warmup?: string;
    heap?: boolean;
    waiting?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        runs: { type: 'string' },
        rounds: { type: 'string' },
        warmup: { type: 'string' },
        heap: { type: 'boolean' },
        waiting: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const heap = values.heap ?? false;
  if (!heap && values.waiting !== undefined) throw new BenchUsageError('--waiting needs --heap.');
  if (heap && (values.runs !== undefined || values.warmup !== undefined)) {
    throw new BenchUsageError('--heap takes --waiting and --rounds, not --runs or --warmup.');
  }
  return {
    runs: wholeNumber('runs', values.runs, 20, 1, 10_000),
    rounds: wholeNumber('rounds', values.rounds, heap ? 5 : 40, 1, 1000),
    warmup: wholeNumber('warmup', values.warmup, 100, 0, 10_000),
    heap,
    waiting: wholeNumber('waiting', values.waiting, 1000, 1, 10_000),
    help: values.help ?? false,
  };
}

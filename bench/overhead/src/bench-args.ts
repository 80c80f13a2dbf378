import { parseArgs } from 'node:util';
import { BenchUsageError, wholeNumber } from '../../common/bench-utils.ts';

export { BenchUsageError };

export const USAGE = `Usage: npm run bench -- overhead [--runs N] [--rounds N] [--warmup N]
   or: pnpm --filter ./bench/overhead start [--runs N] [--rounds N] [--warmup N]

turnkit's agent loop against a hand-written loop on the raw openai client, interleaved in one
process, against the emulator in a separate process.

  --runs N     runs per block (default 20, 1-10000)
  --rounds N   rounds; each round times one block of each loop, alternating which goes first
               (default 40, 1-1000)
  --warmup N   untimed warm-up runs of each loop before the rounds (default 100, 0-10000)
  --help       print this help`;

/** The benchmark's settings. */
export interface BenchOptions {
  runs: number;
  rounds: number;
  warmup: number;
  help: boolean;
}

/**
 * Parses the benchmark's flags.
 * @throws {BenchUsageError} for an unknown flag, a missing value, a stray argument or a number out of range.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: { runs?: string; rounds?: string; warmup?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        runs: { type: 'string' },
        rounds: { type: 'string' },
        warmup: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    runs: wholeNumber('runs', values.runs, 20, 1, 10_000),
    rounds: wholeNumber('rounds', values.rounds, 40, 1, 1000),
    warmup: wholeNumber('warmup', values.warmup, 100, 0, 10_000),
    help: values.help ?? false,
  };
}

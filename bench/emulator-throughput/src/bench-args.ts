import { parseArgs } from 'node:util';
import { BenchUsageError, wholeNumber } from '../../common/bench-utils.ts';

export { BenchUsageError };

export const USAGE = `Usage: npm run bench -- emulator-throughput [--rounds N] [--seconds N] [--connections N] [--warmup N]
   or: pnpm --filter ./bench/emulator-throughput start [flags]

Non-streamed POST /v1/responses per second: the emulator (its CLI, default model) against a
trivial node:http server answering the same bytes, both in their own processes, loaded in turn
by autocannon from this process.

  --rounds N       rounds; each loads both servers, alternating which goes first (default 8, 1-100)
  --seconds N      seconds of load per server per round (default 5, 1-120)
  --connections N  concurrent connections (default 10, 1-1000)
  --warmup N       seconds of untimed load on each server first (default 3, 0-120)
  --help           print this help`;

/** The benchmark's settings. */
export interface BenchOptions {
  rounds: number;
  seconds: number;
  connections: number;
  warmup: number;
  help: boolean;
}

/**
 * Parses the benchmark's flags.
 * @throws {BenchUsageError} for an unknown flag, a missing value, a stray argument or a number out of range.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: { rounds?: string; seconds?: string; connections?: string; warmup?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        rounds: { type: 'string' },
        seconds: { type: 'string' },
        connections: { type: 'string' },
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
    rounds: wholeNumber('rounds', values.rounds, 8, 1, 100),
    seconds: wholeNumber('seconds', values.seconds, 5, 1, 120),
    connections: wholeNumber('connections', values.connections, 10, 1, 1000),
    warmup: wholeNumber('warmup', values.warmup, 3, 0, 120),
    help: values.help ?? false,
  };
}

import { parseArgs } from 'node:util';
import { BenchUsageError, wholeNumber } from '../../common/bench-utils.ts';

export { BenchUsageError };

export const USAGE = `Usage: npm run bench -- long-conversation [--turns N] [--threshold N] [--reasoning low|off]
   or: pnpm --filter ./bench/long-conversation start [--turns N] [--threshold N] [--reasoning low|off]

Bytes of every POST /responses body across a long stateless conversation (store: false) against
the emulator in this process, run twice: without compaction, then with server-side compaction.

  --turns N       user turns of each conversation (default 300, 20-1000); every 10th turn is a
                  function-tool round trip. Without compaction the run time grows with the cube of N
                  on the emulator (300 turns: about half a minute)
  --threshold N   compact_threshold in tokens of the second run (default 2000, 1000-1000000)
  --reasoning R   low (default): the agent asks for low reasoning effort, so every model turn
                  starts with an encrypted reasoning item; off: no reasoning setting, no reasoning items
  --help          print this help`;

/** The benchmark's settings. */
export interface BenchOptions {
  turns: number;
  threshold: number;
  /** `low`: the agent sends `reasoning: { effort: 'low' }`; `off`: no reasoning setting. */
  reasoning: 'low' | 'off';
  help: boolean;
}

/**
 * Parses the benchmark's flags.
 * @throws {BenchUsageError} for an unknown flag, a missing value, a stray argument or a number out of range.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: { turns?: string; threshold?: string; reasoning?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        turns: { type: 'string' },
        threshold: { type: 'string' },
        reasoning: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const reasoning = values.reasoning ?? 'low';
  if (reasoning !== 'low' && reasoning !== 'off') {
    throw new BenchUsageError(`--reasoning must be low or off, got ${JSON.stringify(reasoning)}`);
  }
  return {
    turns: wholeNumber('turns', values.turns, 300, 20, 1000),
    threshold: wholeNumber('threshold', values.threshold, 2000, 1000, 1_000_000),
    reasoning,
    help: values.help ?? false,
  };
}

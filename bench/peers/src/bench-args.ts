import { parseArgs } from 'node:util';
import { BenchUsageError, wholeNumber } from '../../common/bench-utils.ts';
import { BASELINE, CONTENDERS, type ContenderName } from './contenders.ts';

export { BenchUsageError };

export const PHASES = ['cpu', 'heap', 'bytes'] as const;
export type Phase = (typeof PHASES)[number];

export const USAGE = `Usage: npm run bench -- peers [options]
   or: pnpm --filter ./bench/peers start [options]

turnkit against a hand-written raw openai loop, the OpenAI Agents SDK and the AI SDK, on the same
tool-calling work, against one emulator process.

  --rounds N        CPU rounds; each times one block of every contender (each in a process of
                    its own), in a shuffled order
                    (default 40, 1-1000)
  --runs N          runs per block (default 10, 1-10000); a run is 6 requests and 10 tool calls
  --warmup N        untimed warm-up runs of each contender before the CPU rounds (default 100,
                    0-10000); each heap process warms up with at most 20
  --waiting N       concurrent runs held in their tool for the heap figure (default 1000, 1-10000)
  --heap-rounds N   heap rounds; each measures every contender in a fresh process (default 3, 1-100)
  --turns N         turns of the long stateless conversation (default 100, 2-1000)
  --phases LIST     which figures, comma-separated from ${PHASES.join(',')} (default all)
  --contenders LIST which contenders, comma-separated (default all; ${BASELINE} is always included):
                    ${CONTENDERS.join(', ')}
  --out FILE        where the results go (default bench/peers/results-latest.json)
  --help            print this help`;

/** The benchmark's settings. */
export interface BenchOptions {
  rounds: number;
  runs: number;
  warmup: number;
  waiting: number;
  heapRounds: number;
  turns: number;
  phases: Phase[];
  contenders: ContenderName[];
  /** The results file; `undefined` for the default. */
  out: string | undefined;
  help: boolean;
}

function list<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T[] {
  if (raw === undefined) return [...allowed];
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !allowed.includes(n as T));
  if (names.length === 0 || unknown.length > 0) {
    throw new BenchUsageError(
      `--${flag} takes names from ${allowed.join(', ')}; got ${JSON.stringify(raw)}` +
        (unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''),
    );
  }
  return allowed.filter((a) => names.includes(a));
}

/**
 * Parses the benchmark's flags.
 * @throws {BenchUsageError} for an unknown flag or name, a missing value, a stray argument or a number out of range.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        rounds: { type: 'string' },
        runs: { type: 'string' },
        warmup: { type: 'string' },
        waiting: { type: 'string' },
        'heap-rounds': { type: 'string' },
        turns: { type: 'string' },
        phases: { type: 'string' },
        contenders: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const contenders = list('contenders', str('contenders'), CONTENDERS);
  if (!contenders.includes(BASELINE)) contenders.unshift(BASELINE);
  return {
    rounds: wholeNumber('rounds', str('rounds'), 40, 1, 1000),
    runs: wholeNumber('runs', str('runs'), 10, 1, 10_000),
    warmup: wholeNumber('warmup', str('warmup'), 100, 0, 10_000),
    waiting: wholeNumber('waiting', str('waiting'), 1000, 1, 10_000),
    heapRounds: wholeNumber('heap-rounds', str('heap-rounds'), 3, 1, 100),
    turns: wholeNumber('turns', str('turns'), 100, 2, 1000),
    phases: list('phases', str('phases'), PHASES),
    contenders,
    out: str('out'),
    help: (values.help as boolean | undefined) ?? false,
  };
}

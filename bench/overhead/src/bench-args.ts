import { parseArgs } from 'node:util';
import { BenchUsageError, wholeNumber } from '../../common/bench-utils.ts';
import { COMPARED_LOOPS, type ComparedLoop } from './compare.ts';

export { BenchUsageError };

export const USAGE = `Usage: npm run bench -- overhead [--runs N] [--rounds N] [--warmup N]
   or: npm run bench -- overhead --heap [--waiting N] [--rounds N]
   or: npm run bench -- overhead --save-baseline [--baseline DIR]
   or: npm run bench -- overhead --vs-baseline [--loops run,stream,events] [--rounds N] [--warmup N] [--baseline DIR]
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
  --save-baseline
               save the current build of @turnkit/core and @turnkit/tools (their dist/) as the
               baseline, in bench/overhead/baseline/ (build first)
  --vs-baseline
               time the current build against the saved baseline in one process, one run of each
               (and of the raw loop) per round in a shuffled order; CPU of the main thread, ratios
               paired by round (default 1500 rounds, 1-20000)
  --loops L    with --vs-baseline: which turnkit loops, comma-separated from run, stream, events
               (default run)
  --baseline DIR
               with --save-baseline or --vs-baseline: where the baseline is kept
               (default bench/overhead/baseline)
  --out FILE   where to write the figures as JSON (default bench/overhead/results-latest.json)
  --help       print this help`;

/** The benchmark's settings. */
export interface BenchOptions {
  runs: number;
  rounds: number;
  warmup: number;
  heap: boolean;
  waiting: number;
  saveBaseline: boolean;
  vsBaseline: boolean;
  loops: ComparedLoop[];
  /** Where the baseline is kept; `undefined` for the default place. */
  baselineDir: string | undefined;
  /** Where the figures go; `undefined` for results-latest.json. */
  out: string | undefined;
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
    'save-baseline'?: boolean;
    'vs-baseline'?: boolean;
    loops?: string;
    baseline?: string;
    out?: string;
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
        'save-baseline': { type: 'boolean' },
        'vs-baseline': { type: 'boolean' },
        loops: { type: 'string' },
        baseline: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const heap = values.heap ?? false;
  const saveBaseline = values['save-baseline'] ?? false;
  const vsBaseline = values['vs-baseline'] ?? false;
  if ([heap, saveBaseline, vsBaseline].filter(Boolean).length > 1) {
    throw new BenchUsageError('Give at most one of --heap, --save-baseline and --vs-baseline.');
  }
  if (saveBaseline && Object.keys(values).some((key) => key !== 'save-baseline' && key !== 'baseline')) {
    throw new BenchUsageError('--save-baseline takes no other flag but --baseline.');
  }
  if (!saveBaseline && !vsBaseline && values.baseline !== undefined) {
    throw new BenchUsageError('--baseline needs --save-baseline or --vs-baseline.');
  }
  if (values.baseline !== undefined && values.baseline.trim() === '') {
    throw new BenchUsageError('--baseline needs a directory.');
  }
  if (values.out !== undefined && values.out.trim() === '') throw new BenchUsageError('--out needs a file.');
  if (!vsBaseline && values.loops !== undefined) throw new BenchUsageError('--loops needs --vs-baseline.');
  if (vsBaseline && values.runs !== undefined) {
    throw new BenchUsageError(
      '--vs-baseline runs each contender once per round: it takes --rounds, not --runs.',
    );
  }
  const loops = parseLoops(values.loops);
  if (!heap && values.waiting !== undefined) throw new BenchUsageError('--waiting needs --heap.');
  if (heap && (values.runs !== undefined || values.warmup !== undefined)) {
    throw new BenchUsageError('--heap takes --waiting and --rounds, not --runs or --warmup.');
  }
  return {
    runs: wholeNumber('runs', values.runs, 20, 1, 10_000),
    rounds: vsBaseline
      ? wholeNumber('rounds', values.rounds, 1500, 1, 20_000)
      : wholeNumber('rounds', values.rounds, heap ? 5 : 40, 1, 1000),
    warmup: wholeNumber('warmup', values.warmup, 100, 0, 10_000),
    heap,
    waiting: wholeNumber('waiting', values.waiting, 1000, 1, 10_000),
    saveBaseline,
    vsBaseline,
    loops,
    baselineDir: values.baseline,
    out: values.out,
    help: values.help ?? false,
  };
}

function parseLoops(raw: string | undefined): ComparedLoop[] {
  if (raw === undefined) return ['run'];
  const loops = raw.split(',').map((name) => name.trim());
  for (const name of loops) {
    if (!(COMPARED_LOOPS as readonly string[]).includes(name)) {
      throw new BenchUsageError(
        `--loops takes a comma-separated list of ${COMPARED_LOOPS.join(', ')}; got ${JSON.stringify(name)}.`,
      );
    }
  }
  if (new Set(loops).size !== loops.length) throw new BenchUsageError(`--loops names a loop twice: ${raw}.`);
  return loops as ComparedLoop[];
}

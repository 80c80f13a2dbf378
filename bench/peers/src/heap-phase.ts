// Heap per waiting run: for each round, one fresh process per contender (in the round's shuffled
// order) holds N concurrent runs inside their tool call and reports the heap they hold.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BASELINE, type ContenderName } from './contenders.ts';
import { roundOrder } from './cpu-phase.ts';
import type { HeapSample } from './heap-child.ts';

export type { HeapSample };

const CHILD = fileURLToPath(new URL('./heap-child.ts', import.meta.url));
const run = promisify(execFile);

/** One round of heap measurements, and each contender's per-run heap ÷ the raw loop's. */
export interface HeapRound {
  order: ContenderName[];
  samples: Partial<Record<ContenderName, HeapSample>>;
  ratio: Partial<Record<ContenderName, number>>;
}

/** Measures one contender in its own process. @throws with the child's stderr when it fails. */
export async function heapSample(
  name: ContenderName,
  url: string,
  runs: number,
  warmup: number,
): Promise<HeapSample> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', CHILD, name, url, String(runs), String(warmup)],
      {
        maxBuffer: 1 << 20,
        timeout: 300_000,
      },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as HeapSample;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `The heap measurement of ${name} failed: ${(error as Error).message}${stderr ? `\n${stderr}` : ''}`,
    );
  }
}

export async function heapRound(
  index: number,
  names: readonly ContenderName[],
  url: string,
  runs: number,
  warmup: number,
): Promise<HeapRound> {
  const order = roundOrder(names, index);
  const samples: HeapRound['samples'] = {};
  for (const name of order) samples[name] = await heapSample(name, url, runs, warmup);
  const ratio: HeapRound['ratio'] = {};
  const base = samples[BASELINE];
  for (const name of names) {
    const s = samples[name];
    if (s && base) ratio[name] = s.perRun / base.perRun;
  }
  return { order, samples, ratio };
}

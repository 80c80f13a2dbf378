// The heap mode (`--heap`): how much heap one run keeps alive while it waits in a tool call.
// N runs of one loop start at once; each asks for one tool call whose function awaits a promise
// the benchmark holds. Once all N calls are waiting, a full GC runs and heapUsed is read; the
// growth over heapUsed after a full GC before the runs started, divided by N, is the heap per
// waiting run. Runs start in waves of 100 (each once the one before waits), after one wave that ran
// to its end so that the connection pool is as full before as during. Then the promise resolves and every run finishes (and is checked).
import { collectGarbage, record, type WorkTally } from './measure.ts';
import { type RunOutcome, WAIT_TEXT, waitGate } from './workload.ts';

/** How long all N calls may take to reach the tool before the round fails. */
const WAIT_TIMEOUT_MS = 120_000;
/** Runs started together (and run to their end before the measurement). */
export const WAVE = 100;

function fullGc(): void {
  if (!collectGarbage) throw new Error('The heap mode needs a GC it can force; run node with --expose-gc.');
  // Twice: the first collection can leave garbage that only the second one frees (weak callbacks).
  collectGarbage();
  collectGarbage();
}

/**
 * One heap round of one loop: `n` concurrent runs of `start`, weighed while they all wait in the
 * tool. Returns heap bytes per waiting run; adds what the runs did to `tally`.
 * @throws when the calls do not all reach the tool within two minutes.
 */
export async function heapRound(
  start: () => Promise<RunOutcome>,
  n: number,
  tally: WorkTally,
): Promise<number> {
  // A wave run to its end first, so the HTTP connection pool holds as many sockets before as during.
  waitGate.opened();
  const primed = await Promise.all(Array.from({ length: Math.min(WAVE, n) }, start));
  record(tally, primed, waitGate.waiting, WAIT_TEXT);
  waitGate.close();
  fullGc();
  const before = process.memoryUsage().heapUsed;
  const runs: Promise<RunOutcome>[] = new Array(n);
  const deadline = performance.now() + WAIT_TIMEOUT_MS;
  // In waves: a thousand connections opened at once overflow the emulator's listen backlog
  // (ECONNRESET); a wave starts once the one before it is waiting, on the sockets it freed.
  for (let started = 0; started < n; ) {
    const wave = Math.min(WAVE, n - started);
    for (let i = 0; i < wave; i++) runs[started + i] = start();
    started += wave;
    while (waitGate.waiting < started) {
      if (performance.now() > deadline) {
        throw new Error(`Only ${waitGate.waiting} of ${n} runs reached the tool in ${WAIT_TIMEOUT_MS} ms.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  fullGc();
  const during = process.memoryUsage().heapUsed;
  const executions = waitGate.waiting;
  waitGate.release();
  const outcomes = await Promise.all(runs);
  record(tally, outcomes, executions, WAIT_TEXT);
  return (during - before) / n;
}

// The heap mode (`--heap`): how much heap one run keeps alive while it waits in a tool call.
// N runs of one loop start at once; each asks for one tool call whose function awaits a promise
// the benchmark holds. Once all N calls are waiting, a full GC runs and heapUsed is read; the
// growth over heapUsed after a full GC before the runs started, divided by N, is the heap per
// waiting run. Then the promise resolves and every run finishes (and is checked).
import { collectGarbage, record, type WorkTally } from './measure.ts';
import { type RunOutcome, WAIT_TEXT, waitGate } from './workload.ts';

/** How long all N calls may take to reach the tool before the round fails. */
const WAIT_TIMEOUT_MS = 120_000;

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
  waitGate.close();
  fullGc();
  const before = process.memoryUsage().heapUsed;
  const runs: Promise<RunOutcome>[] = new Array(n);
  for (let i = 0; i < n; i++) runs[i] = start();
  const deadline = performance.now() + WAIT_TIMEOUT_MS;
  while (waitGate.waiting < n) {
    if (performance.now() > deadline) {
      throw new Error(`Only ${waitGate.waiting} of ${n} runs reached the tool in ${WAIT_TIMEOUT_MS} ms.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  fullGc();
  const during = process.memoryUsage().heapUsed;
  const executions = waitGate.waiting;
  waitGate.release();
  const outcomes = await Promise.all(runs);
  record(tally, outcomes, executions, WAIT_TEXT);
  return (during - before) / n;
}

// One heap measurement in a fresh process (`node --expose-gc src/heap-child.ts NAME URL N WARMUP`):
// N concurrent runs of contender NAME, each held inside its one tool call, and the heap they
// hold, printed as one JSON line. A fresh process per measurement, so no contender pays for
// another's modules, caches or garbage.
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { CONTENDERS, type ContenderName, createContender } from './contenders.ts';
import { HOLD_PROMPT, HOLD_TEXT, type RunOutcome, toolCounter, toolGate } from './workload.ts';

/** What one heap measurement found (bytes). */
export interface HeapSample {
  name: ContenderName;
  runs: number;
  /** heapUsed after a full GC, before the runs start (warm-up done). */
  before: number;
  /** heapUsed after a full GC, every run waiting inside its tool call. */
  waiting: number;
  /** heapUsed after a full GC, every run finished. */
  after: number;
  /** (waiting − before) / runs. */
  perRun: number;
  /** TCP sockets still open when `waiting` was measured (idle keep-alive sockets have closed by then). */
  socketsWhileWaiting: number;
  /** How long it waited, once every run was waiting, for the sockets to close (ms). */
  settleMs: number;
  /** Connections `fetch` opened for the waiting runs (they are reused once idle). */
  connectionsOpened: number;
  requests: number;
  toolCalls: number;
  wrongTexts: number;
  firstWrongText?: string;
}

/** Runs started at once. */
const BATCH = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The connections `fetch` (every contender's, through Node's undici) holds open now. Counted from
 * undici's diagnostics channel: an idle pooled socket is unref'd, so
 * `process.getActiveResourcesInfo()` does not list it.
 */
let openSockets = 0;
/** Connections opened since the process started. */
let connected = 0;
subscribe('undici:client:connected', (message) => {
  openSockets++;
  connected++;
  (message as { socket: Socket }).socket.once('close', () => openSockets--);
});

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('heap-child.ts needs node --expose-gc.');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function measure(name: ContenderName, url: string, runs: number, warmup: number): Promise<HeapSample> {
  const contender = createContender(name, url);
  for (let i = 0; i < warmup; i++) {
    const { text } = await contender.run(HOLD_PROMPT);
    if (text !== HOLD_TEXT) throw new Error(`${name}: a warm-up run answered ${JSON.stringify(text)}`);
  }
  const requestsBefore = contender.tally.requests;
  const toolsBefore = toolCounter.executions;
  const before = heapUsed();
  const connectedBefore = connected;

  toolGate.holding = true;
  const pending: Promise<RunOutcome>[] = [];
  const failed = (): void => {}; // a failure is reported below, once every run has been released
  const deadline = performance.now() + 120_000;
  while (pending.length < runs) {
    const batchEnd = Math.min(runs, pending.length + BATCH);
    while (pending.length < batchEnd) {
      const run = contender.run(HOLD_PROMPT);
      run.catch(failed);
      pending.push(run);
    }
    while (toolCounter.executions - toolsBefore < batchEnd) {
      if (performance.now() > deadline) {
        throw new Error(
          `${name}: only ${toolCounter.executions - toolsBefore} of ${runs} runs reached the tool.`,
        );
      }
      await sleep(5);
    }
  }
  const all = Promise.all(pending);
  // Let every response stream end and the idle keep-alive sockets close (the emulator keeps them
  // 5 s; the clients close theirs a little before), so what is measured is the runs' own state,
  // the same for every contender.
  const settleFrom = performance.now();
  await sleep(200);
  while (openSockets > 0 && performance.now() < settleFrom + 10_000) await sleep(100);
  const settleMs = Math.round(performance.now() - settleFrom);
  const socketsWhileWaiting = openSockets;
  const connectionsOpened = connected - connectedBefore;
  const waiting = heapUsed();

  // Released in batches too, each once the one before has finished (its sockets are closed by now).
  toolGate.holding = false;
  let finished = 0;
  for (const run of pending) void run.then(() => finished++, failed);
  while (toolGate.waiters.length > 0) {
    const batch = toolGate.waiters.splice(0, BATCH);
    const target = finished + batch.length;
    for (const resume of batch) resume();
    while (finished < target && performance.now() < deadline + 120_000) await sleep(5);
  }
  const outcomes = await all;
  const after = heapUsed();
  const wrong = outcomes.filter((o) => o.text !== HOLD_TEXT);
  return {
    name,
    runs,
    before,
    waiting,
    after,
    perRun: (waiting - before) / runs,
    socketsWhileWaiting,
    settleMs,
    connectionsOpened,
    requests: contender.tally.requests - requestsBefore,
    toolCalls: toolCounter.executions - toolsBefore,
    wrongTexts: wrong.length,
    ...(wrong[0] ? { firstWrongText: wrong[0].text } : {}),
  };
}

const [name, url, runs, warmup] = process.argv.slice(2);
if (!CONTENDERS.includes(name as ContenderName) || !url || !runs || !warmup) {
  process.stderr.write('usage: node --expose-gc src/heap-child.ts CONTENDER URL RUNS WARMUP\n');
  process.exit(2);
}
const sample = await measure(name as ContenderName, url, Number(runs), Number(warmup));
process.stdout.write(`${JSON.stringify(sample)}\n`);

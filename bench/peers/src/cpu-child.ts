// One contender's CPU blocks, in a process of its own: cpu-phase.ts forks
// `node src/cpu-child.ts NAME URL` with an IPC channel and asks it for warm-up runs and timed
// blocks, one at a time. A process per contender, so no contender's compiled code, inline caches,
// maps or garbage reach another's, and no full GC has to be forced between blocks.
import { CONTENDERS, type Contender, type ContenderName, createContender } from './contenders.ts';
import {
  type BlockTiming,
  type ChildReply,
  type ChildRequest,
  emptyTally,
  type WorkTally,
} from './cpu-tally.ts';
import { toolCounter, WORK_PROMPT, WORK_TEXT } from './workload.ts';

/**
 * The process's CPU when the last request ended. A timed block counts from there, not from its own
 * start: what the runs before it left for the process's threads to do while it waited (sweeping,
 * concurrent marking, compiling) is their cost too, and this process runs nothing else.
 */
let since = process.cpuUsage();

/** Runs `n` runs in a row; what they did, and (when `timed`) their per-run CPU and wall time. */
async function runs(
  contender: Contender,
  n: number,
  timed: boolean,
): Promise<{ tally: WorkTally; timing?: BlockTiming }> {
  const texts: string[] = new Array(n);
  const requests = contender.tally.requests;
  const bodyChars = contender.tally.bodyChars;
  const toolCalls = toolCounter.executions;
  const wallBefore = performance.now();
  for (let i = 0; i < n; i++) texts[i] = (await contender.run(WORK_PROMPT)).text;
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(since);
  since = process.cpuUsage();
  const tally = emptyTally();
  tally.runs = n;
  tally.requests = contender.tally.requests - requests;
  tally.bodyChars = contender.tally.bodyChars - bodyChars;
  tally.toolCalls = toolCounter.executions - toolCalls;
  for (const text of texts) {
    if (text === WORK_TEXT) continue;
    tally.wrongTexts++;
    tally.firstWrongText ??= text;
  }
  return timed ? { tally, timing: { cpuUs: (cpu.user + cpu.system) / n, wallMs: wallMs / n } } : { tally };
}

const [name, url] = process.argv.slice(2);
const send = process.send?.bind(process);
if (!send || !CONTENDERS.includes(name as ContenderName) || !url) {
  process.stderr.write('usage: forked with an IPC channel, src/cpu-child.ts CONTENDER URL\n');
  process.exit(2);
}
const contender = createContender(name as ContenderName, url);
process.on('message', (request: ChildRequest) => {
  runs(contender, request.runs, request.op === 'block').then(
    (done): void => void send({ op: 'done', ...done } satisfies ChildReply),
    (error: unknown): void => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      send({ op: 'failed', message } satisfies ChildReply, () => process.exit(1));
    },
  );
});
// Leaves when the parent does (or disconnects), whatever sockets the contender keeps open.
process.on('disconnect', () => process.exit(0));
send({ op: 'ready' } satisfies ChildReply);

// CPU and wall-clock time per run: every contender runs in a process of its own (cpu-child.ts),
// and interleaved rounds time one block of every contender, one process at a time, in a shuffled
// order. Each process has only its own code and garbage, so no full GC is forced between blocks.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seededRandom, shuffled } from '../../common/random.ts';
import { BASELINE, type ContenderName, sameModeBaseline } from './contenders.ts';
import {
  addTally,
  type BlockTiming,
  type ChildReply,
  type ChildRequest,
  emptyTally,
  type WorkTally,
} from './cpu-tally.ts';

const CHILD = fileURLToPath(new URL('./cpu-child.ts', import.meta.url));
/** The longest a contender's process may take to start, or to do one request. */
const CHILD_TIMEOUT_MS = 300_000;

/** One round: a block of every contender, in `order`, and the ratios to the raw loop. */
export interface CpuRound {
  order: ContenderName[];
  timings: Partial<Record<ContenderName, BlockTiming>>;
  /** CPU and wall of each contender ÷ the streamed raw loop's, in this round. */
  ratio: Partial<Record<ContenderName, { cpu: number; wall: number }>>;
  /** The same ÷ the raw loop of the same wire mode (streamed or not). */
  sameModeRatio: Partial<Record<ContenderName, { cpu: number; wall: number }>>;
}

/**
 * One contender's process: `node src/cpu-child.ts NAME URL`, forked with an IPC channel. It does
 * one request at a time; what its runs did is added to `tally`.
 */
export class ContenderProcess {
  readonly name: ContenderName;
  readonly tally: WorkTally = emptyTally();
  readonly #child: ChildProcess;
  #stderr = '';
  #pending: { resolve: (reply: ChildReply) => void; reject: (error: Error) => void } | undefined;
  #exited: Error | undefined;

  private constructor(name: ContenderName, url: string) {
    this.name = name;
    this.#child = fork(CHILD, [name, url], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    this.#child.stderr!.setEncoding('utf8');
    this.#child.stderr!.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    this.#child.on('message', (reply: ChildReply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve(reply);
    });
    const gone = (why: string): void => {
      this.#exited ??= this.#failure(why);
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.reject(this.#exited);
    };
    this.#child.once('error', (error) => gone(error.message));
    this.#child.once('exit', (code, signal) => gone(`its process exited (${signal ?? `code ${code}`})`));
  }

  /** Starts the process of contender `name` against the emulator at `url`, and waits until it is ready. */
  static async start(name: ContenderName, url: string): Promise<ContenderProcess> {
    const started = new ContenderProcess(name, url);
    const reply = await started.#await('start');
    if (reply.op === 'ready') return started;
    await started.stop();
    throw started.#failure(`it answered ${JSON.stringify(reply.op)} instead of ready`);
  }

  /**
   * Starts a process for each of `names`, all at once. When one cannot start, the others are
   * stopped before the error is thrown (their IPC channels would keep this process alive).
   */
  static async startAll(names: readonly ContenderName[], url: string): Promise<ContenderProcess[]> {
    const settled = await Promise.allSettled(names.map((name) => ContenderProcess.start(name, url)));
    const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.find((s) => s.status === 'rejected');
    if (!failed) return started;
    await Promise.all(started.map((c) => c.stop()));
    throw failed.reason;
  }

  /** `runs` untimed runs (warm-up); still checked. */
  async warmUp(runs: number): Promise<void> {
    await this.#request({ op: 'warm', runs });
  }

  /** `runs` runs in a row, timed: their per-run CPU (of the contender's whole process) and wall time. */
  async timeBlock(runs: number): Promise<BlockTiming> {
    const timing = (await this.#request({ op: 'block', runs })).timing;
    if (!timing) throw this.#failure('it sent no timing for a timed block');
    return timing;
  }

  /** Ends the process. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGTERM');
    await exited;
  }

  async #request(request: ChildRequest): Promise<Extract<ChildReply, { op: 'done' }>> {
    if (this.#exited) throw this.#exited;
    const reply = this.#await(`${request.op} ${request.runs}`);
    this.#child.send(request);
    const done = await reply;
    if (done.op === 'failed') throw this.#failure(`a run failed: ${done.message}`);
    if (done.op !== 'done') throw this.#failure(`it answered ${JSON.stringify(done.op)} to ${request.op}`);
    addTally(this.tally, done.tally);
    return done;
  }

  #await(what: string): Promise<ChildReply> {
    if (this.#exited) return Promise.reject(this.#exited);
    return new Promise<ChildReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        reject(this.#failure(`no answer to "${what}" within ${CHILD_TIMEOUT_MS / 1000} s`));
        this.#child.kill('SIGKILL');
      }, CHILD_TIMEOUT_MS);
      this.#pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  #failure(why: string): Error {
    const stderr = this.#stderr.trim();
    return new Error(`The CPU process of ${this.name} failed: ${why}${stderr ? `\n${stderr}` : ''}`);
  }
}

/** The contenders in the order of round `index`: a Fisher–Yates shuffle seeded with the index. */
export function roundOrder<T>(items: readonly T[], index: number): T[] {
  return shuffled(items, seededRandom(index + 1));
}

/** One round: a block of `runs` runs of every contender, in the round's shuffled order. */
export async function cpuRound(
  index: number,
  contenders: readonly ContenderProcess[],
  runs: number,
): Promise<CpuRound> {
  const order = roundOrder(contenders, index);
  const timings: CpuRound['timings'] = {};
  for (const contender of order) timings[contender.name] = await contender.timeBlock(runs);
  const divide = (name: ContenderName, by: ContenderName): { cpu: number; wall: number } | undefined => {
    const t = timings[name];
    const base = timings[by];
    return t && base ? { cpu: t.cpuUs / base.cpuUs, wall: t.wallMs / base.wallMs } : undefined;
  };
  const ratio: CpuRound['ratio'] = {};
  const sameModeRatio: CpuRound['sameModeRatio'] = {};
  for (const { name } of contenders) {
    const r = divide(name, BASELINE);
    if (r) ratio[name] = r;
    const s = divide(name, sameModeBaseline(name));
    if (s) sameModeRatio[name] = s;
  }
  return { order: order.map((c) => c.name), timings, ratio, sameModeRatio };
}

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A file of a container's `/mnt/data`, as the sandbox reads or writes it. */
export interface SandboxFile {
  /** Absolute path under `/mnt/data`, e.g. `/mnt/data/report.csv`. */
  path: string;
  data: Uint8Array;
}

/** What one run of Python code produced. */
export interface SandboxRun {
  /** Everything the code printed to stdout and stderr, then the `repr` of its last expression. */
  logs: string;
  /** The traceback when the code raised, else `null`. */
  error: string | null;
  /** The run hit the time limit and was stopped; the container's Python state was reset. */
  timedOut: boolean;
  /** Files under `/mnt/data` the code created or changed. */
  changed: SandboxFile[];
  /** Paths under `/mnt/data` the code deleted. */
  deleted: string[];
}

interface WorkerResult extends Omit<SandboxRun, 'timedOut'> {
  op: 'result';
  id: number;
  timedOut: boolean;
}

/** The worker begins the run's code (its files are written), or the code has ended. */
type WorkerStep = { op: 'begun'; id: number } | { op: 'ended'; id: number };

type WorkerMessage = WorkerResult | WorkerStep;

const WORKER_URL = new URL('../../worker/python-worker.mjs', import.meta.url);
/** How long an interrupted run gets to stop before its worker is terminated. */
const INTERRUPT_GRACE_MS = 1500;
/** How long the worker may take to write a run's files, or to read them back, before it is terminated. */
const FILES_LIMIT_MS = 60_000;

/**
 * The Python sandbox of one emulator: a single Pyodide (standard library only, no network) in a
 * worker thread, loaded on the first run and reused. Each container keeps its own globals across
 * runs; its files are written to `/mnt/data` before a run and read back after. Runs are
 * serialized. The time limit counts from when the worker begins the code (writing the files
 * before and reading them back after have a limit of their own, 60 s). A run past it is interrupted (`KeyboardInterrupt`); code that does not
 * stop (e.g. a long `time.sleep`) gets its worker terminated, which resets every container's
 * Python state (files are kept: they live in the emulator).
 *
 * @example
 * import { PythonSandbox } from './python-sandbox.js';
 * const sandbox = new PythonSandbox();
 * const run = await sandbox.run('cntr_1', 'print(sum(range(10)))', [], 10_000); // run.logs === '45\n'
 * await sandbox.close();
 */
export class PythonSandbox {
  #worker: Worker | undefined;
  #ready: Promise<Worker> | undefined;
  #interrupt = new Int32Array(new SharedArrayBuffer(4));
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 0;
  #closed = false;

  /**
   * Runs code in a container's Python state, with the container's files under `/mnt/data`.
   *
   * @throws {Error} when Pyodide cannot be loaded or the sandbox is closed.
   */
  run(
    container: string,
    code: string,
    files: readonly SandboxFile[],
    timeoutMs: number,
  ): Promise<SandboxRun> {
    const next = this.#queue.then(() => this.#run(container, code, files, timeoutMs));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Forgets a container's Python globals (its next run starts fresh). */
  reset(container: string): void {
    this.#worker?.postMessage({ op: 'reset', container });
  }

  /** Terminates the worker (Pyodide is loaded again on the next run, unless closed). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#terminate();
  }

  async #run(
    container: string,
    code: string,
    files: readonly SandboxFile[],
    timeoutMs: number,
  ): Promise<SandboxRun> {
    const worker = await this.#start();
    const id = this.#nextId++;
    return new Promise<SandboxRun>((resolve, reject) => {
      let timedOut = false;
      let grace: NodeJS.Timeout | undefined;
      const cleanup = () => {
        clearTimeout(timer);
        clearTimeout(grace);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      const interrupt = () => {
        timedOut = true;
        Atomics.store(this.#interrupt, 0, 2);
        grace = setTimeout(() => void this.#terminate(), INTERRUPT_GRACE_MS);
      };
      // The limit counts while the code runs: from when the worker begins it to when it ends, so a
      // worker that is slow to get to it (writing its files, or on a busy machine) or to read the
      // files back does not take the code's time. The files have a much longer limit of their
      // own, before and after; past it the worker is terminated.
      const filesTooSlow = () => {
        timedOut = true;
        void this.#terminate();
      };
      let timer = setTimeout(filesTooSlow, FILES_LIMIT_MS);
      const onMessage = (message: WorkerMessage) => {
        if (message.id !== id) return;
        clearTimeout(timer);
        if (message.op === 'begun') {
          timer = setTimeout(interrupt, timeoutMs);
        } else if (message.op === 'ended') {
          // The code is done: nothing reads the flag until the next run, and the reset of a
          // stopped container must not be interrupted.
          clearTimeout(grace);
          Atomics.store(this.#interrupt, 0, 0);
          timer = setTimeout(filesTooSlow, FILES_LIMIT_MS);
        } else {
          cleanup();
          const stopped = timedOut || message.timedOut;
          if (stopped) this.reset(container);
          resolve({ ...message, timedOut: stopped, changed: message.changed.map(toFile) });
        }
      };
      const onExit = () => {
        cleanup();
        if (timedOut) resolve({ logs: '', error: null, timedOut: true, changed: [], deleted: [] });
        else reject(new Error('The Python sandbox stopped unexpectedly.'));
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      // Cleared before the run is posted, not by the worker: the limit can only pass once the
      // worker has begun the code, and runs are serialized, so no other run reads the flag meanwhile.
      Atomics.store(this.#interrupt, 0, 0);
      worker.postMessage({
        op: 'run',
        id,
        container,
        code,
        files: files.map((f) => ({ path: f.path, data: Uint8Array.from(f.data) })),
      });
    });
  }

  #start(): Promise<Worker> {
    if (this.#closed) return Promise.reject(new Error('The emulator is closed.'));
    if (this.#ready) return this.#ready;
    Atomics.store(this.#interrupt, 0, 0);
    const moduleUrl = import.meta.resolve('pyodide');
    const worker = new Worker(WORKER_URL, {
      workerData: {
        moduleUrl,
        indexURL: `${dirname(fileURLToPath(moduleUrl))}/`,
        interrupt: this.#interrupt.buffer,
      },
    });
    worker.unref();
    this.#worker = worker;
    const ready = new Promise<Worker>((resolve, reject) => {
      const onMessage = (message: { op: string; message?: string }) => {
        if (message.op === 'ready') {
          worker.off('message', onMessage);
          resolve(worker);
        } else if (message.op === 'failed') {
          reject(new Error(`Pyodide failed to load: ${message.message}`));
          void this.#terminate();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => {
        reject(error);
        void this.#terminate();
      });
      worker.once('exit', () => {
        if (this.#worker === worker) {
          this.#worker = undefined;
          this.#ready = undefined;
        }
        reject(new Error('The Python sandbox stopped while loading.'));
      });
    });
    this.#ready = ready;
    return ready;
  }

  async #terminate(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#ready = undefined;
    if (worker) await worker.terminate();
  }
}

function toFile(file: { path: string; data: Uint8Array }): SandboxFile {
  return { path: file.path, data: new Uint8Array(file.data) };
}

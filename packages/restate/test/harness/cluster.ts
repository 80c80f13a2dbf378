import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@turnkit/emulator';
import {
  connectDurableAgent,
  type DurableAgentClient,
  type RestateServer,
  registerDeployment,
  startRestateServer,
} from '@turnkit/restate';
import { type Ledger, startLedger } from './ledger.js';

const WORKER = fileURLToPath(new URL('../fixtures/worker.ts', import.meta.url));

/** Every child this test process started, so an exit of any kind takes them down. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** A worker process serving the fixture agents. */
export interface WorkerProcess {
  readonly index: number;
  readonly pid: number;
  readonly exited: Promise<void>;
}

/** A real Restate server, N real worker processes on one port, the emulator as the model and a ledger. */
export interface Cluster {
  readonly server: RestateServer;
  readonly emu: Emulator;
  readonly ledger: Ledger;
  /** The worker processes alive, by index. */
  readonly workers: ReadonlyMap<number, WorkerProcess>;
  /** The pids of the workers that made each model request, oldest first. */
  readonly modelRequests: number[];
  /** A client of the durable agent `name`. */
  client(name: string): DurableAgentClient;
  /** Stops a worker (SIGKILL by default) and waits until it is gone. */
  stopWorker(index: number, signal?: NodeJS.Signals): Promise<void>;
  /** Stops the worker with this pid. */
  killPid(pid: number): Promise<number>;
  /** Starts worker `index` (again). */
  startWorker(index: number): Promise<WorkerProcess>;
  /** Resolves once `count` model requests have been made. */
  waitForModelRequests(count: number): Promise<void>;
  /** Asks the admin API for an invocation's status (`running`, `suspended`, `backing-off`, `completed` …). */
  invocationStatus(invocationId: string): Promise<string | undefined>;
  /** The log of every worker, for a failing test's output. */
  logs(): Promise<string>;
  /** Takes everything down; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a cluster for one test file: `restate-server` from the npm package in a temporary data
 * dir on free ports, `workers` worker processes sharing one port (SO_REUSEPORT) registered as one
 * deployment, the emulator and the ledger in this process. Every process is killed by `stop()`,
 * and by the exit of this process however it ends (the workers also exit when their IPC channel
 * to this process closes; the server runs under its watchdog).
 */
export async function startCluster(options: { workers?: number } = {}): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'turnkit-cluster-'));
  const emu = await startEmulator();
  const ledger = await startLedger();
  const server = await startRestateServer({
    env: {
      RESTATE_DEFAULT_RETRY_POLICY__INITIAL_INTERVAL: '100ms',
      RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: '1s',
      RESTATE_DEFAULT_RETRY_POLICY__MAX_ATTEMPTS: '600',
    },
  });
  const workers = new Map<number, WorkerProcess>();
  const modelRequests: number[] = [];
  let requestWatchers: Array<() => void> = [];
  let port = 0;
  let stopped = false;

  const startWorker = (index: number): Promise<WorkerProcess> =>
    new Promise((resolve, reject) => {
      const log = createWriteStream(join(dir, `worker-${index}.log`), { flags: 'a' });
      const child = fork(WORKER, [], {
        env: {
          ...process.env,
          PORT: String(port),
          EMULATOR_URL: emu.url,
          LEDGER_URL: ledger.url,
        },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      children.add(child);
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      const exited = new Promise<void>((done) =>
        child.once('exit', () => {
          children.delete(child);
          workers.delete(index);
          done();
        }),
      );
      child.once('exit', (code) =>
        reject(new Error(`worker ${index} exited (${code}) before listening; see ${dir}`)),
      );
      child.on('message', (message: { type?: string; pid?: number; port?: number }) => {
        if (message.type === 'listening') {
          port = message.port!;
          const worker = { index, pid: child.pid!, exited };
          workers.set(index, worker);
          resolve(worker);
        } else if (message.type === 'model_request') {
          modelRequests.push(message.pid!);
          const list = requestWatchers;
          requestWatchers = [];
          for (const watch of list) watch();
        }
      });
    });

  const stopWorker = async (index: number, signal: NodeJS.Signals = 'SIGKILL') => {
    const worker = workers.get(index);
    if (!worker) return;
    process.kill(worker.pid, signal);
    await worker.exited;
  };

  try {
    await startWorker(0);
    for (let index = 1; index < (options.workers ?? 2); index++) await startWorker(index);
    await registerDeployment(server.adminUrl, `http://127.0.0.1:${port}`);
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([server.stop(), emu.close(), ledger.close()]);
    throw error;
  }

  return {
    server,
    emu,
    ledger,
    workers,
    modelRequests,
    client: (name) => connectDurableAgent({ ingressUrl: server.ingressUrl, adminUrl: server.adminUrl, name }),
    stopWorker,
    async killPid(pid) {
      const worker = [...workers.values()].find((w) => w.pid === pid);
      if (!worker) throw new Error(`no worker has pid ${pid}`);
      await stopWorker(worker.index, 'SIGKILL');
      return worker.index;
    },
    startWorker,
    waitForModelRequests(count) {
      return new Promise((resolve) => {
        const check = () => (modelRequests.length >= count ? resolve() : requestWatchers.push(check));
        check();
      });
    },
    async invocationStatus(invocationId) {
      const response = await fetch(`${server.adminUrl}/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: `SELECT status FROM sys_invocation WHERE id = '${invocationId}'` }),
      });
      const body = (await response.json()) as { rows?: Array<{ status: string }> };
      return body.rows?.[0]?.status;
    },
    async logs() {
      const parts: string[] = [];
      for (const index of [0, 1, 2, 3]) {
        const text = await readFile(join(dir, `worker-${index}.log`), 'utf8').catch(() => '');
        if (text) parts.push(`--- worker ${index}\n${text}`);
      }
      return parts.join('\n');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([...workers.keys()].map((index) => stopWorker(index, 'SIGKILL')));
      await Promise.all([server.stop(), emu.close(), ledger.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

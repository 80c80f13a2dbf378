import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurableAgentError } from '../contract/errors.js';
import { freePort } from './free-port.js';

/** Options of {@link startRestateServer}. */
export interface RestateServerOptions {
  /**
   * The data directory (`--base-dir`): journals, state, the metadata store. Default: a fresh
   * temporary directory, removed by `stop()`. A directory you give is kept, so a server started
   * on it again continues where it stopped.
   */
  baseDir?: string;
  /** Ingress port (where clients call handlers); default a free port. */
  ingressPort?: number;
  /** Admin API port (deployments, invocations); default a free port. */
  adminPort?: number;
  /** Port of the node-to-node fabric; default a free port. */
  nodePort?: number;
  /**
   * More configuration as environment variables (`RESTATE_…`, e.g.
   * `RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: '1s'`); they override the defaults set here.
   */
  env?: Record<string, string>;
  /** How long to wait for the server to answer on its admin and ingress ports; default 30 000 ms. */
  startTimeoutMs?: number;
}

/** A running `restate-server` started by {@link startRestateServer}. */
export interface RestateServer {
  /** Base URL of the ingress, e.g. `http://127.0.0.1:41233`. */
  readonly ingressUrl: string;
  /** Base URL of the admin API, e.g. `http://127.0.0.1:41234`. */
  readonly adminUrl: string;
  /** The data directory. */
  readonly baseDir: string;
  /** Where the server's log goes. */
  readonly logFile: string;
  /** The server's process id (changes on `restart()`). */
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and keeps the data directory. */
  shutdown(): Promise<void>;
  /** Starts the server again on the same ports and data directory, e.g. after `shutdown()`. */
  restart(): Promise<void>;
  /** Stops the server and removes a temporary data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The path of the `restate-server` binary that the npm package installed for this platform.
 * @throws {DurableAgentError} `server_failed` when no binary is installed for this platform.
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import { mkdtemp } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { restateServerBinary } from '@turnkit/restate';
 * const dir = await mkdtemp(join(tmpdir(), 'restate-'));
 * spawn(restateServerBinary(), ['--base-dir', dir]);
 * ```
 */
export function restateServerBinary(): string {
  const require = createRequire(import.meta.url);
  const name = `@restatedev/restate-server-${platform()}-${arch()}`;
  try {
    const server = createRequire(require.resolve('@restatedev/restate-server/package.json'));
    return server.resolve(`${name}/bin/restate-server`);
  } catch (cause) {
    throw new DurableAgentError(
      'server_failed',
      `No restate-server binary for ${platform()}-${arch()}: the npm package ${name} is not installed. ` +
        'Install @restatedev/restate-server (it brings the binary for supported platforms).',
      { cause },
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
}

/**
 * Starts a real single-node `restate-server` (the binary of the `@restatedev/restate-server`
 * npm package) on 127.0.0.1, on free ports, with its data in a temporary directory, and waits
 * until its admin API and ingress answer. The server runs under a small watchdog process, so it
 * is killed when this process exits, however it exits. For development, tests and examples; in
 * production run a Restate cluster (see docs/durable.md).
 *
 * @throws {DurableAgentError} `server_failed` when the binary is missing, exits early, or does
 *   not answer within `startTimeoutMs` (the message points at the log file).
 * @example
 * ```ts
 * import { registerDeployment, startRestateServer } from '@turnkit/restate';
 * const server = await startRestateServer();
 * await registerDeployment(server.adminUrl, 'http://127.0.0.1:9080');
 * // … call handlers at server.ingressUrl …
 * await server.stop();
 * ```
 */
export async function startRestateServer(options: RestateServerOptions = {}): Promise<RestateServer> {
  const binary = restateServerBinary();
  const temporary = options.baseDir === undefined;
  const baseDir = options.baseDir ?? (await mkdtemp(join(tmpdir(), 'turnkit-restate-')));
  const [ingressPort, adminPort, nodePort] = [
    options.ingressPort ?? (await freePort()),
    options.adminPort ?? (await freePort()),
    options.nodePort ?? (await freePort()),
  ];
  const logFile = join(baseDir, 'restate-server.log');
  const ingressUrl = `http://127.0.0.1:${ingressPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  // The server gets no secret of this process: only what a process needs, and RESTATE_* settings.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].includes(key) || key.startsWith('RESTATE_'),
    ),
  );
  const env = {
    ...inherited,
    RESTATE_NODE_NAME: 'turnkit-dev',
    RESTATE_LISTEN_MODE: 'tcp',
    RESTATE_BIND_ADDRESS: `127.0.0.1:${nodePort}`,
    RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${nodePort}/`,
    RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingressPort}`,
    RESTATE_INGRESS__ADVERTISED_INGRESS_ENDPOINT: ingressUrl,
    RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${adminPort}`,
    RESTATE_ADMIN__ADVERTISED_ADMIN_ENDPOINT: adminUrl,
    RESTATE_DISABLE_TELEMETRY: 'true',
    RESTATE_DEFAULT_NUM_PARTITIONS: '4',
    RESTATE_ROCKSDB_TOTAL_MEMORY_SIZE: '256 MiB',
    RESTATE_LOG_FORMAT: 'compact',
    RESTATE_LOG_DISABLE_ANSI_CODES: 'true',
    ...options.env,
  };
  const watchdog = fileURLToPath(new URL('./watchdog.js', import.meta.url));
  const timeout = options.startTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;
  let serverPid: number | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopped = false;

  const launch = async (): Promise<void> => {
    const log = openSync(logFile, 'a');
    const proc = fork(watchdog, [binary, '--base-dir', baseDir, '--no-logo'], {
      env,
      stdio: ['ignore', log, log, 'ipc'],
      execArgv: [],
    });
    closeSync(log);
    child = proc;
    let early: string | undefined;
    exited = new Promise((resolve) => {
      proc.on(
        'message',
        (message: { type?: string; pid?: number; code?: number | null; message?: string }) => {
          if (message.type === 'spawned') serverPid = message.pid;
          if (message.type === 'exit') early = `it exited with code ${message.code ?? 'none'}`;
          if (message.type === 'error') early = message.message;
        },
      );
      proc.on('exit', () => {
        early ??= 'its watchdog exited';
        resolve();
      });
    });
    const deadline = Date.now() + timeout;
    for (;;) {
      if (early) break;
      if ((await answers(`${adminUrl}/health`)) && (await answers(`${ingressUrl}/restate/health`))) return;
      if (Date.now() > deadline) break;
      await sleep(100);
    }
    await shutdown();
    throw new DurableAgentError(
      'server_failed',
      `restate-server did not start (${early ?? `no answer on ${adminUrl} within ${timeout} ms`}); see ${logFile}.`,
    );
  };

  const shutdown = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    if (proc.connected) proc.send({ type: 'stop', signal: 'SIGTERM' });
    // The watchdog kills the server when its channel closes, so disconnecting is the hard stop.
    const killer = setTimeout(() => proc.connected && proc.disconnect(), 10_000);
    await exited;
    clearTimeout(killer);
  };

  await launch();
  return {
    ingressUrl,
    adminUrl,
    baseDir,
    logFile,
    get pid() {
      return serverPid;
    },
    shutdown,
    restart: async () => {
      await shutdown();
      await launch();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await shutdown();
      if (temporary) await rm(baseDir, { recursive: true, force: true });
    },
  };
}

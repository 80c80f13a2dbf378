// Child processes of the benchmark: the emulator's CLI and the trivial server, each started with
// `node` and resolved once it printed its URL line.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running server process. */
export interface ServerProcess {
  /** Its base URL, `http://127.0.0.1:PORT/v1`. */
  readonly url: string;
  readonly pid: number;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * The CPU time a process has used so far (user + system), in microseconds, from
 * `/proc/PID/stat`; `undefined` where there is no `/proc` (not Linux).
 */
export function processCpuMicros(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1_000_000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** `getconf CLK_TCK`: 100 on every Linux the project runs on. */
const CLOCK_TICKS = 100;

const START_TIMEOUT_MS = 15_000;

/** `node packages/emulator/dist/cli.js --port 0` (the default model answers every request). */
export function startEmulatorProcess(): Promise<ServerProcess> {
  const packageJson = fileURLToPath(import.meta.resolve('@turnkit/emulator/package.json'));
  return startProcess('the emulator', [join(dirname(packageJson), 'dist', 'cli.js'), '--port', '0']);
}

/** `node src/trivial-server.ts ANSWER.json`. */
export function startTrivialProcess(answerPath: string): Promise<ServerProcess> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'trivial-server.ts');
  return startProcess('the trivial server', [script, answerPath]);
}

function startProcess(name: string, args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${name} did not start: ${why}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no URL on stdout after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      lines.close();
      const url = line.trim();
      if (!/^http:\/\/\S+\/v1$/.test(url)) {
        fail(`expected a URL line, got ${JSON.stringify(line)}`);
        return;
      }
      resolve({ url, pid: child.pid!, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

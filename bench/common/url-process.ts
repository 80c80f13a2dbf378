// A child process that prints its base URL on the first line of stdout (the emulator's CLI, or a
// bench's own server script), started with the same `node` and stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running child process that serves HTTP at `url`. */
export interface UrlProcess {
  /** Its base URL, `http://127.0.0.1:PORT/v1`. */
  readonly url: string;
  readonly pid: number;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

/**
 * Starts `node ...args` and resolves once it printed a `http://…/v1` line on stdout.
 * @throws when the process exits, or stays silent for 15 s, before printing it (with its stderr).
 */
export function startUrlProcess(name: string, args: readonly string[]): Promise<UrlProcess> {
  const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      resolve({ url, pid: child.pid!, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

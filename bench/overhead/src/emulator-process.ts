// The emulator runs in its own process (the `turnkit-emulator` CLI), so this process's CPU time
// (`process.cpuUsage()`) is the client side only: the loop, the openai client, HTTP and SSE parsing.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running emulator process. */
export interface EmulatorProcess {
  /** Its base URL, `http://127.0.0.1:PORT/v1`. */
  readonly url: string;
  readonly pid: number;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

/** Path of the emulator's built CLI (`packages/emulator/dist/cli.js`). */
export function emulatorCliPath(): string {
  const packageJson = fileURLToPath(import.meta.resolve('@turnkit/emulator/package.json'));
  return join(dirname(packageJson), 'dist', 'cli.js');
}

/**
 * Starts `node packages/emulator/dist/cli.js --port 0 --script FILE` and resolves once it printed
 * its URL line.
 * @throws when the process exits or stays silent for 15 s before printing it (with its stderr).
 */
export function startEmulatorProcess(scriptPath: string): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [emulatorCliPath(), '--port', '0', '--script', scriptPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`The emulator did not start: ${why}${stderr ? `\n${stderr.trim()}` : ''}`));
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

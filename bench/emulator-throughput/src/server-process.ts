// Child processes of the benchmark: the emulator's CLI and the trivial server, each started with
// `node` and resolved once it printed its URL line.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUrlProcess, type UrlProcess } from '../../common/url-process.ts';

/** A running server process. */
export type ServerProcess = UrlProcess;

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

/** `node packages/emulator/dist/cli.js --port 0` (the default model answers every request). */
export function startEmulatorProcess(): Promise<ServerProcess> {
  const packageJson = fileURLToPath(import.meta.resolve('@turnkit/emulator/package.json'));
  return startUrlProcess('the emulator', [join(dirname(packageJson), 'dist', 'cli.js'), '--port', '0']);
}

/** `node src/trivial-server.ts ANSWER.json`. */
export function startTrivialProcess(answerPath: string): Promise<ServerProcess> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'trivial-server.ts');
  return startUrlProcess('the trivial server', [script, answerPath]);
}

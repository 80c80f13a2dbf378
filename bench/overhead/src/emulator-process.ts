// The emulator runs in its own process (the `turnkit-emulator` CLI), so this process's CPU time
// (`process.cpuUsage()`) is the client side only: the loop, the openai client, HTTP and SSE parsing.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUrlProcess, type UrlProcess } from '../../common/url-process.ts';

/** A running emulator process. */
export type EmulatorProcess = UrlProcess;

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
  return startUrlProcess('The emulator', [emulatorCliPath(), '--port', '0', '--script', scriptPath]);
}

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CliContext } from '../cli/context.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';

/** The `turnkit-emulator` binary of the installed `@turnkit/emulator`. */
function emulatorBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@turnkit/emulator/package.json');
  return join(dirname(manifest), 'bin', 'turnkit-emulator.js');
}

/**
 * `turnkit emulator …`: runs `turnkit-emulator` with the same arguments, its output and exit code
 * passed through (SIGINT and SIGTERM are passed on, so it closes cleanly).
 */
export function emulatorCommand(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const child = spawn(process.execPath, [emulatorBin(), ...argv], {
    stdio: 'inherit',
    env: { ...context.env },
    cwd: context.cwd,
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((done) => {
    child.on('error', (error) => {
      context.stderr.write(`turnkit emulator: could not start turnkit-emulator: ${error.message}\n`);
      done(EXIT.failed);
    });
    child.on('exit', (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      done((code ?? EXIT.failed) as ExitCode);
    });
  });
}

import { CliUsageError, parseCliArgs, USAGE } from './cli-args.js';
import { startEmulator } from './emulator.js';
import { loadScript } from './model/parse-script.js';
import { EmulatorOptionsError, ScriptError } from './wire/errors.js';

/** The flag of each option `startEmulator` may name in an `EmulatorOptionsError`. */
const FLAGS: Record<string, string> = {
  maxBodyBytes: '--max-body-bytes',
  logLimit: '--log-limit',
  allowedOrigins: '--allowed-origin',
  allowedHosts: '--allowed-host',
};

/**
 * Runs the `turnkit-emulator` command: prints the base URL on one line of stdout, logs to stderr,
 * and closes cleanly (exit 0) on SIGINT or SIGTERM. The API key comes from `--api-key`, else from
 * `TURNKIT_EMULATOR_API_KEY`; it is never printed. Bad flags or an unreadable/invalid script
 * exit with code 2; a port that cannot be bound exits with code 1.
 *
 * @example
 * import { spawn } from 'node:child_process';
 * import { once } from 'node:events';
 * const emulator = spawn('turnkit-emulator', ['--port', '0', '--script', 'turns.json']);
 * const [line] = await once(emulator.stdout, 'data'); // 'http://127.0.0.1:53127/v1\n'
 * emulator.kill('SIGTERM'); // closes cleanly: exit code 0
 */
async function main(argv: readonly string[]): Promise<void> {
  let options: ReturnType<typeof parseCliArgs>;
  let turns: Awaited<ReturnType<typeof loadScript>> = [];
  try {
    options = parseCliArgs(argv, process.env);
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    if (options.script !== undefined) turns = await loadScript(options.script);
  } catch (error) {
    if (error instanceof CliUsageError || ScriptError.is(error)) {
      process.stderr.write(`turnkit-emulator: ${error.message}\n`);
      if (error instanceof CliUsageError) process.stderr.write(`\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port: options.port,
      host: options.host,
      script: turns,
      allowedOrigins: options.allowedOrigins,
      allowedHosts: options.allowedHosts,
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.encryptionKey !== undefined ? { encryptionKey: options.encryptionKey } : {}),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...(options.logLimit !== undefined ? { logLimit: options.logLimit } : {}),
    });
  } catch (error) {
    if (!EmulatorOptionsError.is(error)) throw error;
    const flag = FLAGS[error.option.replace(/\[\d+\]$/, '')] ?? error.option;
    process.stderr.write(`turnkit-emulator: ${flag}: ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`${emulator.url}\n`);
  const auth = options.apiKeySource
    ? `API key required (from ${options.apiKeySource})`
    : 'no API key required';
  process.stderr.write(
    `turnkit-emulator: listening (Azure v1: ${emulator.azureUrl}; ${turns.length} script turn(s) queued; ${auth})\n`,
  );
  const stop = (signal: string) => {
    process.stderr.write(`turnkit-emulator: ${signal}, closing\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`turnkit-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

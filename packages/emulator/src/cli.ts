import { CliUsageError, parseCliArgs, USAGE } from './cli-args.js';
import { startEmulator } from './emulator.js';
import { loadScript } from './model/script.js';
import { ScriptError } from './wire/errors.js';

/**
 * Runs the `turnkit-emulator` command: prints the base URL on one line of stdout, logs to stderr,
 * and closes cleanly (exit 0) on SIGINT or SIGTERM. Bad flags or an unreadable/invalid script
 * exit with code 2; a port that cannot be bound exits with code 1.
 *
 * @example
 * // $ turnkit-emulator --port 0 --script turns.json
 * // http://127.0.0.1:53127/v1
 * await main(process.argv.slice(2));
 */
async function main(argv: readonly string[]): Promise<void> {
  let options: ReturnType<typeof parseCliArgs>;
  let turns: Awaited<ReturnType<typeof loadScript>> = [];
  try {
    options = parseCliArgs(argv);
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
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    script: turns,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.encryptionKey !== undefined ? { encryptionKey: options.encryptionKey } : {}),
  });
  process.stdout.write(`${emulator.url}\n`);
  process.stderr.write(
    `turnkit-emulator: listening (Azure v1: ${emulator.azureUrl}; ${turns.length} script turn(s) queued)\n`,
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

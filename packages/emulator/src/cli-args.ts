import { parseArgs } from 'node:util';

/** Usage text of the `turnkit-emulator` command. */
export const USAGE = `Usage: turnkit-emulator [--port N] [--host H] [--script FILE.json] [--api-key KEY]
                        [--encryption-key PASSPHRASE]

Starts a local Responses API emulator and prints its base URL (ending in /v1) on one line.
Runs until SIGINT or SIGTERM.

  --port N         port to listen on (default 0: a free port)
  --host H         host to listen on (default 127.0.0.1)
  --script FILE    JSON script of model turns ({"turns": [...]})
  --api-key KEY    require this key (api-key header or Authorization: Bearer)
  --encryption-key PASSPHRASE
                   seal reasoning/compaction encrypted_content with this key (default:
                   a random key, so blobs do not survive a restart)
  --help           print this help`;

/** The parsed command line of `turnkit-emulator`. */
export interface CliOptions {
  port: number;
  host: string;
  script: string | undefined;
  apiKey: string | undefined;
  encryptionKey: string | undefined;
  help: boolean;
}

/**
 * Thrown for a bad command line; the CLI prints the message and exits with code 2.
 *
 * @example
 * try { parseCliArgs(['--port', 'x']); } catch (e) { if (e instanceof CliUsageError) process.exit(2); }
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/**
 * Parses the arguments of `turnkit-emulator`.
 *
 * @throws {CliUsageError} for an unknown flag, a missing value, a stray argument or a port that
 * is not an integer in 0–65535.
 * @example
 * parseCliArgs(['--port', '8080']).port; // 8080
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        script: { type: 'string' },
        'api-key': { type: 'string' },
        'encryption-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const portText = (values.port as string | undefined) ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new CliUsageError(`--port must be an integer between 0 and 65535, got '${portText}'`);
  }
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  if (host === '') throw new CliUsageError('--host must not be empty');
  const apiKey = values['api-key'] as string | undefined;
  if (apiKey === '') throw new CliUsageError('--api-key must not be empty');
  const encryptionKey = values['encryption-key'] as string | undefined;
  if (encryptionKey === '') throw new CliUsageError('--encryption-key must not be empty');
  return {
    port,
    host,
    script: values.script as string | undefined,
    apiKey,
    encryptionKey,
    help: values.help === true,
  };
}

import { parseArgs } from 'node:util';

/** The environment variable the `turnkit-emulator` command reads its API key from. */
export const API_KEY_ENV = 'TURNKIT_EMULATOR_API_KEY';

/** Usage text of the `turnkit-emulator` command. */
export const USAGE = `Usage: turnkit-emulator [--port N] [--host H] [--script FILE.json] [--api-key KEY]
                        [--encryption-key PASSPHRASE] [--max-body-bytes N] [--log-limit N]
                        [--allowed-origin ORIGIN]... [--allowed-host HOST]...

Starts a local Responses API emulator and prints its base URL (ending in /v1) on one line.
Runs until SIGINT or SIGTERM.

  --port N         port to listen on (default 0: a free port)
  --host H         host to listen on (default 127.0.0.1)
  --script FILE    JSON script of model turns ({"turns": [...]})
  --api-key KEY    require this key (api-key header or Authorization: Bearer); visible to
                   other users in ps, so prefer the ${API_KEY_ENV} environment variable,
                   read when --api-key is absent
  --encryption-key PASSPHRASE
                   seal reasoning/compaction encrypted_content with this key (default:
                   a random key, so blobs do not survive a restart)
  --max-body-bytes N
                   answer 413 to a request body above N bytes (default 67108864, 64 MiB)
  --log-limit N    keep the newest N requests and responses in the log (default 1000)
  --allowed-origin ORIGIN
                   let browser pages on ORIGIN (e.g. http://localhost:5173) call the
                   emulator, with CORS; repeatable (default: no browser page may)
  --allowed-host HOST
                   accept HOST (name or name:port) in the Host header besides localhost,
                   127.0.0.1, [::1] and --host; repeatable
  --help           print this help`;

/** The parsed command line of `turnkit-emulator`. */
export interface CliOptions {
  port: number;
  host: string;
  script: string | undefined;
  apiKey: string | undefined;
  /** Where `apiKey` came from: the flag, the environment variable, or nowhere. */
  apiKeySource: '--api-key' | typeof API_KEY_ENV | undefined;
  encryptionKey: string | undefined;
  maxBodyBytes: number | undefined;
  logLimit: number | undefined;
  allowedOrigins: string[];
  allowedHosts: string[];
  help: boolean;
}

/**
 * Thrown for a bad command line; the CLI prints the message and exits with code 2.
 *
 * @example
 * import { CliUsageError, parseCliArgs } from './cli-args.js';
 * try { parseCliArgs(['--port', 'x']); } catch (e) { if (e instanceof CliUsageError) process.exit(2); }
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/**
 * Parses the arguments of `turnkit-emulator`. The API key is `--api-key` when given, else the
 * `TURNKIT_EMULATOR_API_KEY` variable of `env`, else none (every request is accepted).
 *
 * @throws {CliUsageError} for an unknown flag, a missing value, a stray argument, a port that
 * is not an integer in 0–65535, a `--max-body-bytes` or `--log-limit` that is not a whole
 * number, or an empty key (flag or variable).
 * @example
 * import { parseCliArgs } from './cli-args.js';
 * parseCliArgs(['--port', '8080']).port; // 8080
 * parseCliArgs([], { TURNKIT_EMULATOR_API_KEY: 'sk-local' }).apiKey; // 'sk-local'
 */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CliOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        script: { type: 'string' },
        'api-key': { type: 'string' },
        'encryption-key': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'log-limit': { type: 'string' },
        'allowed-origin': { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
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
  const flagKey = values['api-key'] as string | undefined;
  if (flagKey === '') throw new CliUsageError('--api-key must not be empty');
  const envKey = env[API_KEY_ENV];
  if (flagKey === undefined && envKey === '') {
    throw new CliUsageError(`${API_KEY_ENV} is set but empty: unset it, or set it to the key to require`);
  }
  const apiKey = flagKey ?? envKey;
  const encryptionKey = values['encryption-key'] as string | undefined;
  if (encryptionKey === '') throw new CliUsageError('--encryption-key must not be empty');
  const maxBodyBytes = wholeNumber(values['max-body-bytes'] as string | undefined, '--max-body-bytes', 1);
  return {
    port,
    host,
    script: values.script as string | undefined,
    apiKey,
    apiKeySource: flagKey !== undefined ? '--api-key' : apiKey !== undefined ? API_KEY_ENV : undefined,
    encryptionKey,
    maxBodyBytes,
    logLimit: wholeNumber(values['log-limit'] as string | undefined, '--log-limit', 0),
    allowedOrigins: (values['allowed-origin'] as string[] | undefined) ?? [],
    allowedHosts: (values['allowed-host'] as string[] | undefined) ?? [],
    help: values.help === true,
  };
}

function wholeNumber(text: string | undefined, flag: string, min: 0 | 1): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new CliUsageError(
      min === 1
        ? `${flag} must be a positive integer (bytes), got '${text}'`
        : `${flag} must be a whole number (0 or more), got '${text}'`,
    );
  }
  return value;
}

import { DEFAULT_MAX_BODY_BYTES } from './http/request-body.js';
import { parseHost, parseOrigin } from './http/request-guard.js';
import type { ModelBehavior } from './model/model-request.js';
import type { Script, ScriptTurn } from './model/script.js';
import { EmulatorOptionsError } from './wire/errors.js';

/**
 * Options of {@link startEmulator}.
 *
 * @example
 * import { type EmulatorOptions, reply } from '@turnkit/emulator';
 * const options: EmulatorOptions = { port: 0, apiKey: 'secret', script: { turns: [reply.text('Hi')] } };
 */
export interface EmulatorOptions {
  /** Port to listen on; default `0` (a free port). */
  port?: number;
  /** Host to listen on; default `127.0.0.1`. */
  host?: string;
  /**
   * When set, requests must carry this key (`api-key: KEY` or `Authorization: Bearer KEY`); 401
   * otherwise, answered from the headers before any of the body is read.
   */
  apiKey?: string;
  /**
   * The largest request body read, in bytes; default 64 MiB (`67108864`). A larger body gets a 413
   * `{"error": {"message": "Maximum content size limit (N) exceeded (…)", "type": "server_error"}}`
   * as soon as its `Content-Length` or the bytes read so far pass the limit, and nothing of it is kept.
   */
  maxBodyBytes?: number;
  /**
   * How many entries `emulator.requests` and `emulator.responses` each keep (the newest); default
   * 1000. Older entries are dropped and counted in `droppedRequests` / `droppedResponses`. `0`
   * keeps none; `Infinity` keeps all (memory then grows with every request).
   */
  logLimit?: number;
  /**
   * Browser origins allowed to call the emulator, e.g. `['http://localhost:5173']`; they get CORS
   * headers and preflight answers. Default none: a request with any other `Origin` than the
   * emulator's own (or a cross-site `Sec-Fetch-Site`) gets a 403, so web pages cannot use it.
   */
  allowedOrigins?: readonly string[];
  /**
   * More names the `Host` header may carry, as `name` (on the emulator's port) or `name:port`,
   * e.g. `['emulator']` for a container reached by its service name. Always accepted:
   * `localhost`, `127.0.0.1`, `[::1]` and the listening address, on the emulator's port (and any
   * IP address when listening on `0.0.0.0` or `::`). Any other `Host` gets a 403 (DNS rebinding).
   */
  allowedHosts?: readonly string[];
  /** Turns queued at start: a {@link Script} or an array of turns. */
  script?: Script | readonly ScriptTurn[];
  /** Directory that relative recording paths in `script` resolve against; default the working directory. */
  baseDir?: string;
  /** A programmable model consulted when no queued turn matches, before the default model. */
  behavior?: ModelBehavior;
  /** When set, only these model names are accepted (400 `model_not_found` otherwise). */
  models?: readonly string[];
  /**
   * The key that seals the `encrypted_content` of reasoning and compaction items (AES-256-GCM):
   * 32 bytes, or a passphrase (hashed with SHA-256). Default: a random key per emulator, so a blob
   * from another emulator instance is rejected. Give two emulators the same key to let a blob
   * travel between them (e.g. across a restart).
   */
  encryptionKey?: string | Uint8Array;
  /**
   * The time limit of one code interpreter run, in milliseconds, while its code runs (writing
   * the container's files before and reading them back after do not count); default 10 000. A run past it is
   * stopped, its call reports it in `logs`, and the container's Python state is reset.
   */
  codeTimeoutMs?: number;
  /**
   * Put the traceback of code that raised into the `code_interpreter_call`'s `logs` output. Default
   * `false`: as in the real recording, a call whose code raised shows only what it printed before
   * (`outputs: []` when nothing), while the model (the default model's answer) sees the traceback.
   */
  codeTracebackInLogs?: boolean;
}

/** The default of {@link EmulatorOptions.logLimit}. */
export const DEFAULT_LOG_LIMIT = 1000;

/** The options that bound and guard what the emulator accepts, checked and with defaults. */
export interface CheckedLimits {
  maxBodyBytes: number;
  logLimit: number;
  allowedOrigins: string[];
  allowedHosts: string[];
}

/**
 * Checks the options that limit what the emulator accepts and fills in their defaults.
 *
 * @throws {EmulatorOptionsError} naming the option: `maxBodyBytes` not a positive integer,
 * `logLimit` not a whole number ≥ 0 (or `Infinity`), an `allowedOrigins` entry that is not an
 * origin (`http://host:port`), an `allowedHosts` entry that is not a host name (`name[:port]`).
 * @example
 * import { checkLimits } from './emulator-options.js';
 * const { maxBodyBytes } = checkLimits({ maxBodyBytes: 1024 });
 */
export function checkLimits(options: EmulatorOptions): CheckedLimits {
  const { maxBodyBytes = DEFAULT_MAX_BODY_BYTES, logLimit = DEFAULT_LOG_LIMIT } = options;
  if (typeof maxBodyBytes !== 'number' || !Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new EmulatorOptionsError(
      'maxBodyBytes',
      `must be a positive whole number of bytes (e.g. 1048576 for 1 MiB), got ${describe(maxBodyBytes)}.`,
    );
  }
  const logOk =
    typeof logLimit === 'number' &&
    (logLimit === Number.POSITIVE_INFINITY || (Number.isSafeInteger(logLimit) && logLimit >= 0));
  if (!logOk) {
    throw new EmulatorOptionsError(
      'logLimit',
      `must be a whole number of entries ≥ 0, or Infinity to keep every one, got ${describe(logLimit)}.`,
    );
  }
  return {
    maxBodyBytes,
    logLimit,
    allowedOrigins: checkList(options.allowedOrigins, 'allowedOrigins', (entry, option) => {
      const origin = typeof entry === 'string' ? parseOrigin(entry) : undefined;
      if (origin === undefined) {
        throw new EmulatorOptionsError(
          option,
          `must be a browser origin: scheme, host and port only, e.g. 'http://localhost:5173', got ${describe(entry)}.`,
        );
      }
      return origin;
    }),
    allowedHosts: checkList(options.allowedHosts, 'allowedHosts', (entry, option) => {
      if (typeof entry !== 'string' || parseHost(entry) === undefined) {
        throw new EmulatorOptionsError(
          option,
          `must be a host name with an optional port, as in a Host header (e.g. 'emulator' or 'emulator:8080'), got ${describe(entry)}.`,
        );
      }
      return entry;
    }),
  };
}

function checkList(
  value: unknown,
  option: string,
  check: (entry: unknown, option: string) => string,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new EmulatorOptionsError(option, `must be an array of strings, got ${describe(value)}.`);
  }
  return value.map((entry, i) => check(entry, `${option}[${i}]`));
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : typeof value === 'number' ? String(value) : typeof value;
}

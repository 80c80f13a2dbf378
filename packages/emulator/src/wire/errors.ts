import type { ErrorBody } from './wire-types.js';

/**
 * An API error the emulator answers with: an HTTP status, the OpenAI-style error body and
 * optional extra headers (e.g. `retry-after`). Handlers throw it; the server turns it into the
 * response.
 *
 * @example
 * import { HttpError } from './errors.js';
 * throw new HttpError(404, { message: 'Not found', type: 'invalid_request_error', param: null, code: null });
 */
export class HttpError extends Error {
  /** The HTTP status code of the answer. */
  readonly status: number;
  /** The `error` object of the body. */
  readonly body: ErrorBody;
  /** Extra response headers, e.g. `retry-after`. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The `error` object as sent, when it is not `body` in the OpenAI shape: Azure's own bodies
   * carry only `code` and `message` (see {@link azureError}).
   */
  readonly wire: Readonly<Record<string, unknown>> | undefined;

  constructor(
    status: number,
    body: ErrorBody,
    headers: Record<string, string> = {},
    wire?: Record<string, unknown>,
  ) {
    super(body.message);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.wire = wire;
  }
}

/**
 * Builds an error in Azure's own shape, `{"error": {"code", "message"}}`, as Azure answers where
 * its gateway, not the model service, refuses a request (a wrong key, an unknown deployment).
 *
 * @example
 * import { azureError } from './errors.js';
 * throw azureError(404, 'DeploymentNotFound', 'The API deployment for this resource does not exist. …');
 */
export function azureError(status: number, code: string, message: string): HttpError {
  return new HttpError(status, { message, type: null, param: null, code }, {}, { code, message });
}

/**
 * Builds the 400 `invalid_request_error` the API returns for a bad request.
 *
 * @example
 * import { invalidRequest } from './errors.js';
 * throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
 */
export function invalidRequest(
  message: string,
  param: string | null = null,
  code: string | null = null,
): HttpError {
  return new HttpError(400, { message, type: 'invalid_request_error', param, code });
}

/**
 * Builds the 400 error for a parameter of the wrong JSON type, worded like the real API:
 * `Invalid type for 'temperature': expected a number, but got a string instead.`
 *
 * @example
 * import { invalidType } from './errors.js';
 * throw invalidType('temperature', 'a number', '1');
 */
export function invalidType(param: string, expected: string, value: unknown): HttpError {
  return invalidRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${describeJsonType(value)} instead.`,
    param,
    'invalid_type',
  );
}

/**
 * Builds the 400 error for a value outside an enumeration, worded like the real API:
 * `Invalid value: 'x'. Supported values are: 'a', 'b', and 'c'.` (`'a' and 'b'` for two).
 *
 * @example
 * import { invalidValue } from './errors.js';
 * throw invalidValue('truncation', 'sometimes', ['auto', 'disabled']);
 */
export function invalidValue(param: string, value: unknown, supported: readonly string[]): HttpError {
  const list = supported.map((v) => `'${v}'`);
  const joined = list.length > 2 ? `${list.slice(0, -1).join(', ')}, and ${list.at(-1)}` : list.join(' and ');
  return invalidRequest(
    `Invalid value: '${String(value)}'. Supported values are: ${joined}.`,
    param,
    'invalid_value',
  );
}

/**
 * Builds the 400 error for a missing required parameter.
 *
 * @example
 * import { missingParameter } from './errors.js';
 * throw missingParameter('input[0].call_id');
 */
export function missingParameter(param: string): HttpError {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

/**
 * Builds a 404 `invalid_request_error`.
 *
 * @example
 * import { notFound } from './errors.js';
 * throw notFound("No response found with id 'resp_1'.");
 */
export function notFound(message: string, param: string | null = null): HttpError {
  return new HttpError(404, { message, type: 'invalid_request_error', param, code: null });
}

/**
 * Names the JSON type of a value the way the API's error messages do ("an integer", "a string"…).
 *
 * @example
 * import { describeJsonType } from './errors.js';
 * describeJsonType(1.5); // 'a decimal'
 */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

const SCRIPT_ERROR_MARKER = Symbol.for('turnkit.emulator.ScriptError');

/**
 * Thrown when a script turn, a script file or a recording is invalid. `turn` is the 0-based index
 * of the turn in its script (or `null` for the file itself) and `field` the path of the bad field,
 * so the message points at the fix: `turn 2: output[0].name: expected a non-empty string`.
 *
 * @example
 * import { ScriptError, type ScriptTurn, startEmulator } from '@turnkit/emulator';
 * const emu = await startEmulator();
 * try { emu.enqueue({ output: [{ type: 'function_call' }] } as ScriptTurn); }
 * catch (e) { if (ScriptError.is(e)) console.error(e.turn, e.field); }
 */
export class ScriptError extends Error {
  /** Always `'invalid_script'`. */
  readonly code = 'invalid_script' as const;
  /** Index of the offending turn in its script, or `null` when the script as a whole is wrong. */
  readonly turn: number | null;
  /** Path of the offending field inside the turn (e.g. `output[0].arguments`), or `''`. */
  readonly field: string;

  constructor(turn: number | null, field: string, problem: string, options?: ErrorOptions) {
    const where = [turn === null ? 'script' : `turn ${turn}`, field].filter(Boolean).join(': ');
    super(`${where}: ${problem}`, options);
    this.name = 'ScriptError';
    this.turn = turn;
    this.field = field;
    Object.defineProperty(this, SCRIPT_ERROR_MARKER, { value: true });
  }

  /**
   * Tells whether a value is a `ScriptError`, also across duplicate copies of this package.
   *
   * @example
   * import { loadScript, ScriptError } from '@turnkit/emulator';
   * try {
   *   await loadScript('turns.json');
   * } catch (err) {
   *   if (ScriptError.is(err)) process.exit(2);
   *   throw err;
   * }
   */
  static is(value: unknown): value is ScriptError {
    return typeof value === 'object' && value !== null && SCRIPT_ERROR_MARKER in value;
  }
}

const OPTIONS_ERROR_MARKER = Symbol.for('turnkit.emulator.EmulatorOptionsError');

/**
 * Thrown by `startEmulator` for an option it cannot use. `option` names it (e.g. `maxBodyBytes`,
 * `allowedOrigins[1]`), and the message says what it expects instead.
 *
 * @example
 * import { EmulatorOptionsError, startEmulator } from '@turnkit/emulator';
 * try { await startEmulator({ maxBodyBytes: 0 }); }
 * catch (e) { if (EmulatorOptionsError.is(e)) console.error(e.option, e.message); }
 */
export class EmulatorOptionsError extends Error {
  /** Always `'invalid_option'`. */
  readonly code = 'invalid_option' as const;
  /** The option at fault, with an index for an array entry (e.g. `allowedHosts[0]`). */
  readonly option: string;

  constructor(option: string, problem: string) {
    super(`startEmulator: ${option} ${problem}`);
    this.name = 'EmulatorOptionsError';
    this.option = option;
    Object.defineProperty(this, OPTIONS_ERROR_MARKER, { value: true });
  }

  /**
   * Tells whether a value is an `EmulatorOptionsError`, also across duplicate copies of this package.
   *
   * @example
   * import { EmulatorOptionsError, startEmulator } from '@turnkit/emulator';
   * try {
   *   await startEmulator({ maxBodyBytes: -1 });
   * } catch (err) {
   *   if (EmulatorOptionsError.is(err)) process.exit(2);
   *   throw err;
   * }
   */
  static is(value: unknown): value is EmulatorOptionsError {
    return typeof value === 'object' && value !== null && OPTIONS_ERROR_MARKER in value;
  }
}

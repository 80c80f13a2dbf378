import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliUsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses one command's arguments strictly (unknown options and missing values are errors).
 * @throws {CliUsageError} naming the command and the option at fault.
 */
export function parseOptions<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    return {
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      positionals: parsed.positionals,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node's messages end with hints about `--` that do not help here; keep the first sentence.
    throw new CliUsageError(command, message.split('. To specify')[0]!.replace(/\.$/, ''));
  }
}

/**
 * A port option: a whole number 0–65535 (0: a free port).
 * @throws {CliUsageError} for anything else.
 */
export function portOption(command: string, value: unknown): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65535) {
    throw new CliUsageError(
      command,
      `--port must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`,
    );
  }
  return port;
}

/**
 * A whole-number option of at least `min`.
 * @throws {CliUsageError} for anything else.
 */
export function countOption(command: string, name: string, value: unknown, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < min) {
    throw new CliUsageError(
      command,
      `--${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

// Helpers shared by the benchmarks under bench/ (imported by relative path: Node runs these .ts files directly).
import { execFileSync } from 'node:child_process';

/** A bad command line: main prints the message and the usage, and exits with code 2. */
export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

/** Reads a whole-number flag in [min, max]; `fallback` when absent. @throws {BenchUsageError} */
export function wholeNumber(
  flag: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BenchUsageError(
      `--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}.`,
    );
  }
  return value;
}

/** The commit measured, and whether packages/ had uncommitted changes; `undefined` outside a git checkout. */
export function measuredCommit(): { commit: string; packagesDirty: boolean } | undefined {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const root = git('rev-parse', '--show-toplevel');
    return {
      commit: git('-C', root, 'rev-parse', 'HEAD'),
      packagesDirty: git('-C', root, 'status', '--porcelain', '--', 'packages') !== '',
    };
  } catch {
    return undefined;
  }
}

/**
 * A benchmark's options from its command line, or `undefined` when its main should stop: on a bad
 * command line (the message and `usage` on stderr, exit code 2) and on `--help` (`usage` on stdout).
 * @throws what `parse` throws other than a {@link BenchUsageError}.
 */
export function commandLine<O extends { help: boolean }>(
  name: string,
  usage: string,
  parse: (argv: readonly string[]) => O,
  argv: readonly string[],
): O | undefined {
  let options: O;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n\n${usage}\n`);
    process.exitCode = 2;
    return undefined;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  return options;
}

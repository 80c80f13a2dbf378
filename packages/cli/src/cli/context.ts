import { isAbsolute, resolve } from 'node:path';

/**
 * Where a command runs: its streams, environment and working folder. The `turnkit` binary passes
 * the process's; tests may pass their own.
 *
 * @example
 * ```ts
 * import { processContext, runCli } from '@turnkit/cli';
 * const context = processContext();
 * await runCli(['view', 'runs.jsonl'], context);
 * ```
 */
export interface CliContext {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The folder relative paths are resolved against: `TURNKIT_CALLER_CWD` when set (scripts/dev.sh
   * sets it to where the command was typed), else the process's working folder.
   */
  cwd: string;
}

/** The context of this process. */
export function processContext(): CliContext {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.env.TURNKIT_CALLER_CWD || process.cwd(),
  };
}

/** A path from the command line, resolved against the caller's folder. */
export function callerPath(context: CliContext, path: string): string {
  return isAbsolute(path) ? path : resolve(context.cwd, path);
}

/**
 * The exit codes of the `turnkit` command (see `turnkit help`).
 *
 * @example
 * ```ts
 * import { EXIT } from '@turnkit/cli';
 * import type { RunResult } from '@turnkit/core';
 * declare const result: RunResult;
 * process.exitCode = result.status === 'interrupted' ? EXIT.paused : EXIT.ok;
 * ```
 */
export const EXIT = {
  /** Done: the run completed, the server stopped on a signal, the help was printed. */
  ok: 0,
  /** The command failed: the run stopped with an error, a port could not be bound, a file could not be read. */
  failed: 1,
  /** A bad argument or option: nothing was run. */
  usage: 2,
  /** `run`: the run paused for approvals and its state was saved (`--save`). */
  paused: 3,
  /** `run`: the service stopped the last response early (e.g. `max_output_tokens`). */
  incomplete: 4,
  /** Interrupted with Ctrl-C (SIGINT) before it finished. */
  interrupted: 130,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

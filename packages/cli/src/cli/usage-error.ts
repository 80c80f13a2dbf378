import { TurnkitError } from '@turnkit/tools';

/**
 * A bad command line: an unknown command or option, a missing or malformed value, a file that
 * does not exist. The `turnkit` command prints the message (no stack) and the command's usage,
 * and exits with code 2.
 *
 * @example
 * ```ts
 * import { CliUsageError } from '@turnkit/cli';
 * throw new CliUsageError('run', 'the agent module ./agent.ts does not exist');
 * ```
 */
export class CliUsageError extends TurnkitError {
  override readonly code = 'cli_usage' as const;
  /** The command whose usage applies (`run`, `view`, `record`, `emulator`), or `turnkit` for the top level. */
  readonly command: string;
  constructor(command: string, message: string, options?: ErrorOptions) {
    super('cli_usage', message, options);
    this.command = command;
  }
}

import { type CliContext, processContext } from './cli/context.js';
import { EXIT, type ExitCode } from './cli/exit-codes.js';
import { MAIN_HELP, RECORD_HELP, RUN_HELP, VIEW_HELP } from './cli/help.js';
import { CliUsageError } from './cli/usage-error.js';
import { emulatorCommand } from './commands/emulator-command.js';
import { recordCommand } from './commands/record-command.js';
import { runCommand } from './commands/run-command.js';
import { viewCommand } from './commands/view-command.js';

const COMMANDS: Record<
  string,
  { help: string; run: (argv: readonly string[], context: CliContext) => Promise<ExitCode> }
> = {
  run: { help: RUN_HELP, run: runCommand },
  view: { help: VIEW_HELP, run: viewCommand },
  record: { help: RECORD_HELP, run: recordCommand },
};

const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h');

/**
 * Runs the `turnkit` command line (the arguments after `turnkit`) and resolves to its exit code
 * (see {@link EXIT}). A bad command line prints the problem and the command's usage to stderr and
 * resolves to 2; nothing is thrown for it, and no stack is printed.
 *
 * @example
 * ```ts
 * import { runCli } from '@turnkit/cli';
 * process.exitCode = await runCli(['view', 'runs.jsonl']);
 * ```
 */
export async function runCli(
  argv: readonly string[],
  context: CliContext = processContext(),
): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    context.stdout.write(`${MAIN_HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === 'emulator') return emulatorCommand(['--help'], context);
    const help = topic === undefined ? MAIN_HELP : COMMANDS[topic]?.help;
    if (!help) {
      context.stderr.write(`turnkit: no command named "${topic}"\n\n${MAIN_HELP}\n`);
      return EXIT.usage;
    }
    context.stdout.write(`${help}\n`);
    return EXIT.ok;
  }
  if (name === 'emulator') return emulatorCommand(rest, context);
  const command = COMMANDS[name];
  if (!command) {
    context.stderr.write(`turnkit: no command named "${name}"\n\n${MAIN_HELP}\n`);
    return EXIT.usage;
  }
  if (wantsHelp(rest)) {
    context.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    context.stderr.write(`turnkit ${error.command}: ${error.message}\n\n${command.help}\n`);
    return EXIT.usage;
  }
}

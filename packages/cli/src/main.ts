// The `turnkit` binary (bin/turnkit.js imports this): runs the command line and exits with its
// code. An unexpected error prints one line, never a stack, and exits 1.
import { EXIT } from './cli/exit-codes.js';
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`turnkit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.failed;
  },
);

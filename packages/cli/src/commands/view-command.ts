import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CliContext, callerPath } from '../cli/context.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { parseOptions, portOption } from '../cli/parse-options.js';
import { CliUsageError } from '../cli/usage-error.js';
import { startViewer } from '../viewer/viewer-server.js';
import { untilSignal } from './until-signal.js';

/**
 * `turnkit view`: serves the run viewer until SIGINT or SIGTERM (see `turnkit help view`).
 * @throws {CliUsageError} for a bad option, or a path whose folder does not exist.
 */
export async function viewCommand(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const { values, positionals } = parseOptions('view', argv, { port: { type: 'string' } });
  const port = portOption('view', values.port);
  const paths = (positionals.length ? positionals : ['.']).map((path) => callerPath(context, path));
  for (const path of paths) {
    // A file that does not exist yet is fine (a run about to write it); its folder must exist.
    const folder = existsSync(path) ? path : dirname(path);
    if (!existsSync(folder) || (!statSync(folder).isDirectory() && folder !== path)) {
      throw new CliUsageError('view', `${path}: no such file or folder`);
    }
  }
  let viewer: Awaited<ReturnType<typeof startViewer>>;
  try {
    viewer = await startViewer({ paths, port });
  } catch (error) {
    context.stderr.write(
      `turnkit view: could not listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.failed;
  }
  context.stdout.write(`${viewer.url}\n`);
  const runs = viewer.runs().length;
  context.stderr.write(
    `turnkit view: ${runs} run(s) in ${paths.join(', ')}; following them for new lines. Ctrl-C stops.\n`,
  );
  const signal = await untilSignal();
  context.stderr.write(`turnkit view: ${signal}, closing\n`);
  await viewer.close();
  return EXIT.ok;
}

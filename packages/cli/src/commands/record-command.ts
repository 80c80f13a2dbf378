import { ConfigurationError } from '@turnkit/core';
import { type CliContext, callerPath } from '../cli/context.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { parseOptions, portOption } from '../cli/parse-options.js';
import { CliUsageError } from '../cli/usage-error.js';
import { startRecorder } from '../recorder/recording-proxy.js';
import { untilSignal } from './until-signal.js';

/**
 * `turnkit record`: the recording proxy, until SIGINT or SIGTERM (see `turnkit help record`).
 * @throws {CliUsageError} for a missing --to, a missing or bad target, or a folder with recordings.
 */
export async function recordCommand(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const { values, positionals } = parseOptions('record', argv, {
    to: { type: 'string' },
    target: { type: 'string' },
    port: { type: 'string' },
  });
  if (positionals.length)
    throw new CliUsageError('record', `unexpected argument ${JSON.stringify(positionals[0])}`);
  if (typeof values.to !== 'string' || values.to === '') {
    throw new CliUsageError('record', 'name the folder to write recordings to: --to DIR');
  }
  const target = (values.target as string | undefined) ?? context.env.AZURE_OPENAI_ENDPOINT;
  if (!target) {
    throw new CliUsageError('record', 'name the real endpoint: --target URL (or set AZURE_OPENAI_ENDPOINT)');
  }
  const port = portOption('record', values.port);
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  try {
    recorder = await startRecorder({
      to: callerPath(context, values.to),
      target,
      port,
      onExchange: (e) =>
        context.stderr.write(
          `turnkit record: ${e.method} ${e.path} → ${e.status}${e.recording ? `, recorded as ${e.recording}` : `, not recorded (${e.skipped})`}\n`,
        ),
    });
  } catch (error) {
    if (error instanceof ConfigurationError)
      throw new CliUsageError('record', error.message, { cause: error });
    context.stderr.write(
      `turnkit record: could not listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.failed;
  }
  context.stdout.write(`${recorder.origin}\n`);
  context.stderr.write(
    `turnkit record: forwarding to ${new URL(target).origin}; point Azure clients at ${recorder.origin}/openai/v1 ` +
      `(AZURE_OPENAI_ENDPOINT=${recorder.origin}), OpenAI clients at ${recorder.origin}/v1. Ctrl-C stops.\n`,
  );
  const signal = await untilSignal();
  await recorder.close();
  context.stderr.write(
    `turnkit record: ${signal}; ${recorder.recordings.length} recording(s) in ${recorder.scriptPath}\n`,
  );
  return EXIT.ok;
}

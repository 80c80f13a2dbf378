/**
 * `@turnkit/cli`: the `turnkit` command (run an agent at the terminal, view run logs in a local
 * web page, record live traffic as emulator recordings) and the pieces it is made of, for use
 * from code: {@link startViewer}, {@link startRecorder}, {@link runCli}.
 *
 * @packageDocumentation
 */

export type { CliContext } from './cli/context.js';
export { processContext } from './cli/context.js';
export type { ExitCode } from './cli/exit-codes.js';
export { EXIT } from './cli/exit-codes.js';
export { CliUsageError } from './cli/usage-error.js';
export type { RecordedExchange, Recorder, RecorderOptions } from './recorder/recording-proxy.js';
export { startRecorder } from './recorder/recording-proxy.js';
export { Scrubber } from './recorder/scrubber.js';
export { runCli } from './run-cli.js';
export type { RunSummary } from './viewer/log-store.js';
export type { Viewer, ViewerOptions } from './viewer/viewer-server.js';
export { startViewer } from './viewer/viewer-server.js';

import { statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '../errors/input-errors.js';
import type { ObservedRun, RunObservation, RunObserver } from '../run/run-observer.js';
import { logLine } from './log-entry.js';
import type { RunLogEntry } from './run-log-format.js';

/** Options of {@link createRunLog}. */
export interface RunLogOptions {
  /**
   * Told when the log cannot be written (the folder went away, the disk is full …); the run goes
   * on, and that run's remaining lines are dropped. Default: a process warning naming the file.
   */
  onError?: (error: Error) => void;
}

/**
 * A run log: a {@link RunObserver} that appends every run it watches to one JSON Lines file, one
 * {@link RunLogEntry} per line, as the events happen (so a viewer can follow a run live). Several
 * runs, and several processes, may append to the same file; each line carries its `runId`.
 * The file holds content (prompts, answers, tool arguments and outputs) but no secret: API keys
 * and tokens never reach an event, and hosted MCP header values are redacted.
 */
export interface RunLog extends RunObserver {
  /** The absolute path of the file. */
  readonly path: string;
}

function defaultOnError(path: string): (error: Error) => void {
  return (error) =>
    process.emitWarning(`The run log ${path} could not be written: ${error.message}`, {
      type: 'TurnkitRunLogWarning',
      code: (error as NodeJS.ErrnoException).code,
    });
}

/** One run's lines, written in order, batched per turn of the event loop. */
class RunLogWriter {
  readonly #path: string;
  readonly #onError: (error: Error) => void;
  #handle: Promise<FileHandle> | undefined;
  #pending: string[] = [];
  #scheduled = false;
  #writing: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(path: string, onError: (error: Error) => void) {
    this.#path = path;
    this.#onError = onError;
  }

  add(line: string): void {
    if (this.#failed) return;
    this.#pending.push(line);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#writing = this.#writing.then(() => this.#flush());
    });
  }

  async #flush(): Promise<void> {
    if (this.#failed || this.#pending.length === 0) return;
    const text = `${this.#pending.join('\n')}\n`;
    this.#pending = [];
    try {
      this.#handle ??= open(this.#path, 'a', 0o600);
      await (await this.#handle).write(text);
    } catch (error) {
      this.#failed = true;
      this.#onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    await this.#writing;
    await this.#flush();
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle) await handle.then((h) => h.close()).catch(() => {});
  }
}

/**
 * Creates a run log that appends to the file at `path` (created with mode 0600 if it does not
 * exist). Give it to an agent (`observers: [runLog]`) to log every run, or to one run; view the
 * file with `turnkit view FILE`. Each run's lines are flushed before its result resolves.
 *
 * @throws {ConfigurationError} when `path` is not a string, names a folder, or its folder does not exist.
 * @example
 * ```ts
 * import { createAgent, createRunLog } from '@turnkit/core';
 * import type { AnyTool } from '@turnkit/tools';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const tools: AnyTool[];
 * const agent = createAgent({ model: 'gpt-5.1', client, tools, observers: [createRunLog('runs.jsonl')] });
 * await agent.run('Is it raining in Paris?');
 * // $ turnkit view runs.jsonl
 * ```
 */
export function createRunLog(path: string, options: RunLogOptions = {}): RunLog {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ConfigurationError('runLog.path', 'createRunLog needs the path of a file, e.g. "runs.jsonl".');
  }
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('runLog.options', 'The options of createRunLog must be an object.');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new ConfigurationError('runLog.onError', '`onError` must be a function.');
  }
  const absolute = resolve(path);
  const folder = statSync(dirname(absolute), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) {
    throw new ConfigurationError(
      'runLog.path',
      `The folder of the run log ${absolute} does not exist; create it first.`,
    );
  }
  if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigurationError(
      'runLog.path',
      `${absolute} is a folder; give the path of a file in it, e.g. ${resolve(absolute, 'runs.jsonl')}.`,
    );
  }
  const onError = options.onError ?? defaultOnError(absolute);
  return {
    path: absolute,
    observe(run: ObservedRun): RunObservation {
      const writer = new RunLogWriter(absolute, onError);
      return {
        wants: (type) => type !== 'raw',
        event: (event) => {
          let line: string | undefined;
          try {
            line = logLine(event, run, Date.now());
          } catch (error) {
            onError(error instanceof Error ? error : new Error(String(error)));
          }
          if (line !== undefined) writer.add(line);
        },
        end: () => writer.close(),
      };
    },
  };
}

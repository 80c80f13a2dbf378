import { EventEmitter } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RUN_LOG_VERSION } from '@turnkit/core';

/** One line of a run log as the viewer holds it: the entry, and its place in its run. */
export interface StoredEntry {
  /** 0-based index of the line within its run. */
  seq: number;
  entry: Record<string, unknown> & { type: string; runId: string; time: number; turn: number };
}

/** What the run list shows of a run. */
export interface RunSummary {
  runId: string;
  /** The log file the run is in. */
  file: string;
  agent: string | undefined;
  model: string | undefined;
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** `running` until a `run_finished` (its result's status) or `run_failed` (`failed`) line. */
  status: string;
  turns: number;
  tokens: number;
  lines: number;
  /** The run this one resumed, when it resumed one. */
  resumedFrom: string | undefined;
  /** The error that stopped the run, when it failed. */
  error: string | undefined;
}

interface FileState {
  offset: number;
  /** Bytes after the last newline, kept until the line is complete. */
  rest: Buffer;
  lineNumber: number;
}

/** How often files are checked for new lines, in milliseconds. */
const POLL_MS = 200;

/**
 * The run logs a viewer shows: it reads the given files and folders (every `*.jsonl` in a folder,
 * new files included), keeps every run's lines in order, and follows the files as they grow
 * (checking them every 200 ms), emitting `entries` (`runId`, new entries) and `runs` (the summaries
 * changed) as lines arrive. A line that is not a run log line is reported in `problems`, never fatal.
 */
export class LogStore extends EventEmitter<{
  entries: [runId: string, entries: StoredEntry[]];
  runs: [];
}> {
  readonly #paths: readonly string[];
  readonly #files = new Map<string, FileState>();
  readonly #runs = new Map<string, { summary: RunSummary; entries: StoredEntry[] }>();
  readonly #problems: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;

  constructor(paths: readonly string[]) {
    super();
    this.#paths = paths;
  }

  /** Reads what the files hold now, then follows them. */
  async start(): Promise<void> {
    await this.poll();
    this.#timer = setInterval(() => void this.poll(), POLL_MS);
    this.#timer.unref();
  }

  /** Stops following the files. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
  }

  /** The runs, newest first. */
  runs(): RunSummary[] {
    return [...this.#runs.values()]
      .map((run) => ({ ...run.summary }))
      .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
  }

  /** The lines of one run so far, or `undefined` for an unknown run. */
  entries(runId: string): StoredEntry[] | undefined {
    return this.#runs.get(runId)?.entries.slice();
  }

  /** Lines that could not be read, as `file:line: why`. */
  problems(): string[] {
    return [...this.#problems];
  }

  /** The files to read now: the given files, and the `*.jsonl` files in the given folders. */
  #currentFiles(): string[] {
    const files: string[] = [];
    for (const path of this.#paths) {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) {
        for (const name of readdirSync(path).sort()) {
          if (name.endsWith('.jsonl')) files.push(join(path, name));
        }
      } else files.push(path);
    }
    return files;
  }

  /** Reads whatever was appended since the last poll. */
  poll(): Promise<void> {
    this.#polling ??= this.#readAll().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  async #readAll(): Promise<void> {
    let changed = false;
    for (const file of this.#currentFiles()) {
      if (await this.#read(file)) changed = true;
    }
    if (changed) this.emit('runs');
  }

  async #read(file: string): Promise<boolean> {
    const size = statSync(file, { throwIfNoEntry: false })?.size;
    if (size === undefined) return false;
    let state = this.#files.get(file);
    if (!state || size < state.offset) {
      state = { offset: 0, rest: Buffer.alloc(0), lineNumber: 0 };
      this.#files.set(file, state);
    }
    if (size === state.offset) return false;
    const handle = await open(file, 'r');
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(size - state.offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, state.offset);
      chunk = chunk.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    state.offset += chunk.length;
    const bytes = Buffer.concat([state.rest, chunk]);
    const end = bytes.lastIndexOf(0x0a);
    if (end < 0) {
      state.rest = bytes;
      return false;
    }
    state.rest = Buffer.from(bytes.subarray(end + 1));
    const added = new Map<string, StoredEntry[]>();
    for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
      state.lineNumber++;
      if (line.trim() === '') continue;
      const entry = this.#parse(file, state.lineNumber, line);
      if (!entry) continue;
      const stored = this.#add(file, entry);
      added.set(entry.runId, [...(added.get(entry.runId) ?? []), stored]);
    }
    for (const [runId, entries] of added) this.emit('entries', runId, entries);
    return added.size > 0;
  }

  #parse(file: string, lineNumber: number, line: string): StoredEntry['entry'] | undefined {
    const where = `${basename(file)}:${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.#problems.push(`${where}: not JSON, skipped`);
      return undefined;
    }
    const entry = value as StoredEntry['entry'] & { v?: unknown };
    if (
      !entry ||
      typeof entry !== 'object' ||
      typeof entry.type !== 'string' ||
      typeof entry.runId !== 'string'
    ) {
      this.#problems.push(`${where}: not a run log line (no type or runId), skipped`);
      return undefined;
    }
    if (typeof entry.v !== 'number' || entry.v > RUN_LOG_VERSION) {
      this.#problems.push(
        `${where}: run log format ${String(entry.v)}; this viewer reads format ${RUN_LOG_VERSION} (upgrade @turnkit/cli), skipped`,
      );
      return undefined;
    }
    return entry;
  }

  #add(file: string, entry: StoredEntry['entry']): StoredEntry {
    let run = this.#runs.get(entry.runId);
    if (!run) {
      run = {
        summary: {
          runId: entry.runId,
          file,
          agent: undefined,
          model: undefined,
          startedAt: entry.time,
          endedAt: undefined,
          status: 'running',
          turns: 0,
          tokens: 0,
          lines: 0,
          resumedFrom: undefined,
          error: undefined,
        },
        entries: [],
      };
      this.#runs.set(entry.runId, run);
    }
    const summary = run.summary;
    summary.lines++;
    const e = entry as unknown as {
      agent?: string;
      definition?: { name?: string; model?: string };
      resumedFrom?: { runId?: string };
      total?: { totalTokens?: number };
      result?: { status?: string };
      error?: { message?: string };
    };
    switch (entry.type) {
      case 'run_started':
        summary.agent = e.definition?.name ?? e.agent;
        summary.model = e.definition?.model;
        summary.startedAt = entry.time;
        summary.resumedFrom = e.resumedFrom?.runId;
        break;
      case 'turn_started':
        summary.turns = Math.max(summary.turns, entry.turn);
        break;
      case 'usage':
        summary.tokens = e.total?.totalTokens ?? summary.tokens;
        break;
      case 'run_finished':
        summary.status = e.result?.status ?? 'completed';
        summary.endedAt = entry.time;
        break;
      case 'run_failed':
        summary.status = 'failed';
        summary.error = e.error?.message;
        summary.endedAt = entry.time;
        break;
    }
    const stored = { seq: run.entries.length, entry };
    run.entries.push(stored);
    return stored;
  }
}

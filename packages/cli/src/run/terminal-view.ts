import type { RunResult, RunStream } from '@turnkit/core';

/** The streams the view writes to. */
export interface TerminalStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const LONGEST_SHOWN = 240;

/** Text cut to one line of at most `LONGEST_SHOWN` characters. */
export function short(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > LONGEST_SHOWN ? `${line.slice(0, LONGEST_SHOWN - 1)}…` : line;
}

/**
 * What a run looks like at the terminal: the answer on stdout as it streams; tool calls, hosted
 * calls, approvals, turns and a summary on stderr; and, when stderr is a terminal, a progress
 * line saying what the run waits for and for how long (cleared before anything else is written,
 * and not shown while the answer's line is being written: stdout and stderr share the terminal).
 */
export class TerminalView {
  readonly #out: TerminalStreams;
  readonly #tty: boolean;
  #status: string | undefined;
  #since = 0;
  #timer: NodeJS.Timeout | undefined;
  #frame = 0;
  #shown = false;
  /** Whether stdout's last character written was not a newline. */
  #openLine = false;

  constructor(out: TerminalStreams) {
    this.#out = out;
    this.#tty = Boolean(out.stderr.isTTY);
  }

  #dim(text: string): string {
    return this.#tty ? `\x1b[2m${text}\x1b[0m` : text;
  }

  #clearProgress(): void {
    if (this.#shown) {
      this.#out.stderr.write('\r\x1b[2K');
      this.#shown = false;
    }
  }

  #drawProgress(): void {
    // Never on a line the answer is being written to: erasing the line would erase the answer.
    if (!this.#tty || this.#status === undefined || this.#openLine) return;
    const seconds = Math.floor((Date.now() - this.#since) / 1000);
    const frame = SPINNER[this.#frame++ % SPINNER.length];
    this.#out.stderr.write(
      `\r\x1b[2K${this.#dim(`${frame} ${this.#status}${seconds ? ` · ${seconds} s` : ''}`)}`,
    );
    this.#shown = true;
  }

  /** Says what the run is waiting for; shown (on a terminal) until something else is written. */
  progress(status: string | undefined): void {
    this.#status = status;
    this.#since = Date.now();
    if (!this.#tty) return;
    if (status === undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#clearProgress();
      return;
    }
    this.#timer ??= setInterval(() => this.#drawProgress(), 120).unref();
    this.#drawProgress();
  }

  /** Writes a line to stderr (dimmed on a terminal), after ending the answer's open line. */
  note(text: string): void {
    this.#clearProgress();
    if (this.#openLine) {
      this.#out.stdout.write('\n');
      this.#openLine = false;
    }
    this.#out.stderr.write(`${this.#dim(text)}\n`);
  }

  /** Writes prompt text to stderr as it is (no newline added). */
  prompt(text: string): void {
    this.#clearProgress();
    this.#status = undefined;
    if (this.#openLine) {
      this.#out.stdout.write('\n');
      this.#openLine = false;
    }
    this.#out.stderr.write(text);
  }

  #text(delta: string): void {
    this.#clearProgress();
    this.#status = undefined;
    this.#out.stdout.write(delta);
    this.#openLine = !delta.endsWith('\n');
  }

  /** Shows what a run does as it does it. */
  watch(stream: RunStream): void {
    stream.on('turn_started', (e) => this.progress(`turn ${e.turn}: waiting for the model`));
    stream.on('text_delta', (e) => this.#text(e.delta));
    stream.on('reasoning', (e) => {
      for (const part of e.summary) this.note(`  (reasoning) ${short(part)}`);
    });
    stream.on('tool_call_started', (e) => {
      this.note(`  → ${e.name}(${short(e.arguments)})`);
      this.progress(`running ${e.name}`);
    });
    stream.on('tool_call_finished', (e) => {
      const outcome = e.ok ? 'returned' : `failed (${e.errorCode ?? 'error'})`;
      const output = typeof e.output === 'string' ? e.output : JSON.stringify(e.output);
      this.note(`  ← ${e.name} ${outcome} in ${Math.round(e.durationMs)} ms: ${short(output)}`);
      this.progress('waiting for the tools');
    });
    stream.on('mcp_call', (e) => {
      const outcome = e.error ? `failed: ${short(JSON.stringify(e.error))}` : `→ ${short(String(e.output))}`;
      this.note(`  mcp ${e.serverLabel}.${e.name}(${short(e.arguments)}) ${outcome}`);
    });
    stream.on('code_interpreter_call', (e) => {
      this.note(`  code interpreter (${e.status}): ${short(e.code ?? '')}`);
      for (const log of e.logs) this.note(`    ${short(log)}`);
    });
    stream.on('image_generated', (e) =>
      this.note(`  image generated${e.size ? ` (${e.size}${e.format ? `, ${e.format}` : ''})` : ''}`),
    );
    stream.on('approval_decided', (e) =>
      this.note(
        `  ${e.approve ? 'approved' : 'rejected'} ${e.request.toolName}${e.reason ? `: ${e.reason}` : ''} (${e.by})`,
      ),
    );
    stream.on('compaction', (e) =>
      this.note(`  context compacted (${e.source}): ${e.droppedItems} items dropped, ${e.keptItems} kept`),
    );
    stream.on('stream_resumed', (e) => this.note(`  stream dropped; resumed after event ${e.after}`));
    stream.on('turn_failed', (e) => this.note(`  turn ${e.turn} failed: ${e.error.message}`));
  }

  /** Ends the answer's line and prints a one-line summary of the run. */
  summary(result: RunResult, startedAt: number): void {
    this.progress(undefined);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const turns = `${result.turns} turn${result.turns === 1 ? '' : 's'}`;
    this.note(`[${result.status}: ${turns}, ${result.usage.totalTokens} tokens, ${seconds} s]`);
  }

  /** Stops the progress line. */
  stop(): void {
    this.progress(undefined);
    if (this.#openLine) {
      this.#out.stdout.write('\n');
      this.#openLine = false;
    }
  }
}

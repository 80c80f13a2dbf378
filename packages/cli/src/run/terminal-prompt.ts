import { createInterface, type Interface } from 'node:readline';
import type { ApprovalDecision, ApprovalRequest } from '@turnkit/core';

/** What an answer at the prompt can be besides a line. */
const INTERRUPTED = Symbol('interrupted');
const NO_INPUT = Symbol('no input');

/** Writes prompt text; the run's progress line is cleared first. */
export type PromptWriter = (text: string) => void;

/**
 * Asks approval questions at the terminal: one readline over stdin for the whole run (opened at
 * the first question, so a run that asks nothing never reads stdin), y/yes or n/no then an
 * optional reason. Ctrl-C at the prompt, or the end of the input, rejects (and says why).
 */
export class TerminalPrompt {
  readonly #input: NodeJS.ReadableStream;
  readonly #write: PromptWriter;
  #rl: Interface | undefined;
  #lines: AsyncIterator<string> | undefined;
  #interrupt: (() => void) | undefined;
  #asking = false;

  constructor(input: NodeJS.ReadableStream, write: PromptWriter) {
    this.#input = input;
    this.#write = write;
  }

  /** Whether a question is waiting for an answer (Ctrl-C then rejects instead of cancelling the run). */
  get asking(): boolean {
    return this.#asking;
  }

  /** Answers the question being asked with "interrupted". */
  interrupt(): void {
    this.#interrupt?.();
  }

  async #ask(question: string): Promise<string | typeof INTERRUPTED | typeof NO_INPUT> {
    if (!this.#rl) {
      this.#rl = createInterface({ input: this.#input, terminal: false });
      this.#lines = this.#rl[Symbol.asyncIterator]();
    }
    this.#write(question);
    this.#asking = true;
    const interrupted = new Promise<typeof INTERRUPTED>((done) => {
      this.#interrupt = () => done(INTERRUPTED);
    });
    try {
      const next = await Promise.race([this.#lines!.next(), interrupted]);
      if (next === INTERRUPTED) {
        this.#write('\n');
        return INTERRUPTED;
      }
      if (next.done) {
        this.#write('\n');
        return NO_INPUT;
      }
      return next.value;
    } finally {
      this.#asking = false;
      this.#interrupt = undefined;
    }
  }

  /** Asks about one request; resolves to the decision. */
  async decide(request: ApprovalRequest): Promise<ApprovalDecision> {
    const where = request.serverLabel ? `${request.serverLabel}.` : '';
    let question = `? allow ${where}${request.toolName}(${request.arguments})? [y/n] `;
    for (;;) {
      const answer = await this.#ask(question);
      if (answer === INTERRUPTED) return { approve: false, reason: 'cancelled at the prompt (Ctrl-C)' };
      if (answer === NO_INPUT) return { approve: false, reason: 'no answer (the input ended)' };
      if (/^\s*y(es)?\s*$/i.test(answer)) return { approve: true };
      if (/^\s*no?\s*$/i.test(answer)) break;
      question = '? please answer y or n: ';
    }
    const reason = await this.#ask('? reason (optional): ');
    return typeof reason === 'string' && reason.trim()
      ? { approve: false, reason: reason.trim() }
      : { approve: false };
  }

  /** Stops reading stdin. */
  close(): void {
    this.#rl?.close();
    this.#rl = undefined;
  }
}

import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { ConfigurationError } from '../errors/input-errors.js';

/**
 * What a guardrail decides: let the run go on, or stop it (a tripwire) with a reason. Make one
 * with {@link allow} or {@link tripwire}.
 *
 * @example
 * ```ts
 * import { allow, type GuardrailVerdict, tripwire } from '@turnkit/core';
 * declare const text: string;
 * const verdict: GuardrailVerdict = text.includes('password') ? tripwire('asks for a password') : allow();
 * ```
 */
export type GuardrailVerdict =
  | { readonly action: 'allow' }
  | { readonly action: 'tripwire'; readonly reason: string; readonly details?: unknown };

/**
 * The verdict that lets the run go on.
 *
 * @example
 * ```ts
 * import { allow, defineInputGuardrail } from '@turnkit/core';
 * const letEverythingThrough = defineInputGuardrail({ name: 'allow_all', check: () => allow() });
 * ```
 */
export function allow(): GuardrailVerdict {
  return { action: 'allow' };
}

/**
 * The verdict that stops the run: it rejects with `GuardrailTrippedError` (carrying `reason`,
 * `details` and the partial result).
 *
 * @throws {ConfigurationError} for a reason that is not a non-empty string.
 * @example
 * ```ts
 * import { allow, defineInputGuardrail, tripwire } from '@turnkit/core';
 * const short = defineInputGuardrail({
 *   name: 'short_questions',
 *   check: ({ text }) => (text.length > 4000 ? tripwire('the question is too long', { length: text.length }) : allow()),
 * });
 * ```
 */
export function tripwire(reason: string, details?: unknown): GuardrailVerdict {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new ConfigurationError('tripwire.reason', 'A tripwire needs a reason: a non-empty string.');
  }
  return details === undefined ? { action: 'tripwire', reason } : { action: 'tripwire', reason, details };
}

/**
 * What a guardrail's check sees besides what it checks: the run, the agent, the turn, a signal
 * that aborts with the run (a parallel input guardrail's signal also aborts when the turn it runs
 * beside stops), and the run's `deps`.
 *
 * @example
 * ```ts
 * import { allow, defineInputGuardrail, tripwire } from '@turnkit/core';
 * interface Deps {
 *   moderation: { flag(text: string, options: { signal: AbortSignal }): Promise<boolean> };
 * }
 * const moderated = defineInputGuardrail<Deps>({
 *   name: 'moderation',
 *   check: async ({ text }, { signal, deps }) => ((await deps.moderation.flag(text, { signal })) ? tripwire('flagged') : allow()),
 * });
 * ```
 */
export interface GuardrailContext<Deps = unknown> {
  runId: string;
  /** The agent whose guardrail it is. */
  agent: string;
  /** The turn (0 for input guardrails, which run before or beside the first). */
  turn: number;
  signal: AbortSignal;
  deps: Deps;
}

/** What an input guardrail checks: the run's new input items, and the text of their user messages. */
export interface GuardrailInput {
  items: readonly ResponseInputItem[];
  /** The text of the user messages among `items`, joined with blank lines. */
  text: string;
}

/** A function call as a tool guardrail sees it. */
export interface ToolGuardrailCall {
  callId: string;
  /** The tool's name. */
  name: string;
  /** The arguments as the model sent them (a JSON string). */
  arguments: string;
}

/**
 * What a guardrail check returns: a verdict, or a promise of one.
 *
 * @inline
 */
type Checked = GuardrailVerdict | Promise<GuardrailVerdict>;

/**
 * Checks a run's input. `mode: 'before'` (the default) runs the check before the first request,
 * so a tripwire sends nothing; `'parallel'` runs it beside the first turn, for less latency: a
 * tripwire cancels that turn's request in flight, and no tool of that turn runs (the loop waits
 * for every parallel check before it runs tools or returns).
 */
export interface InputGuardrail<Deps = unknown> {
  readonly kind: 'input';
  readonly name: string;
  readonly mode: 'before' | 'parallel';
  /** Decides on the input: `allow()`, or `tripwire(reason)` to stop the run. */
  check(input: GuardrailInput, ctx: GuardrailContext<Deps>): Checked;
}

/**
 * Checks the final output (typed: the agent's `output` type, or the text) before the run
 * returns it. The check also gets the answer's text (`ctx.text`).
 */
export interface OutputGuardrail<Out = unknown, Deps = unknown> {
  readonly kind: 'output';
  readonly name: string;
  /** Decides on the final output (and its text, `ctx.text`): `allow()`, or `tripwire(reason)`. */
  check(output: Out, ctx: GuardrailContext<Deps> & { text: string }): Checked;
}

/**
 * Checks function calls: `before` a tool runs (a tripwire: it does not run, and the model is told
 * it was blocked) and/or its output `after` (a tripwire: the output is withheld from the model).
 * Either way the run then stops with `GuardrailTrippedError`, its conversation valid to continue.
 */
export interface ToolGuardrail<Deps = unknown> {
  readonly kind: 'tool';
  readonly name: string;
  /** Decides on a call before it runs: `allow()`, or `tripwire(reason)` (it does not run). */
  before?(call: ToolGuardrailCall, ctx: GuardrailContext<Deps>): Checked;
  /** Decides on a call's output before the model gets it: `allow()`, or `tripwire(reason)` (it is withheld). */
  after?(call: ToolGuardrailCall, output: string | unknown[], ctx: GuardrailContext<Deps>): Checked;
}

/** Any guardrail. */
export type Guardrail = InputGuardrail<never> | OutputGuardrail<never, never> | ToolGuardrail<never>;

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ConfigurationError(
      `${what}.name`,
      `A ${what} needs a \`name\`: a non-empty string, shown in events and errors.`,
    );
  }
  return name;
}

function checkFunction(value: unknown, option: string, name: string): void {
  if (typeof value !== 'function') {
    throw new ConfigurationError(
      option,
      `The guardrail "${name}" needs \`${option.split('.').pop()}\` to be a function.`,
    );
  }
}

/**
 * Defines an input guardrail (see {@link InputGuardrail}).
 *
 * @throws {ConfigurationError} for a missing name, a `check` that is not a function, or an unknown mode.
 * @example
 * ```ts
 * import { allow, createAgent, defineInputGuardrail, tripwire } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const instructions: string;
 * const noSecrets = defineInputGuardrail({
 *   name: 'no_secrets',
 *   check: ({ text }) => (/password|api key/i.test(text) ? tripwire('the message asks for a secret') : allow()),
 * });
 * const agent = createAgent({ instructions, client, inputGuardrails: [noSecrets] });
 * ```
 */
export function defineInputGuardrail<Deps = unknown>(options: {
  name: string;
  mode?: 'before' | 'parallel';
  check: InputGuardrail<Deps>['check'];
}): InputGuardrail<Deps> {
  const name = checkName(options?.name, 'input guardrail');
  checkFunction(options.check, 'inputGuardrail.check', name);
  const mode = options.mode ?? 'before';
  if (mode !== 'before' && mode !== 'parallel') {
    throw new ConfigurationError(
      'inputGuardrail.mode',
      `The guardrail "${name}": \`mode\` must be "before" or "parallel", got ${JSON.stringify(mode)}.`,
    );
  }
  return Object.freeze({ kind: 'input', name, mode, check: options.check });
}

/**
 * Defines an output guardrail (see {@link OutputGuardrail}); `Out` is the agent's output type.
 *
 * @throws {ConfigurationError} for a missing name or a `check` that is not a function.
 * @example
 * ```ts
 * import { allow, defineOutputGuardrail, tripwire } from '@turnkit/core';
 * const sane = defineOutputGuardrail<{ refund: number }>({
 *   name: 'refund_cap',
 *   check: (out) => (out.refund > 500 ? tripwire('refund above the cap', out) : allow()),
 * });
 * ```
 */
export function defineOutputGuardrail<Out = unknown, Deps = unknown>(options: {
  name: string;
  check: OutputGuardrail<Out, Deps>['check'];
}): OutputGuardrail<Out, Deps> {
  const name = checkName(options?.name, 'output guardrail');
  checkFunction(options.check, 'outputGuardrail.check', name);
  return Object.freeze({ kind: 'output', name, check: options.check });
}

/**
 * Defines a tool guardrail (see {@link ToolGuardrail}): `before`, `after`, or both.
 *
 * @throws {ConfigurationError} for a missing name, or neither `before` nor `after` (or one that is not a function).
 * @example
 * ```ts
 * import { allow, defineToolGuardrail, tripwire } from '@turnkit/core';
 * const noBigRefunds = defineToolGuardrail({
 *   name: 'refund_limit',
 *   before: (call) =>
 *     call.name === 'refund_invoice' && JSON.parse(call.arguments).amount > 500 ? tripwire('refund above 500') : allow(),
 * });
 * ```
 */
export function defineToolGuardrail<Deps = unknown>(options: {
  name: string;
  before?: ToolGuardrail<Deps>['before'];
  after?: ToolGuardrail<Deps>['after'];
}): ToolGuardrail<Deps> {
  const name = checkName(options?.name, 'tool guardrail');
  if (options.before === undefined && options.after === undefined) {
    throw new ConfigurationError(
      'toolGuardrail',
      `The guardrail "${name}" checks nothing: give it \`before\` (the call) and/or \`after\` (its output).`,
    );
  }
  if (options.before !== undefined) checkFunction(options.before, 'toolGuardrail.before', name);
  if (options.after !== undefined) checkFunction(options.after, 'toolGuardrail.after', name);
  return Object.freeze({
    kind: 'tool',
    name,
    ...(options.before ? { before: options.before } : {}),
    ...(options.after ? { after: options.after } : {}),
  });
}

import { describeIssues, describeThrown } from './contract/describe.js';
import {
  ToolAbortedError,
  ToolExecutionError,
  type ToolInputError,
  ToolOutputTooLargeError,
  ToolTimeoutError,
  TurnkitError,
} from './contract/errors.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from './contract/output-limit.js';
import type { Tool, ToolContentPart, ToolContext } from './contract/tool.js';
import type { ToolProgress } from './contract/tool-progress.js';
import { formatToolOutput } from './format-tool-output.js';
import { outputSizeBytes } from './internal/output-size.js';
import { progressReporter } from './internal/progress-reporter.js';
import { type ParseToolInputResult, parseToolInputNow } from './parse-tool-input.js';

/**
 * What {@link runTool} needs to know about one call: the `ToolContext` the tool gets, except
 * `progress`, which `runTool` makes itself — checking each report (see `ReportProgress`) and
 * handing those it takes to `onProgress`.
 *
 * @example
 * ```ts
 * import type { RunToolContext } from '@turnkit/tools';
 * declare const call: { call_id: string; name: string }; // the function_call being answered
 * declare const signal: AbortSignal;
 * declare const runId: string;
 * declare const turn: number;
 * declare const deps: unknown;
 * const ctx: RunToolContext = {
 *   signal, callId: call.call_id, toolName: call.name, runId, turn, deps,
 *   onProgress: (update) => console.log(`${call.name}: ${update.progress}/${update.total ?? '?'}`),
 * };
 * ```
 */
export type RunToolContext<Deps = unknown> = Omit<ToolContext<Deps>, 'progress'> & {
  /**
   * Hears every progress report of the call that passed the checks, in order, as a fresh
   * `{ progress, total?, message? }`, synchronously, while the call is running. A throw from it is
   * ignored (the tool never sees it); handle your own failures. Without it, reports are checked
   * and go nowhere.
   */
  onProgress?: (update: ToolProgress) => void;
};

/**
 * The outcome of one tool call, ready for a `function_call_output`: either the tool's output, or
 * the error together with a short message for the model saying what went wrong.
 *
 * @example
 * ```ts
 * import { type AnyTool, type RunToolContext, runTool } from '@turnkit/tools';
 * declare const tool: AnyTool;
 * declare const call: { call_id: string; arguments: string };
 * declare const ctx: RunToolContext;
 * declare const input: unknown[]; // the next request's input items
 * declare const log: { warn(...values: unknown[]): void };
 * const result = await runTool(tool, call.arguments, ctx);
 * input.push({ type: 'function_call_output', call_id: call.call_id, output: result.output });
 * if (!result.ok) log.warn(result.error.code, result.error.message);
 * ```
 */
export type ToolCallResult =
  | { ok: true; output: string | ToolContentPart[] }
  | { ok: false; error: TurnkitError; output: string };

/** Longest thrown message passed on to the model; the full error stays in `result.error`. */
const MAX_MODEL_MESSAGE = 2000;

function clip(text: string): string {
  return text.length > MAX_MODEL_MESSAGE ? `${text.slice(0, MAX_MODEL_MESSAGE)}…` : text;
}

function inputFailure(error: ToolInputError): ToolCallResult {
  return {
    ok: false,
    error,
    output: clip(`Error: invalid arguments for tool "${error.toolName}": ${describeIssues(error.issues)}`),
  };
}

function timeoutFailureOf(tool: Tool, error: TurnkitError, timeoutMs: number): ToolCallResult {
  return { ok: false, error, output: `Error: tool "${tool.name}" timed out after ${timeoutMs} ms.` };
}

function timeoutFailure(tool: Tool, timeoutMs: number): ToolCallResult {
  return timeoutFailureOf(tool, new ToolTimeoutError(tool.name, timeoutMs), timeoutMs);
}

function abortFailure(tool: Tool, reason: unknown): ToolCallResult {
  return {
    ok: false,
    error: new ToolAbortedError(tool.name, { cause: reason }),
    output: `Error: tool "${tool.name}" was cancelled before it finished.`,
  };
}

/** `read()`, or `undefined` when reading throws (a hostile getter or Proxy). */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The `code` of a TurnkitError (or of something that says it is one), else `undefined`. */
function turnkitCode(value: unknown): unknown {
  return attempt(() => (TurnkitError.is(value) ? value.code : undefined));
}

/**
 * The result when even describing what went wrong failed. Built without touching the value again,
 * so it cannot throw.
 */
function undescribableFailure(tool: Tool, thrown: unknown): ToolCallResult {
  return {
    ok: false,
    error: new ToolExecutionError(
      tool.name,
      `Tool "${tool.name}" failed with a value that cannot be described.`,
      {
        cause: thrown,
      },
    ),
    output: `Error: tool "${tool.name}" failed: the error cannot be described`,
  };
}

/** What `execute` threw, as a result. Errors the tool raised on purpose keep their kind. */
function describeFailure(tool: Tool, thrown: unknown): ToolCallResult {
  const code = turnkitCode(thrown);
  if (code === 'tool_input_invalid') {
    const own = thrown as ToolInputError;
    const issues = attempt(() => own.issues);
    const problem =
      Array.isArray(issues) && issues.length > 0 ? describeIssues(issues) : describeThrown(thrown);
    return {
      ok: false,
      error: own,
      output: clip(`Error: invalid arguments for tool "${tool.name}": ${problem}`),
    };
  }
  if (code === 'tool_timeout') {
    // A time limit the tool enforces itself (e.g. a request timeout of the server it calls).
    const own = thrown as ToolTimeoutError;
    const timeoutMs = attempt(() => own.timeoutMs);
    if (typeof timeoutMs === 'number') return timeoutFailureOf(tool, own, timeoutMs);
  }
  if (code === 'tool_failed') {
    // For an error the tool raised itself, its cause (if any) is what went wrong underneath.
    const own = thrown as ToolExecutionError;
    const cause = attempt(() => own.cause);
    const reason = describeThrown(cause ?? own);
    return { ok: false, error: own, output: clip(`Error: tool "${tool.name}" failed: ${reason}`) };
  }
  const error = new ToolExecutionError(tool.name, undefined, { cause: thrown });
  return { ok: false, error, output: clip(`Error: tool "${tool.name}" failed: ${describeThrown(thrown)}`) };
}

/** What `execute` threw, as a result; never throws, whatever was thrown. */
function thrownFailure(tool: Tool, thrown: unknown): ToolCallResult {
  try {
    return describeFailure(tool, thrown);
  } catch {
    return undescribableFailure(tool, thrown);
  }
}

/** The output, or a {@link ToolOutputTooLargeError} result when it is over the tool's cap. */
function cappedOutput(tool: Tool, output: string | ToolContentPart[]): ToolCallResult {
  const limit = tool.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  // Cheap bounds first: a UTF-16 unit takes 1 to 3 bytes of UTF-8.
  if (typeof output === 'string' && output.length * 3 <= limit) return { ok: true, output };
  const size = outputSizeBytes(output);
  if (size <= limit) return { ok: true, output };
  const error = new ToolOutputTooLargeError(tool.name, size, limit);
  return { ok: false, error, output: error.modelMessage };
}

function formatOutput(tool: Tool, value: unknown): ToolCallResult {
  let output: string | ToolContentPart[];
  try {
    output = formatToolOutput(value);
  } catch (cause) {
    const problem = describeThrown(cause);
    return {
      ok: false,
      error: new ToolExecutionError(
        tool.name,
        `Tool "${tool.name}" returned an output that cannot be sent to the model: ${problem}. ` +
          'Return a string, a JSON-serializable value or an array of content parts.',
        { cause },
      ),
      output: clip(
        `Error: tool "${tool.name}" returned an output that cannot be sent to the model: ${problem}`,
      ),
    };
  }
  return cappedOutput(tool, output);
}

/** What `execute` returned, as a result; never throws, whatever was returned. */
function outputResult(tool: Tool, value: unknown): ToolCallResult {
  try {
    return formatOutput(tool, value);
  } catch (unexpected) {
    return undescribableFailure(tool, unexpected);
  }
}

/**
 * Runs one call of a tool from the model's raw `arguments` string, and never throws.
 *
 * 1. If `ctx.signal` is already aborted, nothing runs: {@link ToolAbortedError}.
 * 2. The arguments are parsed and validated as in `parseToolInputAsync`: with zod's async parse,
 *    so async refinements work, unless the schema provably holds nothing async, which is then
 *    checked at once (and `execute` called before `runTool` returns). Each refinement runs once.
 *    Invalid JSON or a schema violation gives a {@link ToolInputError} whose model message lists
 *    each issue, e.g. `Error: invalid arguments for tool "get_weather": city: Required`.
 * 3. `execute` runs with a signal that aborts when `ctx.signal` does or when `tool.timeoutMs`
 *    passes. The call ends at the first of: the tool settles; the time limit passes
 *    ({@link ToolTimeoutError}, even if the tool ignores its signal); `ctx.signal` aborts
 *    ({@link ToolAbortedError}). A late result or rejection of an abandoned tool is ignored.
 * 4. A throw becomes a {@link ToolExecutionError} (`cause` = what was thrown; the model sees its
 *    message, never its stack). A `ToolExecutionError`, `ToolInputError` or `ToolTimeoutError`
 *    thrown by the tool itself is kept as it is (a timeout reads as one to the model). Whatever is thrown — an Error whose `message` getter throws, an
 *    object whose `toJSON`/`toString` throw, a Proxy that throws on every trap, a revoked Proxy, a
 *    Symbol, a BigInt, a cycle — becomes such a result with a short, safe description.
 * 5. The returned value goes through `formatToolOutput`; one that cannot be serialized or read
 *    (a cycle, a BigInt, a getter that throws …) gives a `ToolExecutionError`.
 * 6. An output larger than `tool.maxOutputBytes` (UTF-8 bytes as sent; `DEFAULT_MAX_OUTPUT_BYTES`,
 *    1 MiB, when the tool has none) is dropped: {@link ToolOutputTooLargeError}, and the model
 *    reads the size and the limit, e.g. `Error: tool "read_log" returned 73,400,320 bytes of
 *    output, more than its limit of 1,048,576 bytes, so the output was not sent. …`.
 *
 * 7. The tool's `ctx.progress` checks each report (finite numbers, `progress` increasing; see
 *    `ReportProgress`) and passes those it takes to `ctx.onProgress`, until the call ends; it never
 *    throws into the tool, even when `onProgress` does.
 *
 * `needsApproval` is not evaluated here: approvals are the run's business, before it calls this.
 *
 * @returns `{ ok: true, output }`, or `{ ok: false, error, output }` where `output` is a concise
 * message for the model; either way `output` goes into `function_call_output.output`.
 *
 * @example
 * ```ts
 * import { type AnyTool, runTool } from '@turnkit/tools';
 * declare const getWeather: AnyTool;
 * declare const call: { call_id: string; name: string };
 * declare const signal: AbortSignal;
 * declare const runId: string;
 * declare const turn: number;
 * declare const deps: unknown;
 * const result = await runTool(getWeather, '{"city":"Oslo"}', {
 *   signal, callId: call.call_id, toolName: call.name, runId, turn, deps,
 * });
 * ```
 * @see docs/responses-wire.md §4.2 (`function_call_output`)
 */
export function runTool(tool: Tool, rawArguments: string, ctx: RunToolContext): Promise<ToolCallResult> {
  // As few promises as possible: a tool whose schema is checked synchronously (see
  // `parseToolInputAsync`) and whose `execute` returns a value costs one, the one returned. Whatever
  // throws below is only reachable through a malformed tool (e.g. a hand-made one whose `input`
  // throws): it becomes a result like a throw of `execute`.
  let outcome: Outcome;
  try {
    if (ctx.signal.aborted) return Promise.resolve(abortFailure(tool, ctx.signal.reason));
    const parsed = parseToolInputNow(tool, rawArguments);
    outcome =
      parsed instanceof Promise
        ? parsed.then(
            (value) => afterParse(tool, value, ctx),
            (thrown: unknown) => thrownFailure(tool, thrown),
          )
        : afterParse(tool, parsed, ctx);
  } catch (thrown) {
    outcome = thrownFailure(tool, thrown);
  }
  return outcome instanceof Promise ? outcome : Promise.resolve(outcome);
}

/** The result of a call, or the promise of it while the call goes on. */
type Outcome = ToolCallResult | Promise<ToolCallResult>;

/** The call once its arguments are parsed; never throws. */
function afterParse(tool: Tool, parsed: ParseToolInputResult<unknown>, ctx: RunToolContext): Outcome {
  try {
    if (!parsed.ok) return inputFailure(parsed.error);
    if (ctx.signal.aborted) return abortFailure(tool, ctx.signal.reason);
    return tool.timeoutMs === undefined
      ? executeUntimed(tool, parsed.value, ctx)
      : executeWithLimits(tool, tool.timeoutMs, parsed.value, ctx);
  } catch (thrown) {
    return thrownFailure(tool, thrown);
  }
}

function executeWithLimits(
  tool: Tool,
  timeoutMs: number,
  input: unknown,
  ctx: RunToolContext,
): Promise<ToolCallResult> {
  // One promise per call, settled by whichever step ends it (a second settle is ignored).
  return new Promise<ToolCallResult>((done) => {
    const call: CallState = { ended: false };
    const timeout = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let signal: AbortSignal | undefined;
    const finish = (result: ToolCallResult): void => {
      if (call.ended) return;
      call.ended = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      done(result);
    };
    const onAbort = (): void => {
      if (timeout.signal.aborted && !ctx.signal.aborted) finish(timeoutFailure(tool, timeoutMs));
      else finish(abortFailure(tool, ctx.signal.reason));
    };
    try {
      signal = AbortSignal.any([ctx.signal, timeout.signal]);
      signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => timeout.abort(new ToolTimeoutError(tool.name, timeoutMs)), timeoutMs);
      start(tool, input, ctx, signal, call).then(finish, (thrown) => finish(thrownFailure(tool, thrown)));
    } catch (thrown) {
      finish(thrownFailure(tool, thrown));
    }
  });
}

/** Whether a call has ended (finished, failed, timed out or was cancelled): its progress stops. */
interface CallState {
  ended: boolean;
}

/** Calls `execute`; a throw becomes a rejection. */
function start(
  tool: Tool,
  input: unknown,
  ctx: RunToolContext,
  signal: AbortSignal,
  call: CallState,
): Promise<ToolCallResult> {
  let pending: unknown;
  try {
    pending = tool.execute(input, toolContextOf(ctx, signal, call));
  } catch (thrown) {
    return Promise.reject(thrown);
  }
  return Promise.resolve(pending).then((value) => outputResult(tool, value));
}

/**
 * The context `execute` gets: `ctx` without `onProgress`, with the call's signal and progress. Any
 * other property of `ctx` (a caller's own, string or symbol) is passed on too.
 */
function toolContextOf(ctx: RunToolContext, signal: AbortSignal, call: CallState): ToolContext {
  const progress = progressReporter(ctx.onProgress, call);
  if (!hasOnlyContextKeys(ctx)) {
    const { onProgress: _listener, ...given } = ctx;
    return { ...given, signal, progress };
  }
  // The common case, built field by field: one shape for every call, and no copy loop.
  return {
    signal,
    callId: ctx.callId,
    toolName: ctx.toolName,
    runId: ctx.runId,
    turn: ctx.turn,
    deps: ctx.deps,
    progress,
  };
}

/** Whether `ctx` holds nothing but the fields of a `RunToolContext` (and maybe a `progress`). */
function hasOnlyContextKeys(ctx: RunToolContext): boolean {
  for (const key in ctx) {
    switch (key) {
      case 'signal':
      case 'callId':
      case 'toolName':
      case 'runId':
      case 'turn':
      case 'deps':
      case 'onProgress':
      case 'progress':
        continue;
      default:
        return false;
    }
  }
  return Object.getOwnPropertySymbols(ctx).length === 0;
}

/**
 * A call without a time limit. A tool that returns a value (not a promise) is done at once: no
 * abort listener, no timer, no promise. One that returns a promise races the run's signal.
 */
function executeUntimed(tool: Tool, input: unknown, ctx: RunToolContext): Outcome {
  const { signal } = ctx;
  const call: CallState = { ended: false };
  let returned: unknown;
  try {
    returned = tool.execute(input, toolContextOf(ctx, signal, call));
  } catch (thrown) {
    call.ended = true;
    // The run was aborted while the tool ran (and it threw because of it): the abort wins.
    return signal.aborted ? abortFailure(tool, signal.reason) : thrownFailure(tool, thrown);
  }
  if (!isThenable(returned)) {
    call.ended = true;
    return signal.aborted ? abortFailure(tool, signal.reason) : outputResult(tool, returned);
  }
  if (signal.aborted) {
    call.ended = true;
    swallow(returned);
    return abortFailure(tool, signal.reason);
  }
  return new Promise<ToolCallResult>((done) => {
    const finish = (result: ToolCallResult): void => {
      if (call.ended) return;
      call.ended = true;
      signal.removeEventListener('abort', onAbort);
      done(result);
    };
    const onAbort = (): void => finish(abortFailure(tool, signal.reason));
    try {
      signal.addEventListener('abort', onAbort, { once: true });
      Promise.resolve(returned).then(
        (value) => finish(outputResult(tool, value)),
        (thrown) => finish(thrownFailure(tool, thrown)),
      );
    } catch (thrown) {
      finish(thrownFailure(tool, thrown));
    }
  });
}

/** Whether `value` is a promise or promise-like; reading `then` may throw (a hostile value). */
function isThenable(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return true; // Promise.resolve() then rejects with what reading it threw, as before
  }
}

/** A late rejection of an abandoned tool is ignored. */
function swallow(value: unknown): void {
  Promise.resolve(value).then(
    () => {},
    () => {},
  );
}

import {
  ToolAbortedError,
  ToolExecutionError,
  type ToolInputError,
  type ToolInputIssue,
  ToolTimeoutError,
  TurnkitError,
} from './errors.js';
import { formatToolOutput } from './format-tool-output.js';
import { describeIssues, describeThrown } from './internal/describe.js';
import { parseToolInputAsync } from './parse-tool-input.js';
import type { Tool, ToolContentPart, ToolContext } from './tool.js';

/**
 * The outcome of one tool call, ready for a `function_call_output`: either the tool's output, or
 * the error together with a short message for the model saying what went wrong.
 *
 * @example
 * ```ts
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

function timeoutFailure(tool: Tool, timeoutMs: number, cause?: unknown): ToolCallResult {
  return {
    ok: false,
    error: new ToolTimeoutError(tool.name, timeoutMs, cause === undefined ? undefined : { cause }),
    output: `Error: tool "${tool.name}" timed out after ${timeoutMs} ms.`,
  };
}

function abortFailure(tool: Tool, reason: unknown): ToolCallResult {
  return {
    ok: false,
    error: new ToolAbortedError(tool.name, { cause: reason }),
    output: `Error: tool "${tool.name}" was cancelled before it finished.`,
  };
}

/** What `execute` threw, as a result. Errors the tool raised on purpose keep their kind. */
function thrownFailure(tool: Tool, thrown: unknown): ToolCallResult {
  if (TurnkitError.is(thrown) && thrown.code === 'tool_input_invalid') {
    const issues = (thrown as { issues?: ToolInputIssue[] }).issues ?? [];
    const problem = issues.length > 0 ? describeIssues(issues) : thrown.message;
    return {
      ok: false,
      error: thrown,
      output: clip(`Error: invalid arguments for tool "${tool.name}": ${problem}`),
    };
  }
  const error =
    TurnkitError.is(thrown) && thrown.code === 'tool_failed'
      ? thrown
      : new ToolExecutionError(tool.name, undefined, { cause: thrown });
  // For an error the tool raised itself, its cause (if any) is what went wrong underneath.
  const reason = error === thrown ? describeThrown(error.cause ?? error) : describeThrown(thrown);
  return { ok: false, error, output: clip(`Error: tool "${tool.name}" failed: ${reason}`) };
}

function outputResult(tool: Tool, value: unknown): ToolCallResult {
  try {
    return { ok: true, output: formatToolOutput(value) };
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
}

/**
 * Runs one call of a tool from the model's raw `arguments` string, and never throws.
 *
 * 1. If `ctx.signal` is already aborted, nothing runs: {@link ToolAbortedError}.
 * 2. The arguments are parsed and validated as in `parseToolInput` (but asynchronously, so async
 *    refinements work). Invalid JSON or a schema violation gives a {@link ToolInputError} whose
 *    model message lists each issue, e.g. `Error: invalid arguments for tool "get_weather": city: Required`.
 * 3. `execute` runs with a signal that aborts when `ctx.signal` does or when `tool.timeoutMs`
 *    passes. The call ends at the first of: the tool settles; the time limit passes
 *    ({@link ToolTimeoutError}, even if the tool ignores its signal); `ctx.signal` aborts
 *    ({@link ToolAbortedError}). A late result or rejection of an abandoned tool is ignored.
 * 4. A throw becomes a {@link ToolExecutionError} (`cause` = what was thrown; the model sees its
 *    message, never its stack). A `ToolExecutionError` or `ToolInputError` thrown by the tool
 *    itself is kept as it is.
 * 5. The returned value goes through `formatToolOutput`; one that cannot be serialized gives a
 *    `ToolExecutionError`.
 *
 * `needsApproval` is not evaluated here: approvals are the run's business, before it calls this.
 *
 * @returns `{ ok: true, output }`, or `{ ok: false, error, output }` where `output` is a concise
 * message for the model; either way `output` goes into `function_call_output.output`.
 *
 * @example
 * ```ts
 * const result = await runTool(getWeather, '{"city":"Oslo"}', {
 *   signal, callId: call.call_id, toolName: call.name, runId, turn, deps,
 * });
 * ```
 * @see RESPONSES-WIRE §4.2 (`function_call_output`)
 */
export async function runTool(tool: Tool, rawArguments: string, ctx: ToolContext): Promise<ToolCallResult> {
  try {
    if (ctx.signal.aborted) return abortFailure(tool, ctx.signal.reason);
    const parsed = await parseToolInputAsync(tool, rawArguments);
    if (!parsed.ok) return inputFailure(parsed.error);
    if (ctx.signal.aborted) return abortFailure(tool, ctx.signal.reason);
    return await executeWithLimits(tool, parsed.value, ctx);
  } catch (unexpected) {
    // Only reachable through a malformed tool (e.g. a hand-made one whose `input` throws).
    return thrownFailure(tool, unexpected);
  }
}

function executeWithLimits(tool: Tool, input: unknown, ctx: ToolContext): Promise<ToolCallResult> {
  const { timeoutMs } = tool;
  const timeout = timeoutMs === undefined ? undefined : new AbortController();
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout.signal]) : ctx.signal;

  return new Promise<ToolCallResult>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const finish = (result: ToolCallResult): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = (): void => {
      if (timeout?.signal.aborted && !ctx.signal.aborted) finish(timeoutFailure(tool, timeoutMs as number));
      else finish(abortFailure(tool, ctx.signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (timeout && timeoutMs !== undefined) {
      timer = setTimeout(() => timeout.abort(new ToolTimeoutError(tool.name, timeoutMs)), timeoutMs);
    }

    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(tool.execute(input, { ...ctx, signal }));
    } catch (thrown) {
      pending = Promise.reject(thrown);
    }
    pending.then(
      (value) => finish(outputResult(tool, value)),
      (thrown) => finish(thrownFailure(tool, thrown)),
    );
  });
}

import { describeIssues, describeThrown } from './describe.js';

/**
 * The key of the marker every {@link TurnkitError} carries. `Symbol.for` makes it the same symbol
 * in every copy of this package, so `TurnkitError.is()` works even when two versions of
 * `@turnkit/tools` end up in one `node_modules` tree.
 */
const turnkitErrorMarker: unique symbol = Symbol.for('turnkit.error');

/**
 * The machine-readable code of a {@link TurnkitError}. Each subclass narrows it to a literal
 * (`'tool_timeout'`, `'rate_limited'`, …), so branch on `error.code` rather than on messages.
 *
 * @example
 * ```ts
 * import { TurnkitError } from '@turnkit/tools';
 * declare const error: unknown;
 * if (TurnkitError.is(error) && error.code === 'tool_timeout') console.warn('slow tool');
 * ```
 */
export type TurnkitErrorCode = string;

/**
 * The codes of the errors that `@turnkit/tools` raises.
 *
 * @example
 * ```ts
 * import type { ToolErrorCode } from '@turnkit/tools';
 * const retryable: ToolErrorCode[] = ['tool_timeout', 'tool_aborted'];
 * ```
 */
export type ToolErrorCode =
  | 'tool_definition_invalid'
  | 'tool_input_invalid'
  | 'tool_timeout'
  | 'tool_failed'
  | 'tool_output_too_large'
  | 'tool_aborted'
  | 'output_schema_invalid';

/**
 * The base class of every error turnkit raises. It carries a `code` to branch on and keeps the
 * underlying `cause`. Use {@link TurnkitError.is} rather than `instanceof` to recognise one: it also
 * recognises errors made by a duplicate copy of the package.
 *
 * @example
 * ```ts
 * import type { Agent } from '@turnkit/core';
 * import { TurnkitError } from '@turnkit/tools';
 * declare const agent: Agent;
 * declare function retryLater(): void;
 * try {
 *   await agent.run('Hi');
 * } catch (error) {
 *   if (TurnkitError.is(error) && error.code === 'rate_limited') retryLater();
 *   else throw error;
 * }
 * ```
 */
export class TurnkitError extends Error {
  /** What went wrong, as a stable machine-readable code. */
  readonly code: TurnkitErrorCode;

  /**
   * @param code - the machine-readable code; subclasses pass their literal.
   * @param message - says who is at fault and how to fix it.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(code: TurnkitErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, turnkitErrorMarker, { value: true, enumerable: false });
  }

  /**
   * Whether `value` is a {@link TurnkitError}, including one created by a different copy of this
   * package (it checks a `Symbol.for('turnkit.error')` marker, not the prototype chain).
   *
   * @example
   * ```ts
   * import { TurnkitError } from '@turnkit/tools';
   * declare const error: unknown;
   * if (TurnkitError.is(error)) console.log(error.code);
   * ```
   */
  static is(value: unknown): value is TurnkitError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [turnkitErrorMarker]?: unknown })[turnkitErrorMarker] === true
    );
  }
}

/**
 * A tool was defined wrongly: a bad name, an empty description, an input schema the Responses API
 * cannot take, or a schema construct that strict mode cannot express. Raised by `defineTool()` and
 * `defineJsonTool()` when the tool is defined, never while a run is going on. The fault is in the
 * tool's definition; the message says what to change.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { defineTool, ToolDefinitionError } from '@turnkit/tools';
 * try {
 *   defineTool({ name: 'bad name', description: 'x', input: z.object({}), execute: () => 1 });
 * } catch (error) {
 *   if (error instanceof ToolDefinitionError) console.error(error.toolName, error.path, error.message);
 * }
 * ```
 */
export class ToolDefinitionError extends TurnkitError {
  override readonly code = 'tool_definition_invalid' as const;
  /** The name the tool was given (possibly the invalid one). */
  readonly toolName: string;
  /** Where in the input's JSON Schema the problem is, as a JSON path such as `properties.tags.items`. */
  readonly path: string | undefined;

  constructor(toolName: string, message: string, options?: ErrorOptions & { path?: string }) {
    super('tool_definition_invalid', message, options);
    this.toolName = toolName;
    this.path = options?.path;
  }
}

/**
 * An agent's final output schema cannot be sent to the model: its name is not one the Responses
 * API accepts, it is not a zod 4 object schema, or it holds a construct strict mode cannot express
 * (or that JSON cannot carry). Raised when the output is defined (`createAgent({ output })`),
 * never while a run is going on, with the same messages as a tool's input schema.
 *
 * @example
 * ```ts
 * import { OutputSchemaError, toStrictOutputSchema } from '@turnkit/tools';
 * import { z } from 'zod';
 * try {
 *   toStrictOutputSchema(z.object({ tags: z.record(z.string(), z.string()) }), { name: 'answer', strict: true });
 * } catch (error) {
 *   if (error instanceof OutputSchemaError) console.error(error.outputName, error.path, error.message);
 * }
 * ```
 */
export class OutputSchemaError extends TurnkitError {
  override readonly code = 'output_schema_invalid' as const;
  /** The name the output was given (sent as `text.format.name`). */
  readonly outputName: string;
  /** Where in the output's JSON Schema the problem is, e.g. `properties.tags`; `''` for the top level. */
  readonly path: string | undefined;

  constructor(outputName: string, message: string, options?: ErrorOptions & { path?: string }) {
    super('output_schema_invalid', message, options);
    this.outputName = outputName;
    this.path = options?.path;
  }
}

/**
 * One problem with the arguments the model sent: where (`a.b[0]`, or `''` for the whole object)
 * and what.
 *
 * @example
 * ```ts
 * import { ToolInputError } from '@turnkit/tools';
 * throw new ToolInputError('get_weather', [{ path: 'city', message: 'unknown city' }]);
 * ```
 */
export interface ToolInputIssue {
  /** Where in the arguments, e.g. `city` or `stops[2].name`; empty for the arguments as a whole. */
  path: string;
  /** What is wrong there, e.g. `Required`. */
  message: string;
}

/**
 * The model called a tool with arguments that are not valid JSON or do not match the tool's input
 * schema. The fault is the model's: the run reports the issues back to the model as the call's
 * output so that it can correct itself; the tool is not executed.
 *
 * @example
 * ```ts
 * import { parseToolInput, type Tool } from '@turnkit/tools';
 * declare const getWeather: Tool<{ city: string }>;
 * const parsed = parseToolInput(getWeather, '{"city": 42}');
 * if (!parsed.ok) console.log(parsed.error.issues); // [{ path: 'city', message: '…' }]
 * ```
 */
export class ToolInputError extends TurnkitError {
  override readonly code = 'tool_input_invalid' as const;
  readonly toolName: string;
  /** Every problem found, in the order the validator reported them. */
  readonly issues: ToolInputIssue[];

  constructor(toolName: string, issues: ToolInputIssue[], options?: ErrorOptions) {
    super(
      'tool_input_invalid',
      `The model called tool "${toolName}" with invalid arguments (${describeIssues(issues)}). ` +
        'This is reported back to the model so it can retry; if it keeps happening, make the input ' +
        "schema or the tool's description clearer.",
      options,
    );
    this.toolName = toolName;
    this.issues = issues;
  }
}

/**
 * A tool did not finish within its `timeoutMs`. Its signal was aborted and the run went on without
 * waiting for it (even if the tool ignored the signal).
 *
 * @example
 * ```ts
 * import { type AnyTool, type RunToolContext, runTool, ToolTimeoutError } from '@turnkit/tools';
 * declare const slowTool: AnyTool; // defined with `timeoutMs`
 * declare const ctx: RunToolContext;
 * const result = await runTool(slowTool, '{}', ctx);
 * if (!result.ok && result.error instanceof ToolTimeoutError) console.log(result.error.timeoutMs);
 * ```
 */
export class ToolTimeoutError extends TurnkitError {
  override readonly code = 'tool_timeout' as const;
  readonly toolName: string;
  /** The time limit that passed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(toolName: string, timeoutMs: number, options?: ErrorOptions) {
    super(
      'tool_timeout',
      `Tool "${toolName}" did not finish within its time limit of ${timeoutMs} ms. ` +
        'Make it faster, raise `timeoutMs` in its definition, or have it honour `ctx.signal`.',
      options,
    );
    this.toolName = toolName;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A tool's `execute` threw (or returned a value that cannot be serialized). The fault is in the
 * tool or in what it calls; `cause` holds what was thrown.
 *
 * @example
 * ```ts
 * import { type AnyTool, type RunToolContext, runTool, ToolExecutionError } from '@turnkit/tools';
 * declare const tool: AnyTool;
 * declare const ctx: RunToolContext;
 * const result = await runTool(tool, '{}', ctx);
 * if (!result.ok && result.error instanceof ToolExecutionError) console.error(result.error.cause);
 * ```
 */
export class ToolExecutionError extends TurnkitError {
  override readonly code = 'tool_failed' as const;
  readonly toolName: string;

  /**
   * @param toolName - the tool that failed.
   * @param message - what failed; by default built from `cause`.
   * @param options - `cause`: what the tool threw.
   */
  constructor(toolName: string, message?: string, options?: ErrorOptions) {
    super('tool_failed', message ?? `Tool "${toolName}" failed: ${describeThrown(options?.cause)}`, options);
    this.toolName = toolName;
  }
}

/** `1048576` as `1,048,576`, whatever the locale. */
function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A tool returned more output than its `maxOutputBytes` allows (1 MiB by default): the output was
 * dropped, and the model was told the size and the limit so that it can ask for less. The fault is
 * the tool's (or the data's); return less, or raise `maxOutputBytes` in the tool's definition.
 *
 * @example
 * ```ts
 * import { type AnyTool, type RunToolContext, runTool, ToolOutputTooLargeError } from '@turnkit/tools';
 * declare const readLog: AnyTool; // returns a whole log file
 * declare const ctx: RunToolContext;
 * const result = await runTool(readLog, '{}', ctx);
 * if (!result.ok && result.error instanceof ToolOutputTooLargeError) {
 *   console.warn(`${result.error.sizeBytes} > ${result.error.maxOutputBytes}`);
 * }
 * ```
 */
export class ToolOutputTooLargeError extends TurnkitError {
  override readonly code = 'tool_output_too_large' as const;
  readonly toolName: string;
  /** The size of the output, in bytes of UTF-8 as it would have been sent. */
  readonly sizeBytes: number;
  /** The tool's limit, in bytes. */
  readonly maxOutputBytes: number;

  constructor(toolName: string, sizeBytes: number, maxOutputBytes: number, options?: ErrorOptions) {
    super(
      'tool_output_too_large',
      `Tool "${toolName}" returned ${groupDigits(sizeBytes)} bytes of output, more than its limit of ` +
        `${groupDigits(maxOutputBytes)} bytes, so the output was not sent and the model was told. ` +
        "Return less (a page, a summary, a file id), or raise `maxOutputBytes` in the tool's definition.",
      options,
    );
    this.toolName = toolName;
    this.sizeBytes = sizeBytes;
    this.maxOutputBytes = maxOutputBytes;
  }

  /** The short message for the model, naming the size and the limit. */
  get modelMessage(): string {
    return (
      `Error: tool "${this.toolName}" returned ${groupDigits(this.sizeBytes)} bytes of output, more than ` +
      `its limit of ${groupDigits(this.maxOutputBytes)} bytes, so the output was not sent. ` +
      'Call it again asking for less (a narrower query, a smaller page or range).'
    );
  }
}

/**
 * A tool call was cancelled because the run's signal was aborted before the tool finished. The
 * tool's own signal was aborted too.
 *
 * @example
 * ```ts
 * import { type AnyTool, type RunToolContext, runTool } from '@turnkit/tools';
 * declare const tool: AnyTool;
 * declare const ctx: RunToolContext;
 * const controller = new AbortController();
 * const pending = runTool(tool, '{}', { ...ctx, signal: controller.signal });
 * controller.abort();
 * const result = await pending; // result.error instanceof ToolAbortedError
 * ```
 */
export class ToolAbortedError extends TurnkitError {
  override readonly code = 'tool_aborted' as const;
  readonly toolName: string;

  constructor(toolName: string, options?: ErrorOptions) {
    super('tool_aborted', `Tool "${toolName}" was cancelled because its run was aborted.`, options);
    this.toolName = toolName;
  }
}

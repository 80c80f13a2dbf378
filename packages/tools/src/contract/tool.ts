import type { z } from 'zod';
import type { ReportProgress } from './tool-progress.js';

/**
 * What a tool's `execute` (and its `needsApproval` function) receives besides its input: the
 * call's identity, the run it belongs to, a signal to stop early, the app's dependencies, and a
 * way to report progress.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { defineTool, type ToolContext } from '@turnkit/tools';
 * interface SearchIndex {
 *   search(query: string, options: { signal: AbortSignal }): Promise<string[]>;
 * }
 * const search = defineTool({
 *   name: 'search_docs',
 *   description: 'Search the product docs.',
 *   input: z.object({ query: z.string() }),
 *   execute: ({ query }, { signal, deps }: ToolContext<{ index: SearchIndex }>) =>
 *     deps.index.search(query, { signal }),
 * });
 * ```
 */
export interface ToolContext<Deps = unknown> {
  /**
   * Aborted when the run is cancelled or the tool's time limit passes. Pass it on to `fetch` and
   * other cancellable work; the run stops waiting for the tool either way.
   */
  signal: AbortSignal;
  /** The `call_id` of the `function_call` being answered. */
  callId: string;
  /** The name of the tool being called. */
  toolName: string;
  /** The id of the run this call belongs to. */
  runId: string;
  /** The turn of the run (1-based) in which the model made this call. */
  turn: number;
  /** App-provided dependencies passed to the run (database handles, API clients, the user …). */
  deps: Deps;
  /**
   * Reports how far the call has come, e.g. `ctx.progress({ progress: 3, total: 10, message:
   * 'fetched page 3' })`: an agent run emits it as a `tool_progress` event, an MCP server sends it
   * to a client that asked for progress. Returns `false`, and passes nothing on, for a report that
   * breaks the rules (`progress` finite and increasing, `total` finite, `message` a string; see
   * {@link ReportProgress}) or comes after the call is over. Never throws, never waits. In the
   * context `needsApproval` gets, no call runs yet, and it refuses every report.
   */
  progress: ReportProgress;
}

/**
 * One part of a multi-part tool output, as the Responses API takes it in
 * `function_call_output.output`: text, an image (URL, data URL or uploaded file) or a file.
 *
 * @example
 * ```ts
 * import type { ToolContentPart } from '@turnkit/tools';
 * declare const png: string; // base64 of a PNG
 * const parts: ToolContentPart[] = [
 *   { type: 'input_text', text: 'The chart:' },
 *   { type: 'input_image', image_url: `data:image/png;base64,${png}` },
 * ];
 * ```
 * @see https://platform.openai.com/docs/api-reference/responses/create (function_call_output)
 */
export type ToolContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url?: string; file_id?: string; detail?: 'low' | 'high' | 'auto' }
  | { type: 'input_file'; file_id?: string; file_data?: string; file_url?: string; filename?: string };

/**
 * A function tool as it goes into the `tools[]` of a Responses API request.
 *
 * @example
 * ```ts
 * import type { AnyTool } from '@turnkit/tools';
 * declare const agentTools: AnyTool[];
 * const request = { model: 'gpt-5.1', input: 'Hi', tools: agentTools.map((tool) => tool.definition) };
 * ```
 * @see docs/responses-wire.md §2.1.1 (`{type:"function", name, parameters, strict, description?}`)
 */
export interface FunctionToolDefinition {
  type: 'function';
  name: string;
  description: string | null;
  /** The JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  /** Whether the model is constrained to produce arguments that match `parameters` exactly. */
  strict: boolean;
}

/**
 * Decides per call whether a tool call must be approved by a person (or a policy) before it runs.
 *
 * @example
 * ```ts
 * import type { NeedsApproval } from '@turnkit/tools';
 * const needsApproval: NeedsApproval<{ amount: number }> = ({ amount }) => amount > 100;
 * ```
 */
export type NeedsApproval<Input = Erased, Deps = Erased> =
  | boolean
  | ((input: Input, ctx: ToolContext<Deps>) => boolean | Promise<boolean>);

/**
 * A function tool: its description for the model, how its input is validated, and what it does.
 * Make one with `defineTool()` (zod input) or `defineJsonTool()` (raw JSON Schema); run one with
 * `runTool()`. Tools are immutable and hold no state of a run.
 *
 * @typeParam Input - what `execute` receives, after validation (the zod output type).
 * @typeParam Output - what `execute` returns; turned into the call's output by `formatToolOutput`.
 * @typeParam Deps - the app dependencies the tool expects in `ctx.deps`.
 *
 * @example
 * ```ts
 * import type { Tool } from '@turnkit/tools';
 * declare const getWeather: Tool<{ city: string }>;
 * declare const getInvoice: Tool<{ number: string }>;
 * const tools: Tool[] = [getWeather, getInvoice];
 * const request = { tools: tools.map((tool) => tool.definition) };
 * ```
 */
export interface Tool<Input = Erased, Output = unknown, Deps = Erased> {
  readonly kind: 'function';
  readonly name: string;
  readonly description: string;
  /** Whether the tool is described to the model in strict mode (see `toStrictJsonSchema`). */
  readonly strict: boolean;
  /** The time limit of one call, in milliseconds; `undefined` for none. */
  readonly timeoutMs: number | undefined;
  /**
   * The largest output of one call, in bytes of UTF-8 as sent (the string, or the JSON of the
   * content parts); `runTool` turns a larger one into a `ToolOutputTooLargeError`. `Infinity` for
   * no cap. `defineTool` and `defineJsonTool` always set it (`DEFAULT_MAX_OUTPUT_BYTES`, 1 MiB,
   * unless given); a hand-made tool without it gets that default.
   */
  readonly maxOutputBytes?: number;
  /** Whether a call needs approval before it runs. Evaluated by the run, not by `runTool`. */
  readonly needsApproval: NeedsApproval<Input, Deps>;
  /** Validates (and, for zod tools, transforms) the arguments the model sent. */
  readonly input: z.ZodType<Input>;
  /** The JSON Schema sent to the model, computed once when the tool is defined. */
  readonly parameters: Record<string, unknown>;
  /** What goes into the request's `tools[]`. */
  readonly definition: FunctionToolDefinition;
  /**
   * Does the work. Throwing is fine: the run reports the error's message to the model.
   * Should honour `ctx.signal`.
   */
  execute(input: Input, ctx: ToolContext<Deps>): Output | Promise<Output>;
}

/**
 * The one `any` of the tool contract. A list that holds tools of different input and deps types
 * (an agent's tools, a toolkit) cannot name those types; `unknown` would not do, since a tool's
 * `execute` and `needsApproval` take them as parameters. Each tool still validates its own input.
 *
 * @inline
 */
// biome-ignore lint/suspicious/noExplicitAny: named once here so that no list of tools repeats it (see AnyTool)
type Erased = any;

/**
 * The `deps` type of code that passes app dependencies through without knowing what each tool
 * expects (the agent loop): any deps type fits it.
 */
export type AnyDeps = Erased;

/**
 * A function tool of any input type: what a list of different tools holds.
 *
 * @example
 * ```ts
 * import type { AnyTool, Tool } from '@turnkit/tools';
 * declare const getWeather: Tool<{ city: string }>;
 * declare const getInvoice: Tool<{ number: string }>;
 * const tools: AnyTool[] = [getWeather, getInvoice];
 * ```
 */
export type AnyTool<Deps = AnyDeps> = Tool<Erased, unknown, Deps>;

import type {
  AnyTool,
  ApprovalPolicy,
  CodeInterpreterTool,
  ComputerTool,
  HostedMcpTool,
  ImageGenerationTool,
} from '@turnkit/tools';
import type { ResponseCreateParamsBase } from 'openai/resources/responses/responses';
import type { ClientSource } from '../connection/client-source.js';
import type { ConversationStrategy } from '../conversation/conversation-record.js';
import type { InputGuardrail, OutputGuardrail, ToolGuardrail } from '../guardrails/guardrail.js';
import type { OutputOf, OutputOption, ResolvedOutput } from '../output/output-spec.js';
import type { Handoff, HandoffTarget } from './handoff.js';
import type { RunObserver } from './run-observer.js';

/**
 * Request settings the agent sends on every turn, as the Responses API names them
 * (`temperature`, `max_output_tokens`, `reasoning`, `text`, `tool_choice`, `include`, …).
 * The fields turnkit manages itself are left out.
 */
export type ModelSettings = Omit<
  ResponseCreateParamsBase,
  | 'input'
  | 'model'
  | 'instructions'
  | 'tools'
  | 'previous_response_id'
  | 'stream'
  | 'store'
  | 'background'
  | 'conversation'
  | 'context_management'
>;

/**
 * Options of {@link createAgent}.
 *
 * @typeParam O - the `output` option, from which `result.finalOutput` takes its type.
 */
export interface AgentOptions<Deps = unknown, O extends OutputOption | undefined = OutputOption | undefined> {
  /** A name for logs and events; default `"agent"`. Agents that hand off to each other need distinct names. */
  name?: string;
  /**
   * What the agent is for, told to other agents' models: the description of the handoff tool
   * that hands to it (and the default description of `asTool()`).
   */
  description?: string;
  /** The system/developer instructions, sent with every turn. */
  instructions?: string;
  /** The model or Azure deployment name. Defaults to the connection's model when `client` is a Connection. */
  model?: string;
  /**
   * Function tools, hosted MCP servers (`hostedMcpTool`), the code interpreter, image
   * generation (`imageGenerationTool`) and a computer (`computerTool`) the model may call. Names
   * and server labels must be unique.
   */
  tools?: ReadonlyArray<
    AnyTool<Deps> | HostedMcpTool | CodeInterpreterTool | ImageGenerationTool | ComputerTool
  >;
  /**
   * How approval requests are answered without stopping the run: function tools (and MCP tools)
   * allowed or denied by name, and an approver consulted when no list decides. Requests nobody
   * decides interrupt the run (see `RunState`).
   */
  approval?: ApprovalPolicy;
  /** Request settings sent with every turn. */
  settings?: ModelSettings;
  /**
   * The shape of the final answer: a zod object schema (strict structured output, sent as
   * `text.format` `json_schema`), `{ schema, name?, description?, strict? }`, or
   * `{ type: 'json_object', schema? }` for plain JSON mode. `result.finalOutput` is then the
   * answer parsed and validated, typed from the schema. Checked here: a schema strict mode cannot
   * express is refused now (`OutputSchemaError`), not by the service at run time. See docs/output.md.
   */
  output?: O;
  /**
   * Agents this one can hand the conversation to: each becomes a function tool
   * (`transfer_to_<name>`) the model can call; the agent handed to continues the same
   * conversation with its own instructions, tools, model and output. An agent, a function
   * returning one (for agents that hand to each other), or `handoff(agent, options)`.
   * See docs/multi-agent.md.
   */
  handoffs?: readonly HandoffTarget[];
  /** Checks of the run's input, before (or beside) the first turn. See docs/guardrails.md. */
  inputGuardrails?: readonly InputGuardrail<Deps>[];
  /** Checks of the final output (typed), before the run returns it. */
  outputGuardrails?: readonly OutputGuardrail<OutputOf<O>, Deps>[];
  /** Checks of every function call before it runs, and of its output. */
  toolGuardrails?: readonly ToolGuardrail<Deps>[];
  /** Most turns (Responses API calls) one run may make; default 10. With handoffs, the run's turns across its agents. */
  maxTurns?: number;
  /** Most function calls of one turn that run at the same time; default 4. */
  toolConcurrency?: number;
  /** Where requests go. Can also be given per run. */
  client?: ClientSource;
  /**
   * The conversation strategy of runs that are not given a conversation (default `server`).
   * When set, a run given a conversation of the other strategy is refused.
   */
  strategy?: ConversationStrategy;
  /**
   * Run every turn as a background response (`background: true`): the service keeps working when
   * the connection drops, and the loop reopens the stream after the last event it saw; aborting
   * the run cancels the response. Needs the `server` strategy (background responses are stored).
   */
  background?: boolean;
  /**
   * Server-side compaction: when the context passes this many tokens, the service compacts it
   * (`context_management: [{type: "compaction", compact_threshold}]`). At least 1000.
   */
  compactThreshold?: number;
  /**
   * Most milliseconds a response stream may send nothing before the loop counts it as stalled:
   * it closes the connection and fails the turn (`StreamStalledError`), or reopens a background
   * response's stream after the last event seen; the stall is noticed within a quarter of this
   * after it (the watch looks four times per period). Default 120 000; `0` turns the check off. The
   * service sends `keepalive` events while a model thinks in silence, so a live stream is not idle
   * for long (see docs/reliability.md).
   */
  streamIdleTimeoutMs?: number;
  /**
   * Largest request body the loop sends, in bytes (default 50 MiB). A bigger request is not sent:
   * the run stops with `RequestTooLargeError` naming the biggest items, which stay in the conversation.
   */
  maxRequestBytes?: number;
  /** What watches every run of the agent: `createTracing(…)`, `createRunLog(…)`, your own {@link RunObserver}s. */
  observers?: readonly RunObserver[];
}

/**
 * An agent: instructions, a model, tools and settings. Immutable; run it with `run()` or `stream()`.
 * It prints and serializes without credentials: keys, tokens and hosted MCP header values are redacted.
 */
export interface AgentConfig<Deps = unknown> {
  readonly name: string;
  readonly description: string | undefined;
  readonly instructions: string | undefined;
  readonly model: string | undefined;
  readonly tools: ReadonlyMap<string, AnyTool<Deps>>;
  readonly hostedTools: ReadonlyMap<string, HostedMcpTool>;
  /** Tools of the API's own types other than MCP servers (the code interpreter, image generation, the computer). */
  readonly builtinTools: ReadonlyArray<CodeInterpreterTool | ImageGenerationTool | ComputerTool>;
  readonly approval: ApprovalPolicy | undefined;
  readonly settings: ModelSettings;
  /** The structured final output, when the agent has one (see `AgentOptions.output`). */
  readonly output: ResolvedOutput | undefined;
  readonly handoffs: readonly Handoff[];
  readonly inputGuardrails: readonly InputGuardrail<Deps>[];
  readonly outputGuardrails: readonly OutputGuardrail<unknown, Deps>[];
  readonly toolGuardrails: readonly ToolGuardrail<Deps>[];
  readonly maxTurns: number;
  readonly toolConcurrency: number;
  readonly client: ClientSource | undefined;
  readonly strategy: ConversationStrategy | undefined;
  readonly compactThreshold: number | undefined;
  readonly background: boolean;
  readonly streamIdleTimeoutMs: number;
  readonly maxRequestBytes: number;
  readonly observers: readonly RunObserver[];
}

import type {
  AnyTool,
  ApprovalPolicy,
  CodeInterpreterTool,
  ComputerTool,
  HostedMcpTool,
  ImageGenerationTool,
} from '@turnkit/tools';
import type OpenAI from 'openai';
import type { ResponseCreateParamsBase } from 'openai/resources/responses/responses';
import { type Handoff, type HandoffTarget, toHandoffs } from './agents/handoff.js';
import type { AzureClientOptions } from './client.js';
import type { Connection } from './connect.js';
import type { ConversationStrategy } from './conversation-record.js';
import type { InputGuardrail, OutputGuardrail, ToolGuardrail } from './guardrails/guardrail.js';
import { ConfigurationError } from './input-errors.js';
import { maxRequestBytes, streamIdleTimeout } from './limits.js';
import { observersOption } from './observe/observe-run.js';
import type { RunObserver } from './observe/run-observer.js';
import {
  type OutputOf,
  type OutputOption,
  type ResolvedOutput,
  resolveOutput,
} from './output/output-spec.js';
import { describeClientSource, redactWith } from './redact.js';

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

/** Where an agent sends its requests: an `openai` client, Azure options, or a {@link Connection}. */
export type ClientSource = OpenAI | AzureClientOptions | Connection;

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
   * response's stream after the last event seen. Default 120 000; `0` turns the check off. The
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

function positiveInt(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(
      option,
      `\`${option}\` must be a whole number of at least 1, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Checks a list of guardrails of one kind (made by the `define…Guardrail` functions). */
function guardrails<G extends { kind: string; name: string }>(
  list: readonly G[] | undefined,
  kind: string,
  option: string,
): G[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new ConfigurationError(option, `\`${option.slice(6)}\` must be an array of ${kind} guardrails.`);
  }
  const names = new Set<string>();
  return list.map((guardrail, index) => {
    if (!guardrail || typeof guardrail !== 'object' || guardrail.kind !== kind) {
      throw new ConfigurationError(
        `${option}[${index}]`,
        `${option.slice(6)}[${index}] is not a ${kind} guardrail; make it with define${kind[0]!.toUpperCase()}${kind.slice(1)}Guardrail().`,
      );
    }
    if (names.has(guardrail.name)) {
      throw new ConfigurationError(
        `${option}[${index}]`,
        `Two ${kind} guardrails are named "${guardrail.name}".`,
      );
    }
    names.add(guardrail.name);
    return guardrail;
  });
}

/**
 * Checks agent options and freezes them into an {@link AgentConfig}.
 * @throws {ConfigurationError} naming the option at fault.
 */
export function resolveAgentConfig<Deps>(options: AgentOptions<Deps>): AgentConfig<Deps> {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('agent', 'createAgent needs an options object.');
  }
  for (const key of ['name', 'description', 'instructions', 'model'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new ConfigurationError(`agent.${key}`, `\`${key}\` must be a non-empty string when given.`);
    }
  }
  const tools = new Map<string, AnyTool<Deps>>();
  if (options.tools !== undefined && !Array.isArray(options.tools)) {
    throw new ConfigurationError('agent.tools', '`tools` must be an array of tools made with defineTool().');
  }
  const hostedTools = new Map<string, HostedMcpTool>();
  const builtinTools: Array<CodeInterpreterTool | ImageGenerationTool | ComputerTool> = [];
  for (const [index, tool] of (options.tools ?? []).entries()) {
    if (
      tool &&
      typeof tool === 'object' &&
      (tool.kind === 'hosted_code_interpreter' ||
        tool.kind === 'hosted_image_generation' ||
        tool.kind === 'computer')
    ) {
      if (builtinTools.some((t) => t.kind === tool.kind)) {
        const what =
          tool.kind === 'hosted_code_interpreter'
            ? 'code interpreter'
            : tool.kind === 'computer'
              ? 'computer'
              : 'image generation';
        throw new ConfigurationError(`agent.tools[${index}]`, `An agent takes one ${what} tool.`);
      }
      builtinTools.push(tool);
      continue;
    }
    if (tool && typeof tool === 'object' && tool.kind === 'hosted_mcp') {
      if (hostedTools.has(tool.serverLabel)) {
        throw new ConfigurationError(
          `agent.tools[${index}]`,
          `Two hosted MCP tools use the server label "${tool.serverLabel}"; labels must be unique.`,
        );
      }
      hostedTools.set(tool.serverLabel, tool);
      continue;
    }
    if (!tool || typeof tool !== 'object' || tool.kind !== 'function' || typeof tool.execute !== 'function') {
      throw new ConfigurationError(
        `agent.tools[${index}]`,
        `tools[${index}] is not a tool; make tools with defineTool(), hostedMcpTool(), codeInterpreterTool(), imageGenerationTool() or computerTool().`,
      );
    }
    if (tools.has(tool.name)) {
      throw new ConfigurationError(
        `agent.tools[${index}]`,
        `Two tools are named "${tool.name}"; tool names must be unique.`,
      );
    }
    tools.set(tool.name, tool);
  }
  const approval = options.approval;
  if (approval !== undefined) {
    const lists = [approval?.allow, approval?.deny];
    if (
      approval === null ||
      typeof approval !== 'object' ||
      lists.some(
        (list) => list !== undefined && (!Array.isArray(list) || list.some((n) => typeof n !== 'string')),
      ) ||
      (approval.approver !== undefined && typeof approval.approver !== 'function')
    ) {
      throw new ConfigurationError(
        'agent.approval',
        '`approval` must be { allow?: string[], deny?: string[], approver?: function }.',
      );
    }
  }
  if (options.settings !== undefined && (options.settings === null || typeof options.settings !== 'object')) {
    throw new ConfigurationError(
      'agent.settings',
      '`settings` must be an object of Responses API request fields.',
    );
  }
  const managed = [
    'input',
    'model',
    'instructions',
    'tools',
    'previous_response_id',
    'stream',
    'store',
    'background',
    'conversation',
    'context_management',
  ];
  for (const key of Object.keys(options.settings ?? {})) {
    if (managed.includes(key)) {
      throw new ConfigurationError(
        `agent.settings.${key}`,
        `\`settings.${key}\` is managed by turnkit; set it through the agent or run options instead.`,
      );
    }
  }
  if (options.strategy !== undefined && options.strategy !== 'server' && options.strategy !== 'stateless') {
    throw new ConfigurationError(
      'agent.strategy',
      `\`strategy\` must be "server" or "stateless", got ${JSON.stringify(options.strategy)}.`,
    );
  }
  if (options.background !== undefined && typeof options.background !== 'boolean') {
    throw new ConfigurationError('agent.background', '`background` must be true or false.');
  }
  if (options.background && options.strategy === 'stateless') {
    throw new ConfigurationError(
      'agent.background',
      'Background responses are stored by the service, so they need the "server" strategy, not "stateless".',
    );
  }
  const threshold = options.compactThreshold;
  if (
    threshold !== undefined &&
    (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1000)
  ) {
    throw new ConfigurationError(
      'agent.compactThreshold',
      `\`compactThreshold\` must be a whole number of tokens, at least 1000 (the service's minimum), got ${JSON.stringify(threshold)}.`,
    );
  }
  if (
    options.settings?.include !== undefined &&
    options.settings.include !== null &&
    !Array.isArray(options.settings.include)
  ) {
    throw new ConfigurationError(
      'agent.settings.include',
      '`settings.include` must be an array of includable names.',
    );
  }
  const computer = builtinTools.some((t) => t.kind === 'computer');
  if (computer && options.settings?.truncation === 'disabled') {
    throw new ConfigurationError(
      'agent.settings.truncation',
      'The computer use model needs `truncation: "auto"`; leave `settings.truncation` unset (an agent with computerTool() sends "auto").',
    );
  }
  const name = options.name ?? 'agent';
  const output = resolveOutput(options.output, name);
  if (output && options.settings?.text?.format) {
    throw new ConfigurationError(
      'agent.settings.text.format',
      '`settings.text.format` and `output` both set the answer format; keep `output` (it also parses and checks the answer).',
    );
  }
  const handoffs = toHandoffs(options.handoffs);
  const config: AgentConfig<Deps> = {
    name,
    description: options.description,
    instructions: options.instructions,
    model: options.model,
    tools,
    // The computer use model requires truncation "auto" (Azure and OpenAI computer use guides).
    settings: { ...(computer ? { truncation: 'auto' as const } : {}), ...options.settings },
    output,
    handoffs,
    inputGuardrails: guardrails(options.inputGuardrails, 'input', 'agent.inputGuardrails'),
    outputGuardrails: guardrails(
      options.outputGuardrails,
      'output',
      'agent.outputGuardrails',
    ) as OutputGuardrail<unknown, Deps>[],
    toolGuardrails: guardrails(options.toolGuardrails, 'tool', 'agent.toolGuardrails'),
    maxTurns: positiveInt(options.maxTurns, 'agent.maxTurns', 10),
    toolConcurrency: positiveInt(options.toolConcurrency, 'agent.toolConcurrency', 4),
    client: options.client,
    hostedTools,
    builtinTools,
    approval,
    strategy: options.strategy,
    compactThreshold: threshold,
    background: options.background ?? false,
    streamIdleTimeoutMs: streamIdleTimeout(options.streamIdleTimeoutMs, 'agent.streamIdleTimeoutMs'),
    maxRequestBytes: maxRequestBytes(options.maxRequestBytes, 'agent.maxRequestBytes'),
    observers: observersOption(options.observers, 'agent.observers'),
  };
  return Object.freeze(redactWith(config, 'AgentConfig', () => describeAgentConfig(config)));
}

/**
 * What `util.inspect`, `console.log` and `JSON.stringify` show of an agent: its settings, tool
 * names, hosted tools with header values redacted, and where requests go without the key.
 */
export function describeAgentConfig<Deps>(config: AgentConfig<Deps>): Record<string, unknown> {
  const approval = config.approval;
  return {
    name: config.name,
    ...(config.description ? { description: config.description } : {}),
    model: config.model,
    instructions: config.instructions,
    tools: [...config.tools.keys()],
    hostedTools: [...config.hostedTools.values()],
    builtinTools: config.builtinTools.map((tool) => tool.definition.type),
    ...(approval
      ? {
          approval: {
            allow: approval.allow,
            deny: approval.deny,
            ...(approval.approver ? { approver: '[function]' } : {}),
          },
        }
      : {}),
    settings: config.settings,
    ...(config.output ? { output: config.output.format } : {}),
    ...(config.handoffs.length
      ? {
          handoffs: config.handoffs.map(
            (h) => h.toolName ?? (typeof h.target === 'function' ? '[function]' : h.target.name),
          ),
        }
      : {}),
    ...guardrailNames(config),
    maxTurns: config.maxTurns,
    toolConcurrency: config.toolConcurrency,
    strategy: config.strategy,
    background: config.background,
    compactThreshold: config.compactThreshold,
    client: describeClientSource(config.client),
  };
}

function guardrailNames(config: AgentConfig<never>): Record<string, string[]> {
  const named: Record<string, string[]> = {};
  for (const [key, list] of [
    ['inputGuardrails', config.inputGuardrails],
    ['outputGuardrails', config.outputGuardrails],
    ['toolGuardrails', config.toolGuardrails],
  ] as const) {
    if (list.length) named[key] = list.map((g) => g.name);
  }
  return named;
}

import type {
  AnyTool,
  CodeInterpreterTool,
  ComputerTool,
  HostedMcpTool,
  ImageGenerationTool,
} from '@turnkit/tools';
import { ConfigurationError } from '../errors/input-errors.js';
import type { OutputGuardrail } from '../guardrails/guardrail.js';
import { resolveOutput } from '../output/output-spec.js';
import type { AgentConfig, AgentOptions } from '../run/agent-config.js';
import { toHandoffs } from '../run/handoff.js';
import { maxRequestBytes, streamIdleTimeout } from '../values/limits.js';
import { describeClientSource, redactWith } from '../values/redact.js';
import { observersOption } from './observe-run.js';

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

import type { AnyDeps } from '@turnkit/tools';
import type { ResponseIncludable } from 'openai/resources/responses/responses';
import type { ConversationStrategy } from '../conversation/conversation-record.js';
import { InputError } from '../errors/input-errors.js';
import type { AnyAgent } from '../run/agent.js';
import type { AgentConfig, ModelSettings } from '../run/agent-config.js';
import { handoffDefinition, type ResolvedHandoff, resolveHandoffs } from './agent-graph.js';
import { isAgentTool } from './nested-run.js';

/** The include value that stateless mode needs so reasoning can be sent back. */
const ENCRYPTED_REASONING: ResponseIncludable = 'reasoning.encrypted_content';
/** The include value that makes code interpreter calls carry their logs and images. */
const CODE_OUTPUTS: ResponseIncludable = 'code_interpreter_call.outputs';
/** The handoffs of an agent without any (shared: never changed). */
const NO_HANDOFFS: ReadonlyMap<string, ResolvedHandoff> = new Map();

/** Settings sent on every turn of an agent, with what the strategy, compaction and output need. */
export type TurnSettings = ModelSettings & {
  context_management?: Array<{ type: 'compaction'; compact_threshold: number }>;
};

/**
 * The agent a run is with, made ready for its requests: its settings (the strategy's includes,
 * compaction, the output's `text.format`), every tool of its requests (function tools, hosted
 * tools, handoffs), and its handoffs by tool name.
 */
export interface ActiveAgent {
  agent: AnyAgent;
  config: AgentConfig<AnyDeps>;
  settings: TurnSettings;
  /** The `tools` of its requests. */
  definitions: unknown[];
  handoffs: ReadonlyMap<string, ResolvedHandoff>;
  /** Its turns report back (tool guardrails, or agents run as tools): they need `TurnHooks`. */
  hooked: boolean;
}

/** Settings sent on every turn: the agent's, plus what the strategy, compaction and output need. */
function turnSettings(config: AgentConfig<AnyDeps>, strategy: ConversationStrategy): TurnSettings {
  const given = config.settings.include ?? [];
  const needed = [
    ...(strategy === 'stateless' ? [ENCRYPTED_REASONING] : []),
    ...(config.builtinTools.some((t) => t.kind === 'hosted_code_interpreter') ? [CODE_OUTPUTS] : []),
  ].filter((value) => !given.includes(value));
  if (!needed.length && config.compactThreshold === undefined && !config.output) return config.settings;
  return {
    ...config.settings,
    ...(needed.length ? { include: [...given, ...needed] } : {}),
    ...(config.compactThreshold !== undefined
      ? { context_management: [{ type: 'compaction', compact_threshold: config.compactThreshold }] }
      : {}),
    ...(config.output ? { text: { ...config.settings.text, format: config.output.format } } : {}),
  };
}

/**
 * Makes an agent ready for a conversation of `strategy`.
 *
 * @throws {InputError} when the agent cannot run that conversation (its own strategy is the
 *   other one, or it runs in the background and the conversation is stateless).
 * @throws {ConfigurationError} for handoffs that cannot be resolved (see `resolveHandoffs`).
 * @example
 * ```ts
 * import type { Agent, Conversation } from '@turnkit/core';
 * import type { ResponseInputItem } from 'openai/resources/responses/responses';
 * import { activateAgent } from './active-agent.js';
 * declare const agent: Agent;
 * declare const conversation: Conversation;
 * declare const input: ResponseInputItem[];
 * const active = activateAgent(agent, conversation.strategy);
 * const body = { ...active.settings, tools: active.definitions, input };
 * ```
 */
export function activateAgent(agent: AnyAgent, strategy: ConversationStrategy): ActiveAgent {
  const config = agent.config as AgentConfig<AnyDeps>;
  if (config.strategy !== undefined && strategy !== config.strategy) {
    throw new InputError(
      `The agent "${config.name}" runs "${config.strategy}" conversations but was given a "${strategy}" one; ` +
        "create the conversation with the same strategy, or leave the agent's strategy unset.",
    );
  }
  if (config.background && strategy === 'stateless') {
    throw new InputError(
      `The agent "${config.name}" runs in the background, which needs a "server" conversation: background responses are stored.`,
    );
  }
  const handoffs = resolveHandoffs(agent);
  return {
    agent,
    config,
    settings: turnSettings(config, strategy),
    definitions: [
      ...[...config.tools.values()].map((tool) => tool.definition),
      ...handoffs.map(handoffDefinition),
      ...[...config.hostedTools.values()].map((tool) => tool.definition),
      ...config.builtinTools.map((tool) => tool.definition),
    ],
    handoffs: handoffs.length ? new Map(handoffs.map((h) => [h.toolName, h])) : NO_HANDOFFS,
    hooked: config.toolGuardrails.length > 0 || [...config.tools.values()].some(isAgentTool),
  };
}

import type { ConversationItem, ConversationStrategy } from '../conversation/conversation-record.js';
import { ConfigurationError } from '../errors/input-errors.js';
import type { AnyAgent } from './agent.js';

/**
 * What a handoff's input filter is given: every item the agent handed to would be sent (the
 * conversation as the client holds it: with the `stateless` strategy its whole history; with
 * `server`, only this run's items, the service holding the rest), and who hands to whom.
 */
export interface HandoffInputData {
  /** The items, in order; the handoff call and its output are the last function call and output. */
  items: readonly ConversationItem[];
  /** The agent handing the conversation on. */
  from: string;
  /** The agent it goes to. */
  to: string;
  strategy: ConversationStrategy;
}

/**
 * Chooses what the agent handed to sees: returns the items to send it, from `data.items`. What it
 * returns is made valid before it is sent: a reasoning item no longer followed by the item that
 * followed it, a function call output whose call is gone (and a call whose output is gone), an MCP
 * approval response whose request is gone, are dropped with it. With the `server` strategy the
 * items then start a new response chain (the service's older history is not sent).
 *
 * @example
 * ```ts
 * import type { HandoffInputFilter } from '@turnkit/core';
 * const lastThree: HandoffInputFilter = ({ items }) => items.slice(-3);
 * ```
 */
export type HandoffInputFilter = (data: HandoffInputData) => readonly ConversationItem[];

/**
 * One agent an agent can hand the conversation to, as `createAgent({ handoffs })` holds it. The
 * target may be given as a function returning the agent, for agents that hand to each other
 * (the function is called when a run starts).
 */
export interface Handoff {
  readonly kind: 'handoff';
  /** The agent, or a function returning it. */
  readonly target: AnyAgent | (() => AnyAgent);
  /** The function tool the model calls to hand off; default `transfer_to_<agent name>`. */
  readonly toolName: string | undefined;
  /** The tool's description; default from the target's name and `description`. */
  readonly description: string | undefined;
  readonly inputFilter: HandoffInputFilter | undefined;
}

/** What `createAgent({ handoffs })` takes: an agent, a function returning one, or a {@link handoff}. */
export type HandoffTarget = AnyAgent | (() => AnyAgent) | Handoff;

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * A handoff with options: the tool's name and description, and a filter for what the next agent
 * sees (see {@link HandoffInputFilter}; `removeReasoning` and `removeToolCalls` are built in).
 *
 * @throws {ConfigurationError} for a tool name the Responses API does not accept, an empty
 *   description, or a filter that is not a function.
 * @example
 * ```ts
 * import { type Agent, createAgent, handoff, removeToolCalls } from '@turnkit/core';
 * declare const billing: Agent;
 * declare const research: Agent;
 * const triage = createAgent({
 *   name: 'triage',
 *   instructions: 'Route the customer.',
 *   handoffs: [billing, handoff(() => research, { inputFilter: removeToolCalls })],
 * });
 * ```
 */
export function handoff(
  target: AnyAgent | (() => AnyAgent),
  options: { toolName?: string; description?: string; inputFilter?: HandoffInputFilter } = {},
): Handoff {
  if (
    options.toolName !== undefined &&
    (typeof options.toolName !== 'string' || !TOOL_NAME.test(options.toolName))
  ) {
    throw new ConfigurationError(
      'handoff.toolName',
      `A handoff's \`toolName\` must be 1 to 64 letters, digits, "_" or "-", got ${JSON.stringify(options.toolName)}.`,
    );
  }
  if (
    options.description !== undefined &&
    (typeof options.description !== 'string' || options.description.trim() === '')
  ) {
    throw new ConfigurationError(
      'handoff.description',
      "A handoff's `description` must be a non-empty string.",
    );
  }
  if (options.inputFilter !== undefined && typeof options.inputFilter !== 'function') {
    throw new ConfigurationError(
      'handoff.inputFilter',
      "A handoff's `inputFilter` must be a function ({ items, from, to, strategy }) => items.",
    );
  }
  checkTarget(target, 'handoff');
  return Object.freeze({
    kind: 'handoff',
    target,
    toolName: options.toolName,
    description: options.description,
    inputFilter: options.inputFilter,
  });
}

/** Whether a value is an agent made by `createAgent`. */
export function isAgent(value: unknown): value is AnyAgent {
  const v = value as Partial<AnyAgent> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.run === 'function' &&
    typeof v.stream === 'function' &&
    typeof v.config === 'object' &&
    v.config !== null
  );
}

function checkTarget(target: unknown, option: string): void {
  if (!isAgent(target) && typeof target !== 'function') {
    throw new ConfigurationError(
      option,
      `\`${option}\` must be an agent made with createAgent(), a function returning one, or handoff(agent, options).`,
    );
  }
}

/**
 * Checks the `handoffs` of an agent's options and returns them as {@link Handoff}s.
 *
 * @throws {ConfigurationError} for an entry that is not an agent, a function or a handoff, naming it.
 */
export function toHandoffs(entries: unknown): Handoff[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) {
    throw new ConfigurationError(
      'agent.handoffs',
      '`handoffs` must be an array of agents (or handoff(agent)).',
    );
  }
  return entries.map((entry, index) => {
    if (entry && typeof entry === 'object' && (entry as Handoff).kind === 'handoff') return entry as Handoff;
    checkTarget(entry, `agent.handoffs[${index}]`);
    return handoff(entry as AnyAgent | (() => AnyAgent));
  });
}

/**
 * The default tool name of a handoff to an agent: `transfer_to_` and the agent's name, with
 * characters a tool name cannot have made `_`, at most 64 characters.
 *
 * @example
 * ```ts
 * import { handoffToolName } from '@turnkit/core';
 * handoffToolName('Billing desk'); // 'transfer_to_Billing_desk'
 * ```
 */
export function handoffToolName(agentName: string): string {
  const name = agentName.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'agent';
  return `transfer_to_${name}`.slice(0, 64);
}

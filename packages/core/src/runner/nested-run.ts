import type { ApprovalDecision, TurnkitError } from '@turnkit/tools';
import type { ClientSource } from '../connection/client-source.js';
import type { ConversationStrategy } from '../conversation/conversation-record.js';
import type { ToolGuardrail } from '../guardrails/guardrail.js';
import type { EmitFn } from '../run/events.js';
import type { RunState } from '../run-state/run-state.js';
import type { Usage } from '../run-state/usage.js';

/**
 * What a run lends an agent it runs inside itself (as a tool, or as a guardrail): where its
 * events go, how deep it is, the client and deps it uses unless it has its own, and where its
 * usage is added.
 */
export interface NestedHost {
  /** The parent run's emit (guarded: it never throws). */
  emit: EmitFn;
  /** The parent run's depth; the nested run is one deeper. */
  depth: number;
  /** Where the parent's requests go: a nested agent without a client of its own uses it. */
  client: ClientSource;
  /** The strategy of the parent's conversation, for a nested agent that sets none. */
  strategy: ConversationStrategy;
  deps: unknown;
  /** Adds a nested run's usage to the parent's. */
  addUsage(usage: Usage): void;
}

/** A nested run to resume in place of a fresh one: its saved state, and the decisions meant for it. */
export interface NestedResume {
  state: RunState;
  decisions: ReadonlyMap<string, ApprovalDecision>;
}

/** An agent run as a tool that paused for approval: the parent's call it answers, and its state. */
export interface NestedPause {
  /** The `call_id` of the parent's function call that ran the agent. */
  callId: string;
  /** The parent's tool that ran it, and the parent's agent whose tool it is. */
  toolName: string;
  agent: string;
  state: RunState;
}

/**
 * What one call of an agent tool exchanges with the loop, beside its input: the host, the
 * nested state to resume, and what the nested run reports back (a pause, an error that must stop
 * the parent too).
 */
export interface AgentCallChannel {
  host: NestedHost;
  resume: NestedResume | undefined;
  /** Set by the agent tool when its run paused: the call then gets no output yet. */
  paused?: RunState;
  /** Set by the agent tool when its run stopped in a way that stops the parent (a guardrail's tripwire). */
  stop?: TurnkitError;
}

/**
 * The key under which the loop hands an agent tool's `execute` its {@link AgentCallChannel}, in
 * the tool context. A symbol: tools made by hand never see or set it.
 */
export const AGENT_CALL_CHANNEL: unique symbol = Symbol('turnkit.agentCallChannel');

/** The key under which a guardrail check finds the run's {@link NestedHost} in its context. */
export const NESTED_HOST: unique symbol = Symbol('turnkit.nestedHost');

/** The mark of a tool made by `agent.asTool()`: the loop gives its calls a channel. */
export const AGENT_TOOL: unique symbol = Symbol('turnkit.agentTool');

/** Whether a tool was made by `agent.asTool()`. */
export function isAgentTool(tool: object): boolean {
  return AGENT_TOOL in tool;
}

/**
 * What the loop's tool runtime needs for one turn beyond the calls themselves: what agent tools
 * are lent and resumed with, the agent's tool guardrails, and what comes back (paused nested
 * runs; the first error that must stop the run once the turn's calls are settled).
 */
export interface TurnHooks {
  host: NestedHost;
  /** Nested runs to resume, by the `call_id` of the agent tool call they answer. */
  resumes: ReadonlyMap<string, NestedResume>;
  toolGuardrails: readonly ToolGuardrail<unknown>[];
  /** Replaced as agent tools pause, never changed in place (it may be a shared empty list). */
  paused: NestedPause[];
  stop: TurnkitError | undefined;
}

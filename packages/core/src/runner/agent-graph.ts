import { ConfigurationError } from '../errors/input-errors.js';
import type { AnyAgent } from '../run/agent.js';
import { type HandoffInputFilter, handoffToolName, isAgent } from '../run/handoff.js';

/** A handoff of an agent, its target resolved. */
export interface ResolvedHandoff {
  toolName: string;
  target: AnyAgent;
  description: string;
  inputFilter: HandoffInputFilter | undefined;
}

/** The parameters of every handoff tool: none. */
const NO_PARAMETERS = { type: 'object', properties: {}, required: [], additionalProperties: false };

/**
 * Resolves an agent's handoffs (calling the functions that return their targets) into the
 * handoff tools its requests carry.
 *
 * @throws {ConfigurationError} for a function that returns no agent, two handoffs with one tool
 *   name, or a handoff tool named like one of the agent's tools.
 * @example
 * ```ts
 * import type { AnyAgent } from '@turnkit/core';
 * import { resolveHandoffs } from './agent-graph.js';
 * declare const triage: AnyAgent;
 * for (const h of resolveHandoffs(triage)) console.log(h.toolName, '→', h.target.name);
 * ```
 */
export function resolveHandoffs(agent: AnyAgent): ResolvedHandoff[] {
  const seen = new Set<string>();
  return agent.config.handoffs.map((entry, index) => {
    const target =
      typeof entry.target === 'function' && !isAgent(entry.target) ? entry.target() : entry.target;
    if (!isAgent(target)) {
      throw new ConfigurationError(
        `agent.handoffs[${index}]`,
        `The function given as handoffs[${index}] of agent "${agent.name}" returned something that is not an agent.`,
      );
    }
    const toolName = entry.toolName ?? handoffToolName(target.name);
    if (seen.has(toolName) || agent.config.tools.has(toolName)) {
      throw new ConfigurationError(
        `agent.handoffs[${index}]`,
        `Agent "${agent.name}" has two tools named "${toolName}" (a handoff and ${seen.has(toolName) ? 'another handoff' : 'a tool'}); ` +
          'give the handoff another name with handoff(agent, { toolName }).',
      );
    }
    seen.add(toolName);
    const about = target.config.description;
    return {
      toolName,
      target,
      description:
        entry.description ??
        `Hand the conversation to the agent "${target.name}"${about ? `: ${about}` : '.'} Call it when that agent should answer.`,
      inputFilter: entry.inputFilter,
    };
  });
}

/** The function tool a handoff is to the model. */
export function handoffDefinition(handoff: ResolvedHandoff): Record<string, unknown> {
  return {
    type: 'function',
    name: handoff.toolName,
    description: handoff.description,
    parameters: NO_PARAMETERS,
    strict: true,
  };
}

/**
 * Finds the agent named `name` among `start` and the agents its handoffs reach (as a resumed
 * run must: it continues with the agent the state was paused with).
 *
 * @throws {ConfigurationError} when two different agents the handoffs reach share the name.
 * @example
 * ```ts
 * import type { AnyAgent, RunState } from '@turnkit/core';
 * import { findAgent } from './agent-graph.js';
 * declare const triage: AnyAgent;
 * declare const state: RunState;
 * const current = findAgent(triage, state.agentName); // billing, after a handoff
 * ```
 */
export function findAgent(start: AnyAgent, name: string): AnyAgent | undefined {
  const queue: AnyAgent[] = [start];
  const visited = new Set<AnyAgent>();
  let found: AnyAgent | undefined;
  while (queue.length > 0) {
    const agent = queue.shift()!;
    if (visited.has(agent)) continue;
    visited.add(agent);
    if (agent.name === name) {
      if (found && found.config !== agent.config) {
        throw new ConfigurationError(
          'agent.handoffs',
          `Two different agents reached by handoffs from "${start.name}" are named "${name}"; give them distinct names.`,
        );
      }
      found ??= agent;
    }
    for (const handoff of resolveHandoffs(agent)) queue.push(handoff.target);
  }
  return found;
}

import { type ResponsesClient, resolveClient } from '../client/resolve-client.js';
import type { ClientSource } from '../connection/client-source.js';
import type { ActiveAgent } from './active-agent.js';

/** Where an agent's requests go. */
export type Target = { client: ResponsesClient; model: string };

/**
 * Where each agent of a run sends its requests: the run's client, else the agent's, else the
 * fallback (the agent run's, or a nested run's parent's), resolved once per agent.
 */
export class Targets {
  readonly #client: ClientSource | undefined;
  readonly #fallback: ClientSource | undefined;
  /** The first agent's (most runs have one), and the others' (after handoffs). */
  #firstAgent: ActiveAgent | undefined;
  #first: Target | undefined;
  #others: Map<ActiveAgent, Target> | undefined;

  constructor(client: ClientSource | undefined, fallback: ClientSource | undefined) {
    this.#client = client;
    this.#fallback = fallback;
  }

  of(active: ActiveAgent): Target {
    if (this.#firstAgent === active) return this.#first!;
    let found = this.#others?.get(active);
    if (!found) {
      found = resolveClient(this.#client, active.config.client ?? this.#fallback, active.config.model);
      if (!this.#firstAgent) {
        this.#firstAgent = active;
        this.#first = found;
      } else {
        this.#others ??= new Map();
        this.#others.set(active, found);
      }
    }
    return found;
  }
}

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
  #first: [ActiveAgent, Target] | undefined;
  #others: Map<ActiveAgent, Target> | undefined;

  constructor(client: ClientSource | undefined, fallback: ClientSource | undefined) {
    this.#client = client;
    this.#fallback = fallback;
  }

  of(active: ActiveAgent): Target {
    if (this.#first?.[0] === active) return this.#first[1];
    let found = this.#others?.get(active);
    if (!found) {
      found = resolveClient(this.#client, active.config.client ?? this.#fallback, active.config.model);
      if (!this.#first) {
        this.#first = [active, found];
      } else {
        this.#others ??= new Map();
        this.#others.set(active, found);
      }
    }
    return found;
  }
}

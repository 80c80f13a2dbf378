import { type ResponsesClient, resolveClient } from '../client/resolve-client.js';
import type { ClientSource } from '../connection/client-source.js';
import type { ActiveAgent } from './active-agent.js';

/** Where an agent's requests go. */
export type Target = {
  client: ResponsesClient;
  model: string;
  /**
   * What every request of the agent to this target sends besides its input and chaining (made on
   * the first request: see {@link requestPrefix}).
   */
  prefix?: Readonly<Record<string, unknown>>;
};

/**
 * The members every request of `active` to `target` has before its input and chaining: the
 * agent's settings, the model, instructions, tools and `background`. The same each turn of a run,
 * so it is made once per run and agent, not per turn.
 */
export function requestPrefix(target: Target, active: ActiveAgent): Readonly<Record<string, unknown>> {
  if (target.prefix) return target.prefix;
  const config = active.config;
  target.prefix = {
    ...active.settings,
    model: target.model,
    ...(config.instructions !== undefined ? { instructions: config.instructions } : {}),
    ...(active.definitions.length ? { tools: active.definitions } : {}),
    ...(config.background ? { background: true } : {}),
  };
  return target.prefix;
}

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
      const { client, model } = resolveClient(
        this.#client,
        active.config.client ?? this.#fallback,
        active.config.model,
      );
      // `prefix` from the start: added later, it would cost the target a property array.
      found = { client, model, prefix: undefined };
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

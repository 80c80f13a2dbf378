import * as restate from '@restatedev/restate-sdk';
import { type Agent, type ClientSource, ConfigurationError, type ConversationSnapshot } from '@turnkit/core';
import type {
  ConversationStatus,
  DurableRunRecord,
  DurableRunResult,
  EventsPage,
  EventsRequest,
  StartRunRequest,
} from '../contract/wire.js';
import { approvalsObject } from './approvals-object.js';
import { eventCount, readEvents } from './event-log.js';
import { refuse } from './refuse.js';
import type { ModelRetryPolicy } from './restate-steps.js';
import { type ApprovalsApi, KEYS, runConversation } from './run-handler.js';
import { parseEventsRequest, parseRunIdRequest } from './validate.js';

/** Options of {@link durableAgent}. */
export interface DurableAgentOptions<Deps = unknown> {
  /** The agent to run durably, from `createAgent()`. Its tools run on the workers. */
  agent: Agent<Deps>;
  /**
   * The Restate name of the conversation object (default: the agent's name). The approvals
   * object is named `<name>-approvals`. Letters, digits, `_` and `-`, starting with a letter.
   */
  name?: string;
  /** Dependencies handed to every tool as `ctx.deps` (built in the worker process). */
  deps?: Deps;
  /** Where the agent's requests go, when not the agent's own `client`. */
  client?: ClientSource;
  /** How a model turn that fails transiently (429, 5xx, a dropped stream) is retried. */
  modelRetry?: ModelRetryPolicy;
  /**
   * Restate options of the conversation object (e.g. `inactivityTimeout` for tools that take
   * longer than Restate's default of one minute without a journal entry, `journalRetention`).
   */
  restateOptions?: restate.ObjectOptions;
}

/** The handlers of a conversation object, as the typed Restate clients see them. */
export interface ConversationApi {
  /** Runs the agent on this conversation (exclusive: one run at a time per conversation key). */
  run: (ctx: restate.ObjectContext, request: StartRunRequest) => Promise<DurableRunResult>;
  /** The published events of this conversation's runs from an offset (shared: reads while a run goes on). */
  events: (ctx: restate.ObjectSharedContext, request?: EventsRequest) => Promise<EventsPage>;
  /** The conversation's strategy, run count and the run going on, if any. */
  status: (ctx: restate.ObjectSharedContext) => Promise<ConversationStatus>;
  /** One run's record: its status, pending approvals and result when it finished. */
  runStatus: (ctx: restate.ObjectSharedContext, request: { runId: string }) => Promise<DurableRunRecord>;
  /** The conversation as kept in object state (JSON snapshot). */
  conversation: (ctx: restate.ObjectSharedContext) => Promise<ConversationSnapshot>;
}

/** A turnkit agent as Restate services: bind `services` to an endpoint (see {@link serveDurableAgent}). */
export interface DurableAgent {
  /** The conversation object's name: the first path segment of its ingress URLs. */
  readonly name: string;
  /** The approvals object's name. */
  readonly approvalsName: string;
  /** The two virtual objects, to bind to a Restate endpoint. */
  readonly services: readonly [
    restate.VirtualObjectDefinition<string, ConversationApi>,
    restate.VirtualObjectDefinition<string, unknown>,
  ];
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

async function statusOf(
  ctx: restate.ObjectSharedContext,
  strategy: 'server' | 'stateless',
): Promise<ConversationStatus> {
  const runs = await ctx.get<number>(KEYS.runs);
  if (!runs) {
    throw refuse(
      'conversation_unknown',
      `There is no conversation "${ctx.key}": no run was ever started on it.`,
    );
  }
  const current = await ctx.get<string>(KEYS.current);
  const stored = await ctx.get<ConversationSnapshot>(KEYS.conversation);
  return {
    conversationId: ctx.key,
    strategy: stored?.strategy ?? strategy,
    runs,
    ...(current ? { current } : {}),
    events: await eventCount(ctx),
  };
}

/**
 * Makes an agent durable on Restate: a **virtual object keyed by conversation id** whose
 * exclusive `run` handler runs the agent's loop with every model turn and tool call journaled
 * (`ctx.run`), its conversation in the object's K/V state, and approvals as awakeables; shared
 * handlers (`events`, `status`, `runStatus`, `conversation`) read it while a run goes on. A
 * second object, `<name>-approvals`, takes decisions, once per approval.
 *
 * Restate runs one `run` at a time per conversation (the object's exclusivity); more runs sent
 * meanwhile wait in its queue, in order.
 *
 * @throws {ConfigurationError} for a missing agent or a name Restate cannot take.
 * @example
 * ```ts
 * import { connectFromEnv, createAgent } from '@turnkit/core';
 * import { durableAgent, registerDeployment, serveDurableAgent, startRestateServer } from '@turnkit/restate';
 * import type { Tool } from '@turnkit/tools';
 * declare const pay: Tool<{ invoice: string }>; // needs approval
 * const client = await connectFromEnv();
 * const { adminUrl } = await startRestateServer();
 * const payments = durableAgent({ agent: createAgent({ name: 'payments', tools: [pay], client }) });
 * const worker = await serveDurableAgent(payments, { port: 9080 });
 * await registerDeployment(adminUrl, worker.url);
 * ```
 * @see https://docs.restate.dev/concepts/services#virtual-objects
 */
export function durableAgent<Deps = unknown>(options: DurableAgentOptions<Deps>): DurableAgent {
  const agent = options?.agent;
  if (!agent || typeof agent.stream !== 'function' || !agent.config) {
    throw new ConfigurationError('durableAgent.agent', '`agent` must be an agent from createAgent().');
  }
  const name = options.name ?? agent.config.name;
  if (!NAME.test(name)) {
    throw new ConfigurationError(
      'durableAgent.name',
      `"${name}" cannot name a Restate service: use letters, digits, _ and -, starting with a letter (set \`name\`).`,
    );
  }
  const strategy = agent.config.strategy ?? 'server';
  const approvalsName = `${name}-approvals`;
  const conversationRef = { name } as restate.VirtualObjectDefinition<string, ConversationApi>;
  const approvals = approvalsObject(approvalsName, async (ctx, conversationId) => {
    try {
      return await ctx.objectClient(conversationRef, conversationId).status();
    } catch (error) {
      if (error instanceof restate.TerminalError && error.code === 404) return undefined;
      throw error;
    }
  });
  const setup = {
    agent,
    deps: options.deps,
    client: options.client,
    modelRetry: options.modelRetry,
    approvals: approvals as unknown as restate.VirtualObjectDefinition<string, ApprovalsApi>,
  };
  const conversation = restate.object({
    name,
    description: `turnkit agent "${agent.config.name}": one virtual object per conversation.`,
    handlers: {
      run: (ctx: restate.ObjectContext, request: StartRunRequest) => runConversation(ctx, request, setup),
      events: restate.handlers.object.shared(
        async (ctx: restate.ObjectSharedContext, request?: EventsRequest): Promise<EventsPage> => {
          const { after, limit } = parseEventsRequest(request);
          await statusOf(ctx, strategy);
          return readEvents(ctx, after, limit);
        },
      ),
      status: restate.handlers.object.shared((ctx: restate.ObjectSharedContext) => statusOf(ctx, strategy)),
      runStatus: restate.handlers.object.shared(
        async (ctx: restate.ObjectSharedContext, request: { runId: string }): Promise<DurableRunRecord> => {
          const runId = parseRunIdRequest(request);
          await statusOf(ctx, strategy);
          const record = await ctx.get<DurableRunRecord>(KEYS.run(runId));
          if (!record) throw refuse('run_unknown', `No run "${runId}" in conversation "${ctx.key}".`);
          return record;
        },
      ),
      conversation: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext) => {
        await statusOf(ctx, strategy);
        const stored = await ctx.get<ConversationSnapshot>(KEYS.conversation);
        if (!stored) throw refuse('conversation_unknown', `Conversation "${ctx.key}" has no items yet.`);
        return stored;
      }),
    },
    ...(options.restateOptions ? { options: options.restateOptions } : {}),
  });
  const services = [conversation, approvals] as unknown as DurableAgent['services'];
  return Object.freeze({ name, approvalsName, services });
}

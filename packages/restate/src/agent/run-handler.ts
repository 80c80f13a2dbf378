import {
  type ObjectContext,
  RestatePromise,
  TerminalError,
  type VirtualObjectDefinition,
} from '@restatedev/restate-sdk';
import {
  type Agent,
  type ApprovalDecisions,
  type ApprovalRequest,
  addUsage,
  type ClientSource,
  Conversation,
  type ConversationSnapshot,
  emptyUsage,
  type RunEvent,
  type RunInput,
  type RunResult,
} from '@turnkit/core';
import type { DurableRunRecord, DurableRunResult, GivenDecision } from '../contract/wire.js';
import { EventLog } from './event-log.js';
import { PUBLISHED_TYPES, summarizeError, toPublished } from './publish.js';
import { refuse } from './refuse.js';
import { type ModelRetryPolicy, RestateSteps } from './restate-steps.js';
import { approvalKey, parseStartRequest } from './validate.js';

/** The state keys of a conversation object. */
export const KEYS = {
  conversation: 'conversation',
  runs: 'runs',
  current: 'current',
  run: (runId: string) => `run/${runId}`,
} as const;

/** What an approval object's `open` handler takes. */
export interface OpenApproval {
  awakeableId: string;
  runId: string;
  request: ApprovalRequest;
}

/** The approval handlers a run calls (see approvals-object.ts). */
export interface ApprovalsApi {
  open: (ctx: ObjectContext, request: OpenApproval) => Promise<void>;
  close: (ctx: ObjectContext, request: { reason: string }) => Promise<void>;
}

/** What a run handler needs from the durable agent's definition. */
export interface RunSetup<Deps> {
  agent: Agent<Deps>;
  deps: Deps | undefined;
  client: ClientSource | undefined;
  modelRetry: ModelRetryPolicy | undefined;
  approvals: VirtualObjectDefinition<string, ApprovalsApi>;
}

/**
 * The `run` handler of a conversation object: one durable run of the agent on the
 * conversation kept in the object's state. Restate runs one such handler at a time per
 * conversation; a second run waits in Restate's queue until the first ends.
 *
 * The run is the core loop with {@link RestateSteps}: every model turn and tool call is
 * journaled. When the loop stops for approvals, the handler registers each with its approval
 * object, publishes `approval_waiting` and awaits one awakeable per approval: the invocation
 * suspends (no process holds it) until the decisions arrive, then the loop resumes from the
 * interrupted state with them.
 */
export async function runConversation<Deps>(
  ctx: ObjectContext,
  raw: unknown,
  setup: RunSetup<Deps>,
): Promise<DurableRunResult> {
  const request = parseStartRequest(raw);
  const conversationId = ctx.key;
  const strategy = setup.agent.config.strategy ?? 'server';
  const stored = await ctx.get<ConversationSnapshot>(KEYS.conversation);
  if (stored && stored.strategy !== strategy) {
    throw refuse(
      'input_invalid',
      `Conversation "${conversationId}" holds a "${stored.strategy}" conversation, but this agent runs "${strategy}" ones.`,
    );
  }
  const runId = request.runId ?? `run_${ctx.rand.uuidv4()}`;
  if (await ctx.get<DurableRunRecord>(KEYS.run(runId))) {
    throw refuse(
      'input_invalid',
      `Run "${runId}" already exists in conversation "${conversationId}"; give a new runId.`,
    );
  }
  const session = {
    load: async () => [],
    append: async () => ctx.set(KEYS.conversation, conversation.toJSON()),
  };
  const conversation: Conversation = stored
    ? Conversation.fromJSON(stored, { session })
    : new Conversation({ strategy, session });
  const empty = request.input.length === 0;
  if (empty && conversation.pending.length === 0) {
    throw refuse('input_invalid', 'The run has no input: give a non-empty message or input items.');
  }

  // Checked; from here on the run changes state.
  const number = ((await ctx.get<number>(KEYS.runs)) ?? 0) + 1;
  const log = await EventLog.open(ctx, runId);
  const record: DurableRunRecord = { runId, number, status: 'running', firstEvent: log.count, waiting: [] };
  ctx.set(KEYS.runs, number);
  ctx.set(KEYS.current, runId);
  ctx.set(KEYS.run(runId), record);

  const abort = new AbortController();
  const signal = AbortSignal.any([abort.signal, ctx.request().attemptCompletedSignal]);
  const steps = new RestateSteps(ctx, log, abort, setup.modelRetry);
  const decisions: GivenDecision[] = [];
  let usage = emptyUsage();
  let turns = 0;
  let input: RunInput = request.input;
  let last: RunResult | undefined;

  const listener = (event: RunEvent): void => {
    const published = toPublished(event);
    if (!published) return;
    const inStep = steps.capture.getStore();
    if (inStep) inStep.push(published);
    else log.push(published);
  };

  const finish = (status: DurableRunResult['status'], error?: unknown): DurableRunResult => {
    const result: DurableRunResult = {
      runId,
      conversationId,
      status,
      output: last?.output ?? '',
      turns,
      usage,
      ...(status === 'incomplete' && last?.incompleteReason
        ? { incompleteReason: last.incompleteReason }
        : {}),
      ...(error !== undefined ? { error: summarizeError(error) } : {}),
      decisions,
    };
    ctx.set(KEYS.run(runId), { ...record, status, waiting: [], result } satisfies DurableRunRecord);
    ctx.clear(KEYS.current);
    log.push({ type: 'run_ended', runId, turn: turns, result });
    log.flush();
    return result;
  };

  for (let segment = 1; ; segment++) {
    const stream = setup.agent.stream(input, {
      conversation,
      steps,
      runId: segment === 1 ? runId : `${runId}.${segment}`,
      signal,
      deps: setup.deps as Deps,
      ...(request.maxTurns !== undefined ? { maxTurns: request.maxTurns } : {}),
      ...(setup.client !== undefined ? { client: setup.client } : {}),
    });
    for (const type of PUBLISHED_TYPES) stream.on(type as never, listener as never);
    try {
      last = await stream.result;
    } catch (error) {
      const partial = (error as { partial?: RunResult }).partial;
      if (partial) {
        last = partial;
        turns += partial.turns;
        usage = addUsage(usage, partial.usage);
      }
      if (ctx.request().attemptCompletedSignal.aborted) throw error; // this attempt is over anyway
      const result = finish(steps.cancelled ? 'cancelled' : 'failed', error);
      if (steps.cancelled) throw new TerminalError(`Run "${runId}" was cancelled.`, { errorCode: 409 });
      return result;
    }
    turns += last.turns;
    usage = addUsage(usage, last.usage);
    if (last.status !== 'interrupted' || !last.state) {
      return finish(last.status === 'completed' || last.status === 'incomplete' ? last.status : 'failed');
    }

    // Wait, durably, for a decision on every approval of the interrupted run.
    const waiting = last.interruptions;
    const awakeables = waiting.map(() => ctx.awakeable<{ approve: boolean; reason?: string }>());
    const approvals = waiting.map((request) =>
      ctx.objectClient(setup.approvals, approvalKey(conversationId, request.id)),
    );
    await RestatePromise.all(
      waiting.map((request, index) =>
        approvals[index]!.open({ awakeableId: awakeables[index]!.id, runId, request }),
      ),
    );
    ctx.set(KEYS.run(runId), { ...record, status: 'waiting', waiting } satisfies DurableRunRecord);
    for (const request of waiting) log.push({ type: 'approval_waiting', runId, turn: turns, request });
    log.flush();
    let answers: Array<{ approve: boolean; reason?: string }>;
    try {
      answers = await RestatePromise.all(awakeables.map((awakeable) => awakeable.promise));
    } catch (error) {
      if (!(error instanceof TerminalError)) throw error;
      steps.cancel();
      for (const approval of waiting) {
        ctx
          .objectSendClient(setup.approvals, approvalKey(conversationId, approval.id))
          .close({ reason: 'the run was cancelled' });
      }
      finish('cancelled', error);
      throw new TerminalError(`Run "${runId}" was cancelled while it waited for approvals.`, {
        errorCode: 409,
      });
    }
    const given: ApprovalDecisions = {};
    waiting.forEach((request, index) => {
      const answer = answers[index]!;
      given[request.id] = answer;
      decisions.push({
        approvalId: request.id,
        approve: answer.approve,
        ...(answer.reason ? { reason: answer.reason } : {}),
      });
    });
    ctx.set(KEYS.run(runId), { ...record, status: 'running', waiting: [] } satisfies DurableRunRecord);
    input = last.state.withDecisions(given);
  }
}

import type { ApprovalRequest } from '@turnkit/tools';
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import { RunAbortedError } from '../run-errors/run-errors.js';
import type { ActiveAgent } from './active-agent.js';
import { type ApprovalSources, runsAtOnce, type SettledActions, settleActions } from './approvals.js';
import { applyHandoff } from './handoff-step.js';
import type { LoopContext } from './loop-context.js';
import type { NestedPause, NestedResume, TurnHooks } from './nested-run.js';
import { computerOf, type ModelCall } from './run-computer-calls.js';
import { answered, startToolCalls } from './run-tool-calls.js';
import { type ToolCallBatch, withCalls } from './tool-context.js';

/** What a turn's actions left waiting: requests nobody decided, and agents run as tools that paused. */
const NO_RESUMES: ReadonlyMap<string, NestedResume> = new Map();

const NO_CALLS: Extract<ModelCall, { type: 'function_call' }>[] = [];

/** The paused agent tools of a turn that has none yet (shared: replaced, never changed, when one pauses). */
const NO_PAUSES: NestedPause[] = Object.freeze([]) as unknown as NestedPause[];

export interface Settlement {
  pending: ApprovalRequest[];
  nested: NestedPause[];
}

/**
 * Settles actions with one agent's tools and policies (see `settleActions`), with the turn's
 * hooks (tool guardrails, agents run as tools and the nested runs to resume), and queues what
 * they produced for the next request. Returns what waits and the hooks (whose `stop` the caller
 * checks once everything of the turn is queued).
 */
export function settleWith(
  loop: LoopContext,
  active: ActiveAgent,
  calls: readonly ModelCall[],
  requests: readonly ApprovalRequest[],
  resumes: ReadonlyMap<string, NestedResume> = NO_RESUMES,
): Promise<{ pending: ApprovalRequest[]; hooks: TurnHooks }> {
  const hooks = turnHooks(loop, active, resumes);
  // Not an async function: nothing of this frame needs to stay alive while the calls run.
  return settleActions(calls, requests, approvalSources(loop, active), batchOf(loop, active, hooks)).then(
    (settled) => {
      queueSettled(loop, settled);
      return { pending: settled.pending, hooks };
    },
  );
}

/** The hooks of a turn's actions: its tool guardrails, its agents run as tools, what they report. */
function turnHooks(
  loop: LoopContext,
  active: ActiveAgent,
  resumes: ReadonlyMap<string, NestedResume>,
): TurnHooks {
  return {
    host: loop.host,
    resumes,
    toolGuardrails: active.config.toolGuardrails as TurnHooks['toolGuardrails'],
    paused: NO_PAUSES,
    stop: undefined,
  };
}

function approvalSources(loop: LoopContext, active: ActiveAgent): ApprovalSources {
  const config = active.config;
  return {
    hosted: config.hostedTools,
    agentPolicy: config.approval,
    runApprover: loop.options.approver,
    decisions: loop.decisions,
    ...(loop.boundCalls ? { calls: loop.boundCalls } : {}),
  };
}

/** Queues what settled actions produced for the next request. */
function queueSettled(loop: LoopContext, settled: SettledActions): void {
  loop.run.conversation.push(settled.items, { keepScreenshots: settled.keepScreenshots });
  loop.run.keep(settled.items);
}

/** What the tool runtime gets for one agent's calls of the run's current turn. */
export function batchOf(
  loop: LoopContext,
  active: ActiveAgent,
  hooks?: TurnHooks,
): Omit<ToolCallBatch, 'calls'> {
  const { run, options } = loop;
  const config = active.config;
  return {
    tools: config.tools,
    concurrency: config.toolConcurrency,
    signal: loop.signal,
    runId: run.runId,
    turn: run.turn,
    agent: config.name,
    depth: run.depth,
    deps: options.deps,
    emit: run.emit,
    steps: loop.steps,
    computer: computerOf(config),
    hooks,
  };
}

function isHandoff(active: ActiveAgent, call: ModelCall): boolean {
  return call.type === 'function_call' && active.handoffs.has(call.name);
}

/**
 * Settles one turn of the agent the run is with: its function calls (handoff calls apart) and
 * approval requests, then its handoff, if the model called one (see `applyHandoff`). Saves the
 * conversation.
 *
 * @throws {RunAbortedError} when the run was aborted meanwhile (what was produced is kept).
 * @throws the first tripwire (or failed guardrail) of the turn's tool calls, once their outputs
 *   are queued, so the conversation stays valid.
 */
export function settleTurn(
  loop: LoopContext,
  calls: readonly ModelCall[],
  requests: readonly ApprovalRequest[],
): Promise<Settlement> {
  const { run } = loop;
  const active = run.active;
  const handoffCalls = active.handoffs.size
    ? calls.filter((c): c is Extract<ModelCall, { type: 'function_call' }> => isHandoff(active, c))
    : NO_CALLS;
  const toolCalls = handoffCalls.length ? calls.filter((c) => !isHandoff(active, c)) : calls;
  // Without tool guardrails or agents run as tools, nothing reports back: no hooks to keep.
  const hooks = active.hooked ? turnHooks(loop, active, NO_RESUMES) : undefined;
  const batch = batchOf(loop, active, hooks);
  // Not an async function: while the calls run, only this continuation waits with them.
  const after = (settled: SettledActions): Settlement | Promise<Settlement> => {
    queueSettled(loop, settled);
    const pending = settled.pending;
    if (handoffCalls.length > 0 && hooks?.stop) {
      const outputs = handoffCalls.map((call) => ({
        type: 'function_call_output' as const,
        call_id: call.call_id,
        output: 'Not handed off: the run stopped before the handoff.',
      }));
      run.conversation.push(outputs);
      run.keep(outputs);
    } else if (handoffCalls.length > 0) {
      applyHandoff(loop, handoffCalls, pending.length > 0 || (hooks?.paused.length ?? 0) > 0);
      // Requests left waiting belong to the agent that asked, not to the one handed to.
      for (const request of pending) request.agent ??= active.config.name;
    }
    const done = (): Settlement => {
      if (loop.signal.aborted) throw new RunAbortedError(loop.signal.reason);
      if (hooks?.stop) throw hooks.stop;
      return { pending, nested: hooks?.paused ?? NO_PAUSES };
    };
    return run.conversation.session ? run.conversation.save().then(done) : done();
  };
  // Most turns: calls that run at once; their outputs are the settled items (see settleActions).
  if (runsAtOnce(toolCalls, requests, batch.tools)) {
    return startToolCalls(withCalls(batch, toolCalls as ResponseFunctionToolCall[])).then((outputs) =>
      after({ items: answered(outputs), pending: [] }),
    );
  }
  return settleActions(toolCalls, requests, approvalSources(loop, active), batch).then(after);
}

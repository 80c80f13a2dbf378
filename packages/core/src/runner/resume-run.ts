import type { ApprovalDecision, ApprovalRequest } from '@turnkit/tools';
import { RunStateTamperedError } from '../errors/run-state-errors.js';
import type { ResumeInput } from '../run-state/run-state.js';
import { activateAgent } from './active-agent.js';
import { findAgent } from './agent-graph.js';
import type { LoopContext } from './loop-context.js';
import type { NestedResume } from './nested-run.js';
import { beginResume } from './resume.js';
import type { Settlement } from './settle-turn.js';
import { settleWith } from './settle-turn.js';

/**
 * Resumes an interrupted run before its next turn: binds the state's own approvals and the calls
 * of its paused nested runs to the model's calls (see `beginResume`), answers the decided
 * approvals with the tools of the agent each belongs to, and resumes each nested run (the agent
 * tool's call runs again, continuing its saved run with the decisions meant for it). Returns what
 * still waits.
 *
 * @throws {RunStateConsumedError} | {RunStateTamperedError} from binding (nothing ran).
 * @throws the first tripwire of the resumed calls' tool guardrails (see `settleWith`).
 */
export async function resumeRun(loop: LoopContext, resume: ResumeInput): Promise<Settlement> {
  const { state, decisions } = resume;
  const { run } = loop;
  const owner = new Map<string, (typeof state.nested)[number]>();
  for (const nested of state.nested)
    for (const request of nested.state.approvals) owner.set(request.id, nested);
  const own = state.approvals.filter((request) => !owner.has(request.id));
  const bound = await beginResume(state, loop.client, loop.requestOptions, {
    approvals: own,
    nestedCalls: state.nested,
  });
  loop.boundCalls = bound;
  const pending: ApprovalRequest[] = [];
  const paused: Settlement['nested'] = [];
  const agentOf = (name: string) => {
    if (name === run.active.config.name) return run.active;
    const agent = findAgent(loop.start, name);
    if (!agent) {
      throw new RunStateTamperedError(
        'unknown_call',
        `The run state waits for the agent "${name}", which no handoff of "${loop.start.name}" reaches. Nothing was run.`,
        state.runId,
      );
    }
    return activateAgent(agent, run.conversation.strategy);
  };
  const byAgent = new Map<string, ApprovalRequest[]>();
  for (const request of own) {
    const name = request.agent ?? state.agentName;
    byAgent.set(name, [...(byAgent.get(name) ?? []), request]);
  }
  for (const [name, requests] of byAgent) {
    const settled = await settleWith(loop, agentOf(name), [], requests);
    pending.push(
      ...settled.pending.map((r) => (name === run.active.config.name ? r : { ...r, agent: name })),
    );
    paused.push(...settled.hooks.paused);
    if (settled.hooks.stop) throw settled.hooks.stop;
  }
  const nestedByAgent = new Map<string, typeof state.nested>();
  for (const nested of state.nested)
    nestedByAgent.set(nested.agent, [...(nestedByAgent.get(nested.agent) ?? []), nested]);
  for (const [name, list] of nestedByAgent) {
    const resumes = new Map<string, NestedResume>(
      list.map((nested) => [
        nested.callId,
        { state: nested.state, decisions: decisionsFor(nested.state.approvals, decisions) },
      ]),
    );
    const calls = list.map((nested) => bound.get(nested.callId)!);
    const settled = await settleWith(loop, agentOf(name), calls, [], resumes);
    pending.push(...settled.pending);
    paused.push(...settled.hooks.paused);
    if (settled.hooks.stop) throw settled.hooks.stop;
  }
  await run.conversation.save();
  return { pending, nested: paused };
}

/** The decisions among `all` for the requests of one nested run. */
function decisionsFor(
  requests: readonly ApprovalRequest[],
  all: ReadonlyMap<string, ApprovalDecision>,
): ReadonlyMap<string, ApprovalDecision> {
  const mine = new Map<string, ApprovalDecision>();
  for (const request of requests) {
    const decision = all.get(request.id);
    if (decision) mine.set(request.id, decision);
  }
  return mine;
}

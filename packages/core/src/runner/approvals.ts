import {
  type ApprovalDecision,
  type ApprovalPolicy,
  type ApprovalRequest,
  type Approver,
  type HostedMcpTool,
  parseToolInputAsync,
  type Tool,
  type ToolContext,
} from '@turnkit/tools';
import type {
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseOutputItem,
} from 'openai/resources/responses/responses';
import { RunStateTamperedError } from '../errors/run-state-errors.js';
import type { EmitFn, EventBase } from '../run/events.js';
import { wants } from '../run/wants.js';
import {
  decidedComputerWork,
  type ModelCall,
  planComputerCalls,
  runComputerWork,
} from './run-computer-calls.js';
import { answered, runToolCalls, startToolCalls, type ToolCallBatch, toolContext } from './run-tool-calls.js';
import { withCalls } from './tool-context.js';

/** Who decided an approval request. */
export type DecidedBy = 'deny_list' | 'allow_list' | 'approver' | 'resume';

/** Everything that can decide approvals during a run. */
export interface ApprovalSources {
  hosted: ReadonlyMap<string, HostedMcpTool>;
  agentPolicy: ApprovalPolicy | undefined;
  runApprover: Approver | undefined;
  /** Decisions given when resuming, by request id. */
  decisions: ReadonlyMap<string, ApprovalDecision> | undefined;
  /** The model's own function (and computer) calls that a resumed run's approvals answer, by `call_id` (see `bindApprovals`). */
  calls?: ReadonlyMap<string, ModelCall>;
}

/** An `mcp_approval_request` output item as an {@link ApprovalRequest}. */
export function mcpApprovalRequests(output: readonly ResponseOutputItem[]): ApprovalRequest[] {
  return output.flatMap((item) =>
    item.type === 'mcp_approval_request'
      ? [
          {
            kind: 'mcp' as const,
            id: item.id,
            serverLabel: item.server_label,
            toolName: item.name,
            arguments: item.arguments,
          },
        ]
      : [],
  );
}

async function consult(
  approver: Approver | undefined,
  request: ApprovalRequest,
): Promise<ApprovalDecision | undefined> {
  if (!approver) return undefined;
  const answer = await approver({ ...request });
  if (answer === undefined) return undefined;
  if (typeof answer === 'boolean') return { approve: answer };
  if (answer && typeof answer.approve === 'boolean') return answer;
  throw new TypeError(
    `An approver returned ${JSON.stringify(answer)}; return true, false, { approve, reason } or undefined.`,
  );
}

/**
 * Decides one request: resume decisions first, then deny lists (deny wins), allow lists, then the
 * approvers (the server's, the run's, the agent's); `undefined` when nobody decides.
 */
export async function decide(
  request: ApprovalRequest,
  sources: ApprovalSources,
): Promise<{ decision: ApprovalDecision; by: DecidedBy } | undefined> {
  const given = sources.decisions?.get(request.id);
  if (given) return { decision: given, by: 'resume' };
  const policies = [
    request.kind === 'mcp' && request.serverLabel
      ? sources.hosted.get(request.serverLabel)?.policy
      : undefined,
    sources.agentPolicy,
  ];
  for (const policy of policies) {
    if (policy?.deny?.includes(request.toolName)) {
      return {
        decision: { approve: false, reason: `The tool "${request.toolName}" is on the deny list.` },
        by: 'deny_list',
      };
    }
  }
  for (const policy of policies) {
    if (policy?.allow?.includes(request.toolName)) return { decision: { approve: true }, by: 'allow_list' };
  }
  for (const approver of [policies[0]?.approver, sources.runApprover, sources.agentPolicy?.approver]) {
    const decision = await consult(approver, request);
    if (decision) return { decision, by: 'approver' };
  }
  return undefined;
}

/**
 * Whether a function call needs approval before it runs. A `needsApproval` function sees the
 * parsed arguments; arguments that do not parse need none (the tool runtime reports them), and a
 * `needsApproval` that throws counts as "yes" (fail closed).
 */
async function needsApproval(tool: Tool, call: ResponseFunctionToolCall, ctx: ToolContext): Promise<boolean> {
  if (typeof tool.needsApproval === 'boolean') return tool.needsApproval;
  const parsed = await parseToolInputAsync(tool, call.arguments);
  if (!parsed.ok) return false;
  try {
    return await tool.needsApproval(parsed.value, ctx);
  } catch {
    return true;
  }
}

/** What one turn's actions produced: items for the next request, and requests still undecided. */
export interface SettledActions {
  items: ResponseInputItem[];
  pending: ApprovalRequest[];
  /** Set when `items` hold screenshots: how many of the newest to keep in full (see `Conversation.push`). */
  keepScreenshots?: number;
}

/**
 * Settles a turn's actions: runs the function calls that need no approval, decides approval
 * requests (hosted MCP requests, function calls that need approval, or requests carried over by a
 * resumed run), answers the decided ones (`mcp_approval_response`, or the call's output / a
 * rejection the model reads), and returns what is still undecided.
 */
export function settleActions(
  modelCalls: readonly ModelCall[],
  requests: readonly ApprovalRequest[],
  sources: ApprovalSources,
  batch: Omit<ToolCallBatch, 'calls'>,
): Promise<SettledActions> {
  // Most turns: function calls that need no approval, and nothing to decide. Their outputs are
  // the items, in the order of the calls; no frame of this function waits while they run.
  if (runsAtOnce(modelCalls, requests, batch.tools)) {
    return startToolCalls(withCalls(batch, modelCalls as ResponseFunctionToolCall[])).then((outputs) => ({
      items: answered(outputs),
      pending: [],
    }));
  }
  return settleAll(modelCalls, requests, sources, batch);
}

/**
 * Whether a turn's actions are only function calls that run without approval (of a tool whose
 * `needsApproval` is the constant `false`, or of no tool: the runtime answers that), each with
 * its own `call_id`: then their outputs, in the order of the calls, are what settles them.
 */
export function runsAtOnce(
  calls: readonly ModelCall[],
  requests: readonly ApprovalRequest[],
  tools: ReadonlyMap<string, Tool>,
): boolean {
  if (requests.length > 0) return false;
  for (let index = 0; index < calls.length; index++) {
    const call = calls[index]!;
    if (call.type !== 'function_call') return false;
    const tool = tools.get(call.name);
    if (tool && tool.needsApproval !== false) return false;
    for (let other = 0; other < index; other++) if (calls[other]!.call_id === call.call_id) return false;
  }
  return true;
}

async function settleAll(
  modelCalls: readonly ModelCall[],
  requests: readonly ApprovalRequest[],
  sources: ApprovalSources,
  batch: Omit<ToolCallBatch, 'calls'>,
): Promise<SettledActions> {
  const base = { runId: batch.runId, turn: batch.turn, agent: batch.agent, depth: batch.depth };
  // An approved call runs exactly as the model made it: this turn's calls, or a resumed run's bound ones.
  const made = new Map<string, ModelCall>([
    ...(sources.calls ?? []),
    ...modelCalls.map((c) => [c.call_id, c] as const),
  ]);
  const calls = modelCalls.filter((c): c is ResponseFunctionToolCall => c.type === 'function_call');
  const direct: ResponseFunctionToolCall[] = [];
  const asks: ApprovalRequest[] = [...requests];
  const computerWork = planComputerCalls(modelCalls, asks);
  for (const call of calls) {
    const tool = batch.tools.get(call.name);
    // A constant `needsApproval` (most tools: `false`) is read without a context or an await.
    const ask = tool?.needsApproval;
    if (
      tool &&
      ask !== false &&
      (ask === true || (await needsApproval(tool, call, toolContext(call, batch))))
    ) {
      asks.push({ kind: 'function', id: call.call_id, toolName: call.name, arguments: call.arguments });
    } else {
      direct.push(call);
    }
  }
  // Function outputs go back in the order of the calls (carried-over calls after them), then MCP answers.
  const outputs = new Map<string, ResponseInputItem>();
  if (direct.length > 0) {
    for (const output of await runToolCalls(withCalls(batch, direct))) outputs.set(output.call_id!, output);
  }
  const mcpAnswers: ResponseInputItem[] = [];
  const pending: ApprovalRequest[] = [];
  const approvedCalls: ResponseFunctionToolCall[] = [];
  for (const request of asks) {
    emitOnce(batch.emit, request, base, sources);
    const outcome = await decide(request, sources);
    if (!outcome) {
      pending.push(request);
      continue;
    }
    const { decision, by } = outcome;
    if (wants(batch.emit, 'approval_decided')) {
      batch.emit({
        type: 'approval_decided',
        request: { ...request },
        approve: decision.approve,
        ...(decision.reason ? { reason: decision.reason } : {}),
        by,
        ...base,
      });
    }
    if (request.kind === 'computer') {
      computerWork.push(decidedComputerWork(request, decision, made));
    } else if (request.kind === 'mcp') {
      mcpAnswers.push({
        type: 'mcp_approval_response',
        approval_request_id: request.id,
        approve: decision.approve,
        ...(decision.reason ? { reason: decision.reason } : {}),
      });
    } else if (decision.approve) {
      const call = made.get(request.id);
      if (call?.type !== 'function_call') {
        throw new RunStateTamperedError(
          'unknown_call',
          `The approval "${request.id}" answers no function call the model made; nothing was run.`,
          request.id,
        );
      }
      approvedCalls.push(call);
    } else {
      outputs.set(request.id, {
        type: 'function_call_output',
        call_id: request.id,
        output: `The call was not approved${decision.reason ? `: ${decision.reason}` : '.'} Do not try it again unless asked.`,
      });
    }
  }
  if (approvedCalls.length > 0) {
    for (const output of await runToolCalls(withCalls(batch, approvedCalls)))
      outputs.set(output.call_id!, output);
  }
  const order = [
    ...calls.map((c) => c.call_id),
    ...asks.filter((a) => a.kind === 'function').map((a) => a.id),
  ];
  const items: ResponseInputItem[] = [];
  for (const id of new Set(order)) {
    const output = outputs.get(id);
    if (output) items.push(output);
  }
  const screenshots = computerWork.length > 0 ? await runComputerWork(computerWork, batch) : [];
  items.push(...screenshots, ...mcpAnswers);
  return {
    items,
    pending,
    ...(screenshots.length ? { keepScreenshots: batch.computer?.keepScreenshots } : {}),
  };
}

/** Reports a request as waiting, except one carried into a resumed run (already reported). */
function emitOnce(emit: EmitFn, request: ApprovalRequest, base: EventBase, sources: ApprovalSources): void {
  if (sources.decisions?.has(request.id) || !wants(emit, 'approval_requested')) return;
  emit({ type: 'approval_requested', request: { ...request }, ...base });
}

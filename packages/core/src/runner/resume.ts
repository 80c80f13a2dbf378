import type { ApprovalRequest } from '@turnkit/tools';
import type { ResponsesClient } from '../client/resolve-client.js';
import { type Conversation, holdConversation } from '../conversation/conversation.js';
import type { ConversationItem } from '../conversation/conversation-record.js';
import { RunStateConsumedError, RunStateTamperedError } from '../errors/run-state-errors.js';
import { consumeRunState, type RunState, releaseRunState } from '../run-state/run-state.js';
import { bindComputerCall, type ModelCall } from './run-computer-calls.js';

type ModelItem = { type?: string; [key: string]: unknown };

/**
 * The items the model produced that a state's approvals answer: the stateless history, or the
 * output of the stored response the conversation chains to (server strategy), fetched from the
 * service, which the state cannot edit.
 */
async function modelItems(
  state: RunState,
  client: ResponsesClient,
  options: { signal?: AbortSignal },
): Promise<ModelItem[]> {
  const { conversation } = state;
  if (conversation.strategy === 'stateless') return conversation.history as ModelItem[];
  if (!conversation.lastResponseId) return [];
  const response = await client.responses.retrieve(conversation.lastResponseId, {}, options);
  return response.output as unknown as ModelItem[];
}

function mismatch(request: ApprovalRequest, field: string, given: unknown, made: unknown): never {
  throw new RunStateTamperedError(
    'approval_mismatch',
    `The run state's approval "${request.id}" has ${field} ${JSON.stringify(given)}, but the model asked for ${JSON.stringify(made)}: ` +
      'the state was edited. Nothing was run; resume only states your app saved unchanged (seal them with sealRunState).',
    request.id,
  );
}

function unknown(request: ApprovalRequest, why: string): never {
  throw new RunStateTamperedError(
    'unknown_call',
    `The run state's approval "${request.id}" (${request.toolName}) ${why}, so it cannot authorize anything. Nothing was run.`,
    request.id,
  );
}

/**
 * What of a state {@link bindApprovals} binds: the run's own approvals (not those of its nested
 * runs, which bind to their own conversations), and the calls of agents run as tools that paused
 * (their `call_id` and tool), which must be unanswered calls of the model too.
 */
export interface BindScope {
  approvals: readonly ApprovalRequest[];
  nestedCalls: ReadonlyArray<{ callId: string; toolName: string }>;
}

/**
 * Binds each approval of a state to what the model asked for, and returns the function calls to
 * run, by `call_id`, exactly as the model made them. An approval is accepted only when the
 * conversation holds its `function_call` (still unanswered) or `mcp_approval_request` (not yet
 * answered) with the same kind, tool, server and arguments. A nested run's call is accepted when
 * the conversation holds it unanswered, for the same tool.
 *
 * @throws {RunStateTamperedError} for an approval that disagrees with the conversation.
 */
export async function bindApprovals(
  state: RunState,
  client: ResponsesClient,
  options: { signal?: AbortSignal },
  scope: BindScope = { approvals: state.approvals, nestedCalls: [] },
): Promise<Map<string, ModelCall>> {
  const seen = new Set<string>();
  for (const request of state.approvals) {
    if (seen.has(request.id)) unknown(request, 'appears twice in the state');
    seen.add(request.id);
  }
  const checked: ApprovalRequest[] = [
    ...scope.approvals,
    ...scope.nestedCalls.map((n) => ({
      kind: 'function' as const,
      id: n.callId,
      toolName: n.toolName,
      arguments: '',
    })),
  ];
  if (checked.length === 0) return new Map();
  const items = await modelItems(state, client, options);
  const { conversation } = state;
  const unanswered = new Set(conversation.unansweredCalls.map((c) => c.callId));
  const answered = new Set(
    [...conversation.history, ...conversation.pending].flatMap((item: ConversationItem) =>
      item.type === 'mcp_approval_response' ? [item.approval_request_id] : [],
    ),
  );
  const calls = new Map<string, ModelCall>();
  const nested = new Set(scope.nestedCalls.map((n) => n.callId));
  for (const request of checked) {
    if (request.kind === 'computer') {
      calls.set(request.id, bindComputerCall(request, items, unanswered));
    } else if (request.kind === 'function') {
      const call = items.find((i) => i.type === 'function_call' && i.call_id === request.id);
      if (!call) unknown(request, 'names no function call of the model in this conversation');
      if (!unanswered.has(request.id)) unknown(request, 'names a call that already has its output');
      if (call.name !== request.toolName) mismatch(request, 'the tool', request.toolName, call.name);
      if (!nested.has(request.id) && call.arguments !== request.arguments) {
        mismatch(request, 'the arguments', request.arguments, call.arguments);
      }
      calls.set(request.id, {
        type: 'function_call',
        call_id: request.id,
        name: call.name as string,
        arguments: call.arguments as string,
      });
    } else {
      const asked = items.find((i) => i.type === 'mcp_approval_request' && i.id === request.id);
      if (!asked) unknown(request, 'names no MCP approval request of the model in this conversation');
      if (answered.has(request.id)) unknown(request, 'names an MCP approval request already answered');
      if (asked.name !== request.toolName) mismatch(request, 'the tool', request.toolName, asked.name);
      if (asked.server_label !== request.serverLabel) {
        mismatch(request, 'the server label', request.serverLabel, asked.server_label);
      }
      if (asked.arguments !== request.arguments) {
        mismatch(request, 'the arguments', request.arguments, asked.arguments);
      }
    }
  }
  return calls;
}

/**
 * Enters a run, synchronously, so that of two runs started in the same tick the second is
 * refused: marks a resumed state consumed, then takes the conversation. Returns what frees the
 * conversation. A refused run leaves the state as it was.
 *
 * @throws {RunStateConsumedError} when the state object was resumed already.
 * @throws {ConversationBusyError} when another run uses the conversation.
 */
export function enterRun(conversation: Conversation, runId: string, state: RunState | undefined): () => void {
  if (state) consumeRunState(state);
  try {
    return holdConversation(conversation, runId);
  } catch (error) {
    if (state) releaseRunState(state);
    throw error;
  }
}

/**
 * Prepares a resume before anything runs: binds the state's approvals to the model's calls, then
 * claims its resume token in the conversation's session when the session can claim. A resume
 * refused here (other than because another copy resumed) leaves the state object usable again.
 *
 * @throws {RunStateConsumedError} when the session says another copy of the state was resumed.
 * @throws {RunStateTamperedError} when an approval disagrees with the conversation.
 */
export async function beginResume(
  state: RunState,
  client: ResponsesClient,
  options: { signal?: AbortSignal },
  scope?: BindScope,
): Promise<Map<string, ModelCall>> {
  try {
    const calls = await bindApprovals(state, client, options, scope);
    const session = state.conversation.session;
    if (session?.claim && !(await session.claim(`resume:${state.resumeToken}`))) {
      throw new RunStateConsumedError(state.runId, state.resumeToken, 'session');
    }
    return calls;
  } catch (error) {
    if (!(error instanceof RunStateConsumedError)) releaseRunState(state);
    throw error;
  }
}

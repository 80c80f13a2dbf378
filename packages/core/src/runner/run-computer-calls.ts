import {
  type ApprovalDecision,
  type ApprovalRequest,
  type ComputerAction,
  ComputerActionRefusedError,
  type ComputerActionType,
  type ComputerContext,
  type ComputerTool,
  type SafetyCheck,
} from '@turnkit/tools';
import type {
  ResponseComputerToolCall,
  ResponseFunctionToolCall,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import type { Conversation } from '../conversation/conversation.js';
import { RunStateTamperedError } from '../errors/run-state-errors.js';
import { wants } from '../run/wants.js';
import { ComputerFailedError } from '../run-errors/computer-failed-error.js';
import { RunAbortedError } from '../run-errors/run-errors.js';
import type { ToolCallBatch } from './run-tool-calls.js';

/** A call of the model that the loop answers: a function call or a computer call. */
export type ModelCall = ResponseFunctionToolCall | ResponseComputerToolCall;

/** What the loop needs to answer computer calls: the batch of the turn, with the agent's computer tool. */
export type ComputerBatch = Omit<ToolCallBatch, 'calls'>;

/** One computer call to answer: run its actions (acknowledging `acknowledged`), or not (`rejected`). */
export interface ComputerWork {
  call: ResponseComputerToolCall;
  acknowledged: SafetyCheck[];
  /** Why the actions are not run (the safety checks were rejected); absent when they run. */
  rejected?: string;
}

/** The actions of a computer call: its batch (`actions`), or its one `action`. */
export function actionsOf(call: ResponseComputerToolCall): ComputerAction[] {
  const batch = (call as { actions?: unknown }).actions;
  if (Array.isArray(batch)) return batch as ComputerAction[];
  return call.action ? [call.action as ComputerAction] : [];
}

function checksOf(call: ResponseComputerToolCall): SafetyCheck[] {
  return (call.pending_safety_checks ?? []).map((c) => ({
    id: c.id,
    code: c.code ?? null,
    message: c.message ?? null,
  }));
}

/**
 * Splits a turn's computer calls: those without `pending_safety_checks` become work to run now;
 * each of the others becomes an approval request (kind `computer`, id its `call_id`, its actions
 * as `arguments`, the checks as `safetyChecks`), pushed onto `asks`.
 */
export function planComputerCalls(calls: readonly ModelCall[], asks: ApprovalRequest[]): ComputerWork[] {
  const work: ComputerWork[] = [];
  for (const call of calls) {
    if (call.type !== 'computer_call') continue;
    const checks = checksOf(call);
    if (checks.length === 0) {
      work.push({ call, acknowledged: [] });
      continue;
    }
    asks.push({
      kind: 'computer',
      id: call.call_id,
      toolName: 'computer',
      arguments: JSON.stringify(actionsOf(call)),
      safetyChecks: checks,
    });
  }
  return work;
}

/**
 * The work for a decided computer request: approved, the call runs and its safety checks are
 * acknowledged; rejected, its actions are not run and the model is told why.
 *
 * @throws {RunStateTamperedError} when the request answers no computer call the model made.
 */
export function decidedComputerWork(
  request: ApprovalRequest,
  decision: ApprovalDecision,
  made: ReadonlyMap<string, ModelCall>,
): ComputerWork {
  const call = made.get(request.id);
  if (call?.type !== 'computer_call') {
    throw new RunStateTamperedError(
      'unknown_call',
      `The approval "${request.id}" answers no computer call the model made; nothing was run.`,
      request.id,
    );
  }
  if (decision.approve) return { call, acknowledged: checksOf(call) };
  const codes = checksOf(call).map((c) => c.code ?? c.id);
  return {
    call,
    acknowledged: [],
    rejected: `its safety checks (${codes.join(', ')}) were not approved${decision.reason ? `: ${decision.reason}` : '.'}`,
  };
}

/**
 * Binds a resumed state's computer approval to the `computer_call` the model made (by
 * `call_id`, still unanswered, with the same actions and safety checks) and returns that call.
 *
 * @throws {RunStateTamperedError} when the conversation holds no such call, or it differs.
 */
export function bindComputerCall(
  request: ApprovalRequest,
  items: ReadonlyArray<{ type?: string; [key: string]: unknown }>,
  unanswered: ReadonlySet<string>,
): ResponseComputerToolCall {
  const found = items.find((i) => i.type === 'computer_call' && i.call_id === request.id);
  const refuse = (reason: 'unknown_call' | 'approval_mismatch', why: string): never => {
    throw new RunStateTamperedError(
      reason,
      `The run state's approval "${request.id}" (computer) ${why}. Nothing was run; resume only states your app saved unchanged (seal them with sealRunState).`,
      request.id,
    );
  };
  if (!found) return refuse('unknown_call', 'names no computer call of the model in this conversation');
  if (!unanswered.has(request.id))
    return refuse('unknown_call', 'names a computer call that already has its output');
  const call = found as unknown as ResponseComputerToolCall;
  if (JSON.stringify(actionsOf(call)) !== request.arguments) {
    refuse(
      'approval_mismatch',
      `has the actions ${request.arguments}, but the model asked for ${JSON.stringify(actionsOf(call))}`,
    );
  }
  const ids = (checks: readonly SafetyCheck[]) => JSON.stringify(checks.map((c) => c.id));
  if (ids(checksOf(call)) !== ids(request.safetyChecks ?? [])) {
    refuse('approval_mismatch', 'acknowledges other safety checks than the service raised');
  }
  return call;
}

/** The media type of screenshot bytes, from their magic number. */
function mediaTypeOf(bytes: Uint8Array): string | undefined {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const text = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

function whole(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Runs one action on the computer. @throws {ComputerActionRefusedError} for an action it cannot run. */
async function perform(tool: ComputerTool, action: ComputerAction, ctx: ComputerContext): Promise<void> {
  const c = tool.computer;
  const a = action as Record<string, unknown> & { type: ComputerActionType };
  const keys = Array.isArray(a.keys) ? (a.keys as string[]) : [];
  const point = () => {
    if (!whole(a.x) || !whole(a.y))
      throw new ComputerActionRefusedError(a.type, 'it needs numeric x and y coordinates.');
    return { x: a.x, y: a.y };
  };
  switch (a.type) {
    case 'click':
      return c.click({ ...point(), button: (a.button as 'left') ?? 'left', keys }, ctx);
    case 'double_click':
      return c.doubleClick({ ...point(), keys }, ctx);
    case 'move':
      return c.move({ ...point(), keys }, ctx);
    case 'scroll':
      return c.scroll(
        { ...point(), scrollX: Number(a.scroll_x ?? 0), scrollY: Number(a.scroll_y ?? 0), keys },
        ctx,
      );
    case 'drag': {
      const path = Array.isArray(a.path) ? (a.path as Array<{ x: number; y: number }>) : [];
      if (path.length < 2 || path.some((p) => !whole(p?.x) || !whole(p?.y))) {
        throw new ComputerActionRefusedError(
          'drag',
          'its path needs at least two points with numeric x and y.',
        );
      }
      return c.drag({ path: path.map((p) => ({ x: p.x, y: p.y })), keys }, ctx);
    }
    case 'type':
      if (typeof a.text !== 'string') throw new ComputerActionRefusedError('type', 'it needs a text.');
      return c.type({ text: a.text }, ctx);
    case 'keypress':
      if (keys.length === 0) throw new ComputerActionRefusedError('keypress', 'it names no keys.');
      return c.keypress({ keys }, ctx);
    case 'wait':
      return c.wait(ctx);
    case 'screenshot':
      return; // every call is answered with a screenshot anyway
    default:
      throw new ComputerActionRefusedError(a.type, `"${String(a.type)}" is not an action a computer knows.`);
  }
}

/** Takes the screenshot and the URL that answer a call. @throws {ComputerFailedError} */
async function capture(
  tool: ComputerTool,
  callId: string,
  ctx: ComputerContext,
): Promise<{ base64: string; mediaType: string; currentUrl: string | null }> {
  let bytes: Uint8Array;
  let url: string | null = null;
  try {
    bytes = await tool.computer.screenshot(ctx);
    if (tool.definition.environment === 'browser' && tool.computer.currentUrl) {
      url = (await tool.computer.currentUrl()) || null;
    }
  } catch (error) {
    throw new ComputerFailedError(callId, 'screenshot', error);
  }
  const mediaType = bytes instanceof Uint8Array ? mediaTypeOf(bytes) : undefined;
  if (!mediaType) {
    throw new ComputerFailedError(
      callId,
      'screenshot',
      new TypeError('screenshot() returned something that is not the bytes of a PNG, JPEG or WebP image.'),
    );
  }
  return {
    base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    mediaType,
    currentUrl: url === 'about:blank' ? null : url,
  };
}

/** A `computer_call_output` with the screenshot, and a message for the model when something did not run. */
function answer(
  callId: string,
  shot: { base64: string; mediaType: string; currentUrl: string | null },
  acknowledged: SafetyCheck[],
  note: string | null,
): ResponseInputItem[] {
  const output = {
    type: 'computer_call_output',
    call_id: callId,
    // The guides send `input_image`; the SDK's type names `computer_screenshot` (both are accepted).
    output: { type: 'input_image', image_url: `data:${shot.mediaType};base64,${shot.base64}` },
    ...(acknowledged.length > 0 ? { acknowledged_safety_checks: acknowledged } : {}),
    ...(shot.currentUrl ? { current_url: shot.currentUrl } : {}),
  } as unknown as ResponseInputItem;
  return note ? [output, { type: 'message', role: 'user', content: note }] : [output];
}

function noComputer(callId: string): never {
  throw new ComputerFailedError(
    callId,
    'screenshot',
    new TypeError('the model made a computer call, but the agent has no computerTool() to run it.'),
  );
}

/** The agent's computer tool, if it has one. */
export function computerOf(agent: {
  builtinTools: ReadonlyArray<{ kind: string }>;
}): ComputerTool | undefined {
  return agent.builtinTools.find((t): t is ComputerTool => t.kind === 'computer');
}

/**
 * Answers computer calls, one after the other, in order: runs each call's actions on the
 * agent's computer (reporting `computer_action` before each), stops a call at an action the
 * computer refuses, then answers the call with a `computer_call_output` holding a fresh
 * screenshot (`input_image` data URL), the acknowledged safety checks and, in a browser, the
 * `current_url`; plus a user message that tells the model what was not run, when something was
 * not. Reports `computer_screenshot` for each answer.
 *
 * @throws {ComputerFailedError} when the computer fails (anything but a refusal); the call
 * stays unanswered. @throws {RunAbortedError} when the run is aborted between actions.
 */
export async function runComputerWork(
  work: readonly ComputerWork[],
  batch: ComputerBatch,
): Promise<ResponseInputItem[]> {
  const items: ResponseInputItem[] = [];
  for (const { call, acknowledged, rejected } of work) {
    const tool = batch.computer ?? noComputer(call.call_id);
    const actions = rejected ? [] : actionsOf(call);
    // One journaled step per call: a durable runner that replays it returns its answer without
    // running the actions again.
    const step = { runId: batch.runId, turn: batch.turn, callId: call.call_id, actions: actions.length };
    items.push(
      ...(await batch.steps.computerCall(step, () =>
        runCall(tool, call, actions, acknowledged, rejected, batch),
      )),
    );
  }
  return items;
}

/** Runs one computer call's actions and takes the screenshot that answers it. */
async function runCall(
  tool: ComputerTool,
  call: ResponseComputerToolCall,
  actions: readonly ComputerAction[],
  acknowledged: SafetyCheck[],
  rejected: string | undefined,
  batch: ComputerBatch,
): Promise<ResponseInputItem[]> {
  const base = { runId: batch.runId, turn: batch.turn, agent: batch.agent, depth: batch.depth };
  const ctx: ComputerContext = { signal: batch.signal };
  let ran = 0;
  let note: string | null = rejected
    ? `The actions of computer call ${call.call_id} were not run: ${rejected} Do not try them again unless asked.`
    : null;
  for (const [index, action] of actions.entries()) {
    if (batch.signal.aborted) throw new RunAbortedError(batch.signal.reason);
    if (wants(batch.emit, 'computer_action')) {
      batch.emit({ type: 'computer_action', callId: call.call_id, index, action, ...base });
    }
    try {
      await perform(tool, action, ctx);
      ran++;
    } catch (error) {
      if (batch.signal.aborted) throw new RunAbortedError(batch.signal.reason);
      if (!(error instanceof ComputerActionRefusedError))
        throw new ComputerFailedError(call.call_id, action.type, error);
      const rest = actions.length - index - 1;
      note =
        `The ${action.type} action of computer call ${call.call_id} was not run: ${error.reason}` +
        (rest > 0
          ? ` The ${rest} action${rest > 1 ? 's' : ''} after it ${rest > 1 ? 'were' : 'was'} not run either.`
          : '') +
        ' The screenshot shows the screen as it is now.';
      break;
    }
  }
  const shot = await capture(tool, call.call_id, ctx);
  if (wants(batch.emit, 'computer_screenshot')) {
    batch.emit({
      type: 'computer_screenshot',
      callId: call.call_id,
      ...shot,
      actionsRun: ran,
      notRun: note,
      acknowledged: acknowledged.map((c) => c.id),
      ...base,
    });
  }
  return answer(call.call_id, shot, acknowledged, note);
}

/**
 * Answers the computer calls a stopped run left unanswered (the computer failed, or the run was
 * aborted, mid-call) with a fresh screenshot and a message that the call was interrupted, so
 * the conversation can go on; nothing of them is run again. Pushes the answers onto the
 * conversation and returns them. No-op when there are none.
 *
 * @throws {ComputerFailedError} when the computer cannot take the screenshot.
 */
export async function answerInterruptedComputerCalls(
  conversation: Conversation,
  batch: ComputerBatch,
): Promise<ResponseInputItem[]> {
  const open = conversation.unansweredCalls.filter((c) => c.kind === 'computer');
  if (open.length === 0) return [];
  const tool = batch.computer ?? noComputer(open[0]!.callId);
  const items: ResponseInputItem[] = [];
  for (const { callId } of open) {
    const shot = await capture(tool, callId, { signal: batch.signal });
    const note = `Computer call ${callId} was interrupted before it finished: its actions may not all have run. The screenshot shows the screen as it is now.`;
    if (wants(batch.emit, 'computer_screenshot'))
      batch.emit({
        type: 'computer_screenshot',
        callId,
        ...shot,
        actionsRun: 0,
        notRun: note,
        acknowledged: [],
        ...{ runId: batch.runId, turn: batch.turn, agent: batch.agent, depth: batch.depth },
      });
    items.push(...answer(callId, shot, [], note));
  }
  conversation.push(items, { keepScreenshots: tool.keepScreenshots });
  return items;
}

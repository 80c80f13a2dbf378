import { resolveAttachments } from '../hosted/attachments.js';
import { type CodeInterpreter, prepareCodeInterpreter } from '../hosted/code-interpreter.js';
import { type HostedMcp, prepareHostedMcp, withoutHostedMcp } from '../hosted/hosted-mcp.js';
import {
  IMAGE_DEPLOYMENT_HEADER,
  type ImageGenerator,
  prepareImageGeneration,
} from '../hosted/image-generation.js';
import { plainOutput } from '../hosted/plain-turn.js';
import { prepareSearch, type SearchTools } from '../hosted/search.js';
import { dropConnection, type Exchange, sendJson, sleep, startEventStream } from '../http/http-io.js';
import { formatSseEvent, writeChunk } from '../http/sse.js';
import type { ModelRequest } from '../model/model-request.js';
import type { ScriptTurn } from '../model/script.js';
import { constrainTurn } from '../model/turn-constraints.js';
import { type ResolvedContext, resolveContext } from '../state/context.js';
import { recall } from '../state/memory.js';
import { readThinkingSettings, type Thinking, withReasoningTurn } from '../state/reasoning.js';
import { applyStreamFault, errorEventBody, httpFaultError } from '../turn/faults.js';
import {
  newIdentity,
  type Plan,
  planBackgroundRecording,
  planRecording,
  planTurn,
  type ResponseIdentity,
} from '../turn/plan.js';
import { type CreateRequest, validateCreateRequest } from '../validate/create-request.js';
import { HttpError } from '../wire/errors.js';
import type { JsonObject, SseEvent, WireItem } from '../wire/wire-types.js';
import { startBackground } from './background.js';
import { type EmulatorState, takeTurn } from './emulator-state.js';

/**
 * Serves `POST /responses`: validates the request, resolves its context, lets the script (or the
 * behavior, or the default model) pick the turn, then answers as JSON or as an SSE stream,
 * applies the turn's fault and stores the Response unless `store` is `false`. A `background: true`
 * request is answered `queued` at once and its turn runs on its own (see `background.ts`).
 *
 * @throws {HttpError} for every validation error and for `http` faults (the server answers it).
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import { createResponse } from './create-response.js';
 * import type { EmulatorState } from './emulator-state.js';
 * declare const state: EmulatorState;
 * declare const exchange: Exchange;
 * await createResponse(state, exchange, { model: 'gpt-5.1', input: 'Hi', stream: true });
 */
export async function createResponse(state: EmulatorState, ex: Exchange, body: unknown): Promise<void> {
  const request = validateCreateRequest(body, { models: state.models, azure: ex.azure });
  const settings = readThinkingSettings(request);
  const context = resolveContext(request, state.store, state.conversations);
  const mind = recall({ request, resolved: context, store: state.store, vault: state.vault });
  const run = request.background ? new AbortController() : undefined;
  // Hosted MCP calls are the only work that listens; without an MCP tool no signal is combined.
  const hasMcp = request.tools.some(isMcpTool);
  const workSignal = run
    ? AbortSignal.any([run.signal, state.closing.signal])
    : hasMcp
      ? ex.signal
      : state.closing.signal;
  const codeInterpreter = prepareCodeInterpreter(state, request, context.items);
  const images = request.tools.length === 0 ? null : prepareImages(state, ex, request, context);
  const search = prepareSearch(state.vectorStores, request);
  const attachments = resolveAttachments(context.input, state.containers);
  const approvals = context.input.some(isApprovalResponse);
  const hosted =
    hasMcp || approvals
      ? await prepareHostedMcp(state.mcp, request, context, workSignal)
      : withoutHostedMcp(state.mcp, context, workSignal);
  const tools: HostedTools = {
    hosted,
    codeInterpreter,
    images,
    search,
    any: hasMcp || approvals || codeInterpreter !== null || images !== null || search.enabled,
  };
  const modelRequest: ModelRequest = {
    model: request.model,
    instructions: request.instructions,
    input: context.input,
    context: hosted.context,
    tools: request.tools,
    toolChoice: request.toolChoice,
    body: request.body,
    remembered: mind.remembered,
    attachments,
  };
  const turn = withReasoningTurn(constrainTurn(takeTurn(state, modelRequest), modelRequest), settings);
  const fault = turn.fault;
  if (fault?.type === 'http') {
    await sleep(turn.delayMs ?? 0, ex.signal);
    throw httpFaultError(fault);
  }
  const thinking = { settings, mind, vault: state.vault };
  if (run) {
    return startBackground(state, ex, {
      request,
      turn,
      inputContext: context.items,
      produce: (identity) => planInBackground(turn, tools, request, thinking, identity),
      controller: run,
    });
  }
  const plan = turn.recording
    ? planRecording(turn.recording, request)
    : planTurn(
        plainOutput(turn, tools.any) ?? (await produce(turn, tools)),
        request,
        mind.context,
        thinking,
        newIdentity(ex.azure),
      );
  let final = plan.final;
  if (turn.recording) state.vault.acceptRecorded([...plan.events.map((e) => e.data), plan.body]);
  let drop = false;
  // Only a stream reads the planned events (a JSON answer never builds them).
  let events: readonly SseEvent[] = [];
  if (request.stream) {
    events = plan.events;
    if (fault) ({ events, drop, final } = applyStreamFault(events, fault, final));
  }
  const answered = request.stream || !fault;
  if (answered) state.responses.push(final);
  if (answered && request.store) {
    state.store.put({ response: final, inputContext: context.items });
    state.store.withhold(plan.withheld);
  }
  // "Input items and output items from this response are automatically added to this conversation."
  if (answered && request.conversationId !== null && final.status === 'completed') {
    state.conversations.append(request.conversationId, [...context.input, ...final.output]);
  }
  if (!request.stream) {
    if (turn.delayMs) await sleep(turn.delayMs, ex.signal);
    if (ex.aborted) return dropConnection(ex);
    if (fault?.type === 'disconnect') return dropConnection(ex);
    if (fault?.type === 'error_event') {
      throw new HttpError(fault.status ?? 500, errorEventBody(fault));
    }
    return sendJson(ex, 200, plan.body);
  }
  startEventStream(ex);
  for (const event of events) {
    if (turn.delayMs) await sleep(turn.delayMs, ex.signal);
    if (ex.aborted || !(await writeChunk(ex.res, formatSseEvent(event.type, event.raw)))) return;
  }
  if (drop) dropConnection(ex);
  else ex.res.end();
}

/** The hosted tools a request prepared, and whether it has any. */
interface HostedTools {
  hosted: HostedMcp;
  codeInterpreter: CodeInterpreter | null;
  images: ImageGenerator | null;
  search: SearchTools;
  any: boolean;
}

function isMcpTool(tool: JsonObject): boolean {
  return tool.type === 'mcp';
}

function isApprovalResponse(item: WireItem): boolean {
  return item.type === 'mcp_approval_response';
}

function prepareImages(
  state: EmulatorState,
  ex: Exchange,
  request: CreateRequest,
  context: ResolvedContext,
): ImageGenerator | null {
  const deployment = ex.req.headers[IMAGE_DEPLOYMENT_HEADER];
  return prepareImageGeneration(request, {
    azure: ex.azure,
    deployment: Array.isArray(deployment) ? deployment[0] : deployment,
    context: context.items,
    files: state.containers,
  });
}

/** Builds a turn's output through the hosted builders (MCP calls, code, images, searches), with their report. */
async function produce(turn: ScriptTurn, tools: HostedTools): Promise<WireItem[]> {
  const { codeInterpreter, images, search } = tools;
  const inner = images ? images.builder(codeInterpreter?.build) : codeInterpreter?.build;
  const build = search.builder(inner);
  const output = await tools.hosted.output(turn, build);
  const report = codeInterpreter?.report(output) ?? images?.report(output) ?? search.report(output);
  return report ? [...output, report] : output;
}

async function planInBackground(
  turn: ScriptTurn,
  tools: HostedTools,
  request: CreateRequest,
  thinking: Thinking,
  identity: ResponseIdentity,
): Promise<Plan> {
  if (turn.recording) return planBackgroundRecording(turn.recording, request, identity);
  return planTurn(await produce(turn, tools), request, thinking.mind.context, thinking, identity);
}

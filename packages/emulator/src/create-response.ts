import { resolveContext } from './context.js';
import { itemEvents } from './emitters/index.js';
import { HttpError } from './errors.js';
import { applyStreamFault, errorEventBody, httpFaultError } from './faults.js';
import { prepareHostedMcp } from './hosted-mcp.js';
import { dropConnection, type Exchange, sendJson, sleep, startEventStream } from './http-io.js';
import { newId, unixSeconds } from './ids.js';
import { recall } from './memory.js';
import type { ModelRequest } from './model-request.js';
import { finishOutput, readThinkingSettings, type Thinking, withReasoningTurn } from './reasoning.js';
import { loadRecording, recordedResponse } from './recording.js';
import { buildResponse } from './response-object.js';
import { formatSseEvent, numberEvents, writeChunk } from './sse.js';
import { type EmulatorState, takeTurn } from './state.js';
import { countInputTokens, itemText } from './usage.js';
import { type CreateRequest, validateCreateRequest } from './validate.js';
import type { ErrorBody, JsonObject, ResponseObject, SseEvent, WireItem } from './wire-types.js';

/** What one turn produces before any byte is sent. */
interface Plan {
  /** The full stream, numbered. */
  events: SseEvent[];
  /** The finished Response, as stored and retrievable. */
  final: ResponseObject;
  /** The body of a non-streamed answer (usually `final`; a recording's `.json` verbatim). */
  body: JsonObject;
}

/**
 * Serves `POST /responses`: validates the request, resolves its context, lets the script (or the
 * behavior, or the default model) pick the turn, then answers as JSON or as an SSE stream,
 * applies the turn's fault and stores the Response unless `store` is `false`.
 *
 * @throws {HttpError} for every validation error and for `http` faults (the server answers it).
 * @example
 * await createResponse(state, exchange, body);
 */
export async function createResponse(state: EmulatorState, ex: Exchange, body: unknown): Promise<void> {
  const request = validateCreateRequest(body, { models: state.models });
  const settings = readThinkingSettings(request);
  const context = resolveContext(request, state.store);
  const mind = recall({ request, resolved: context, store: state.store, vault: state.vault });
  const hosted = await prepareHostedMcp(state.mcp, request, context, ex.signal);
  const modelRequest: ModelRequest = {
    model: request.model,
    instructions: request.instructions,
    input: context.input,
    context: hosted.context,
    tools: request.tools,
    toolChoice: request.toolChoice,
    body: request.body,
    remembered: mind.remembered,
  };
  const turn = withReasoningTurn(takeTurn(state, modelRequest), settings);
  const fault = turn.fault;
  if (fault?.type === 'http') {
    await sleep(turn.delayMs ?? 0, ex.signal);
    throw httpFaultError(fault);
  }
  const plan = turn.recording
    ? planRecording(turn.recording, request)
    : planTurn(await hosted.output(turn), request, mind.context, ex.azure, {
        settings,
        mind,
        vault: state.vault,
      });
  let { events, final } = plan;
  if (turn.recording) state.vault.acceptRecorded([...plan.events.map((e) => e.data), plan.body]);
  let drop = false;
  if (fault && request.stream) ({ events, drop, final } = applyStreamFault(events, fault, final));
  const answered = request.stream || !fault;
  if (answered) state.responses.push(final);
  if (answered && request.store) state.store.put({ response: final, inputContext: context.items });
  if (!request.stream) {
    await sleep(turn.delayMs ?? 0, ex.signal);
    if (ex.signal.aborted) return dropConnection(ex);
    if (fault?.type === 'disconnect') return dropConnection(ex);
    if (fault?.type === 'error_event') {
      throw new HttpError(fault.status ?? 500, errorEventBody(fault));
    }
    return sendJson(ex, 200, plan.body);
  }
  startEventStream(ex);
  for (const event of events) {
    await sleep(turn.delayMs ?? 0, ex.signal);
    if (ex.signal.aborted || !(await writeChunk(ex.res, formatSseEvent(event.type, event.raw)))) return;
  }
  if (drop) dropConnection(ex);
  else ex.res.end();
}

function planTurn(
  built: WireItem[],
  request: CreateRequest,
  context: WireItem[],
  azure: boolean,
  thinking: Thinking,
): Plan {
  const id = newId('resp');
  const createdAt = unixSeconds();
  const { output, usage } = finishOutput(built, {
    ...thinking,
    store: request.store,
    inputTokens: countInputTokens({
      instructions: request.instructions,
      items: context,
      tools: request.tools,
    }),
  });
  const filterOffsets = {
    prompt: context.reduce((n, item) => n + itemText(item).length, request.instructions?.length ?? 0),
    completion: output.reduce((n, item) => n + itemText(item).length, 0),
  };
  const common = { id, createdAt, azure, filterOffsets };
  const created = buildResponse(request, { ...common, status: 'in_progress', output: [], usage: null });
  const final = buildResponse(request, {
    ...common,
    status: 'completed',
    output,
    usage,
    completedAt: unixSeconds(),
  });
  const events = numberEvents(
    [
      { type: 'response.created', response: created },
      { type: 'response.in_progress', response: created },
      ...itemEvents(output, { obfuscation: request.includeObfuscation }),
      { type: 'response.completed', response: final },
    ],
    0,
  );
  return { events, final, body: final };
}

function planRecording(prefix: string, request: CreateRequest): Plan {
  const recording = loadRecording(prefix);
  const recordedError = recording.body?.error as ErrorBody | undefined;
  if (!request.stream && recordedError && recording.body?.object === undefined) {
    throw new HttpError(recordedErrorStatus(recordedError), recordedError);
  }
  const final = recordedResponse(recording, request.stream);
  if (request.stream && !recording.events) {
    throw recordingError(`${prefix}.chunks.txt is missing, so it cannot answer a streamed request`);
  }
  if (!final) throw recordingError(`${prefix} holds no final Response (no response.completed event or body)`);
  return { events: recording.events ?? [], final, body: recording.body ?? final };
}

function recordedErrorStatus(error: ErrorBody): number {
  if (error.code === 'insufficient_quota' || error.code === 'rate_limit_exceeded') return 429;
  return error.type === 'invalid_request_error' ? 400 : 500;
}

function recordingError(message: string): HttpError {
  return new HttpError(
    500,
    { message: `Recording error: ${message}.`, type: 'server_error', param: null, code: null },
    { 'x-should-retry': 'false' },
  );
}

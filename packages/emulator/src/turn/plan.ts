import { itemEvents } from '../emitters/index.js';
import { numberEvents } from '../http/sse.js';
import { loadRecording, recordedResponse } from '../model/recording.js';
import { finishOutput, type Thinking } from '../state/reasoning.js';
import type { CreateRequest } from '../validate/create-request.js';
import { HttpError } from '../wire/errors.js';
import { newId, unixSeconds } from '../wire/ids.js';
import { countInputTokens, itemText } from '../wire/usage.js';
import type { ErrorBody, JsonObject, ResponseObject, SseEvent, WireItem } from '../wire/wire-types.js';
import { projectIncludes, requestIncludes, type Withheld } from './includes.js';
import { limitOutput } from './output-limit.js';
import { buildResponse } from './response-object.js';

/** What one turn produces before any byte is sent. */
export interface Plan {
  /** The full stream, numbered from 0 (built on first read, so a JSON answer never builds it). */
  readonly events: SseEvent[];
  /** The finished Response, as stored and retrievable. */
  final: ResponseObject;
  /** The body of a non-streamed answer (usually `final`; a recording's `.json` verbatim). */
  body: JsonObject;
  /** The includable fields left out of the output, for `GET /responses/{id}?include=…`. */
  withheld: Withheld;
}

/** The identity of a Response: its id, creation time and whether it was served under Azure paths. */
export interface ResponseIdentity {
  id: string;
  createdAt: number;
  azure: boolean;
}

/**
 * Returns a fresh identity (`resp_…` id, the current time) for a new Response.
 *
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import { newIdentity } from './plan.js';
 * declare const ex: Exchange;
 * const identity = newIdentity(ex.azure);
 */
export function newIdentity(azure: boolean): ResponseIdentity {
  return { id: newId('resp'), createdAt: unixSeconds(), azure };
}

/**
 * Plans the stream of a turn whose output is built: the lifecycle events around the items' events,
 * numbered from 0. A background request starts with `response.created` (status `queued`) and
 * `response.queued` before `response.in_progress` (docs/responses-wire.md §5.3). An output longer
 * than the request's `max_output_tokens` is cut to it (see `limitOutput`): the response is then
 * `incomplete` (`incomplete_details.reason: "max_output_tokens"`) and ends with `response.incomplete`.
 *
 * @example
 * import { buildItems } from '../emitters/index.js';
 * import type { Thinking } from '../state/reasoning.js';
 * import type { CreateRequest } from '../validate/create-request.js';
 * import type { WireItem } from '../wire/wire-types.js';
 * import { newIdentity, planTurn } from './plan.js';
 * declare const request: CreateRequest;
 * declare const context: WireItem[];
 * declare const thinking: Thinking;
 * const output = buildItems([{ type: 'message', text: 'Hi' }]);
 * const plan = planTurn(output, request, context, thinking, newIdentity(false));
 */
export function planTurn(
  built: WireItem[],
  request: CreateRequest,
  context: WireItem[],
  thinking: Thinking,
  identity: ResponseIdentity,
): Plan {
  const finished = finishOutput(built, {
    settings: thinking.settings,
    mind: thinking.mind,
    vault: thinking.vault,
    store: request.store,
    inputTokens: countInputTokens({
      instructions: request.instructions,
      items: context,
      tools: request.tools,
    }),
  });
  const limited = limitOutput(finished.output, finished.usage, request.body.max_output_tokens);
  const { usage, incomplete } = limited;
  const top = typeof request.body.top_logprobs === 'number' ? request.body.top_logprobs : 0;
  const { output, withheld } = projectIncludes(limited.output, requestIncludes(request.body), top);
  // Azure's content filter offsets count characters; only Azure answers carry them.
  const filterOffsets = identity.azure
    ? {
        prompt: context.reduce((n, item) => n + itemText(item).length, request.instructions?.length ?? 0),
        completion: output.reduce((n, item) => n + itemText(item).length, 0),
      }
    : undefined;
  // (Literals without spreads: fields after a spread are defined through a slow runtime call.)
  const final = buildResponse(request, {
    id: identity.id,
    createdAt: identity.createdAt,
    azure: identity.azure,
    filterOffsets,
    status: incomplete ? 'incomplete' : 'completed',
    incompleteDetails: incomplete ? { reason: 'max_output_tokens' } : null,
    output,
    usage,
    completedAt: unixSeconds(),
  });
  // The events are built (and serialized) only when read: a JSON answer never needs them.
  return new TurnPlan(final, withheld, () => {
    const inProgress = buildResponse(request, {
      id: identity.id,
      createdAt: identity.createdAt,
      azure: identity.azure,
      filterOffsets,
      status: 'in_progress',
      output: [],
      usage: null,
    });
    const start = request.background
      ? lifecycleStart(request, identity)
      : [{ type: 'response.created', response: inProgress }];
    return numberEvents(
      [
        ...start,
        { type: 'response.in_progress', response: inProgress },
        ...itemEvents(output, { obfuscation: request.includeObfuscation }),
        { type: incomplete ? 'response.incomplete' : 'response.completed', response: final },
      ],
      0,
    );
  });
}

/**
 * The plan of a built turn, whose events are made on first read. (A class: an object literal
 * with a getter is defined through a slow runtime call on every request.)
 */
class TurnPlan implements Plan {
  readonly final: ResponseObject;
  readonly body: JsonObject;
  readonly withheld: Withheld;
  #events: SseEvent[] | undefined;
  readonly #build: () => SseEvent[];

  constructor(final: ResponseObject, withheld: Withheld, build: () => SseEvent[]) {
    this.final = final;
    this.body = final;
    this.withheld = withheld;
    this.#build = build;
  }

  get events(): SseEvent[] {
    this.#events ??= this.#build();
    return this.#events;
  }
}

/**
 * The first events of a background stream: `response.created` and `response.queued`, both with the
 * `queued` Response (`output: []`, `usage: null`).
 *
 * @example
 * import { validateCreateRequest } from '../validate/create-request.js';
 * import { lifecycleStart, newIdentity } from './plan.js';
 * const request = validateCreateRequest({ model: 'gpt-5.1', input: 'Hi', background: true });
 * const identity = newIdentity(false);
 * lifecycleStart(request, identity).map((e) => e.type); // ['response.created', 'response.queued']
 */
export function lifecycleStart(
  request: CreateRequest,
  identity: ResponseIdentity,
): Array<{ type: string; response: ResponseObject }> {
  const queued = queuedResponse(request, identity);
  return [
    { type: 'response.created', response: queued },
    { type: 'response.queued', response: queued },
  ];
}

/**
 * The Response of a background request as `POST /responses` returns it: `status: "queued"`,
 * `output: []`, `usage: null`, `completed_at: null`, `background: true`.
 *
 * @example
 * import { validateCreateRequest } from '../validate/create-request.js';
 * import { newIdentity, queuedResponse } from './plan.js';
 * const request = validateCreateRequest({ model: 'gpt-5.1', input: 'Hi', background: true });
 * const identity = newIdentity(false);
 * queuedResponse(request, identity).status; // 'queued'
 */
export function queuedResponse(request: CreateRequest, identity: ResponseIdentity): ResponseObject {
  return buildResponse(request, {
    id: identity.id,
    createdAt: identity.createdAt,
    azure: identity.azure,
    status: 'queued',
    output: [],
    usage: null,
  });
}

/**
 * Plans the replay of a recording: its chunks verbatim (a streamed request) or its body.
 *
 * @throws {HttpError} the recorded HTTP error of a non-streamed request whose `.json` is an error
 * body; 500 when the recording lacks what the request needs.
 * @example
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { planRecording } from './plan.js';
 * declare const request: CreateRequest;
 * const plan = planRecording('/recordings/azure-text.1', request);
 */
export function planRecording(prefix: string, request: CreateRequest): Plan {
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
  return { events: recording.events ?? [], final, body: recording.body ?? final, withheld: new Map() };
}

/**
 * Plans a recording as a background response: the recorded item events (or the events of the
 * recorded body's output) between this response's own lifecycle events, renumbered from 0, and the
 * recorded final Response under this response's id, creation time and `background: true`.
 *
 * @throws {HttpError} 500 when the recording holds no final Response.
 * @example
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { newIdentity, planBackgroundRecording } from './plan.js';
 * declare const request: CreateRequest; // with background: true
 * const identity = newIdentity(false);
 * const plan = planBackgroundRecording('/recordings/azure-text.1', request, identity);
 */
export function planBackgroundRecording(
  prefix: string,
  request: CreateRequest,
  identity: ResponseIdentity,
): Plan {
  const recording = loadRecording(prefix);
  const recorded = recordedResponse(recording, true);
  if (!recorded)
    throw recordingError(`${prefix} holds no final Response (no response.completed event or body)`);
  const final: ResponseObject = {
    ...recorded,
    id: identity.id,
    created_at: identity.createdAt,
    background: true,
  };
  const itemBodies = recording.events
    ? recording.events.filter((e) => e.data.response === undefined && e.type !== 'error').map((e) => e.data)
    : itemEvents(final.output, { obfuscation: request.includeObfuscation });
  const terminal = ['failed', 'incomplete'].includes(final.status) ? final.status : 'completed';
  const inProgress = buildResponse(request, {
    id: identity.id,
    createdAt: identity.createdAt,
    azure: identity.azure,
    status: 'in_progress',
    output: [],
    usage: null,
  });
  const events = numberEvents(
    [
      ...lifecycleStart(request, identity),
      { type: 'response.in_progress', response: inProgress },
      ...(itemBodies as Array<JsonObject & { type: string }>),
      { type: `response.${terminal}`, response: final },
    ],
    0,
  );
  return { events, final, body: final, withheld: new Map() };
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

import { dropConnection, type Exchange, sendJson, sleep } from '../http/http-io.js';
import { numberEvents } from '../http/sse.js';
import type { ScriptTurn } from '../model/script.js';
import { applyStreamFault } from '../turn/faults.js';
import {
  lifecycleStart,
  newIdentity,
  type Plan,
  queuedResponse,
  type ResponseIdentity,
} from '../turn/plan.js';
import type { CreateRequest } from '../validate/create-request.js';
import { HttpError } from '../wire/errors.js';
import type { ErrorBody, ResponseObject, SseEvent, WireItem } from '../wire/wire-types.js';
import { BackgroundRun, followRun } from './background-run.js';
import type { EmulatorState } from './emulator-state.js';

/** The events a background run stores before the turn's own: created, queued, in_progress. */
const LIFECYCLE_EVENTS = 3;

/** What a background `POST /responses` hands over to the work that runs on its own. */
export interface BackgroundJob {
  request: CreateRequest;
  /** The turn the script (or behavior, or default model) picked; its `delayMs` paces the events. */
  turn: ScriptTurn;
  /** The response's input context, stored with it. */
  inputContext: WireItem[];
  /** Produces the turn's plan (runs hosted MCP calls): the model's work. */
  produce(identity: ResponseIdentity): Promise<Plan>;
  /** Stops the work (cancel, delete, reset); also the signal of its hosted MCP calls. */
  controller: AbortController;
}

/**
 * Starts a background response (`background: true`): stores it `queued` with its first events
 * (`response.created` and `response.queued`), answers at once (the `queued` Response, or an SSE
 * stream that follows the run), and runs the turn on its own: `response.in_progress`, the items'
 * events and `response.completed`, each after the turn's `delayMs`. Every event is stored with its
 * `sequence_number` for `GET /responses/{id}?stream=true&starting_after=N`. A dropped client
 * connection, or a `disconnect` fault, ends only that connection; the work goes on.
 *
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { ScriptTurn } from '../model/script.js';
 * import type { CreateRequest } from '../validate/create-request.js';
 * import type { WireItem } from '../wire/wire-types.js';
 * import { type BackgroundJob, startBackground } from './background.js';
 * import type { EmulatorState } from './emulator-state.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * declare const request: CreateRequest; // with background: true
 * declare const turn: ScriptTurn;
 * declare const inputContext: WireItem[];
 * declare const produce: BackgroundJob['produce'];
 * const controller = new AbortController();
 * startBackground(state, ex, { request, turn, inputContext, produce, controller });
 */
export function startBackground(
  state: EmulatorState,
  ex: Exchange,
  job: BackgroundJob,
): Promise<void> | void {
  const { request, turn } = job;
  const identity = newIdentity(ex.azure);
  const queued = queuedResponse(request, identity);
  state.responses.push(queued);
  state.store.put({ response: queued, inputContext: job.inputContext });
  const run = new BackgroundRun(
    queued,
    (response) => {
      if (state.store.get(identity.id)) state.store.put({ response, inputContext: job.inputContext });
      state.responses.replaceLast((logged) => logged.id === identity.id, response);
    },
    job.controller,
  );
  state.runs.set(identity.id, run);
  run.push(...numberEvents(lifecycleStart(request, identity), 0));
  let dropAfter = turn.fault?.type === 'disconnect' ? turn.fault.afterEvents : undefined;
  const work = runTurn(state, run, job, identity, (planned) => {
    if (turn.fault?.type === 'disconnect' && dropAfter === undefined) dropAfter = defaultCut(planned);
  }).finally(() => state.work.delete(work));
  state.work.add(work);
  if (!request.stream) {
    if (turn.fault?.type === 'disconnect') return dropConnection(ex);
    return sendJson(ex, 200, queued);
  }
  return followRun(run, ex, -1, () => dropAfter);
}

async function runTurn(
  state: EmulatorState,
  run: BackgroundRun,
  job: BackgroundJob,
  identity: ResponseIdentity,
  onPlanned: (events: readonly SseEvent[]) => void,
): Promise<void> {
  const signal = AbortSignal.any([run.controller.signal, state.closing.signal]);
  const delay = job.turn.delayMs ?? 0;
  try {
    await sleep(delay, signal);
    if (signal.aborted) return;
    const inProgress: ResponseObject = { ...run.response, status: 'in_progress' };
    run.push(...numberEvents([{ type: 'response.in_progress', response: inProgress }], 2));
    const plan = await job.produce(identity);
    if (signal.aborted) return;
    state.store.withhold(plan.withheld);
    let events = plan.events;
    const fault = job.turn.fault;
    if (fault?.type === 'error_event') {
      const afterEvents = Math.max(LIFECYCLE_EVENTS, fault.afterEvents ?? LIFECYCLE_EVENTS);
      events = applyStreamFault(events, { ...fault, afterEvents }, plan.final).events;
    }
    onPlanned(events);
    for (const event of events.slice(LIFECYCLE_EVENTS)) {
      await sleep(delay, signal);
      if (signal.aborted) return;
      run.push(event);
    }
  } catch (error) {
    if (signal.aborted) return;
    failRun(run, error);
  } finally {
    if (signal.aborted) run.finish();
  }
}

/** The default `disconnect` cut: right after the first `response.output_item.added`, else after in_progress. */
function defaultCut(events: readonly SseEvent[]): number {
  const first = events.findIndex((e) => e.type === 'response.output_item.added');
  return first < 0 ? LIFECYCLE_EVENTS : first + 1;
}

/** Ends a run whose work threw: the nested `error` event, then `response.failed`. */
function failRun(run: BackgroundRun, error: unknown): void {
  const body: ErrorBody =
    error instanceof HttpError
      ? error.body
      : {
          message: `The emulator failed: ${error instanceof Error ? error.message : String(error)}`,
          type: 'server_error',
          param: null,
          code: 'server_error',
        };
  const failed: ResponseObject = {
    ...run.response,
    status: 'failed',
    error: { code: body.code, message: body.message },
    output: run.partialOutput.filter((item) => item.status !== 'in_progress'),
    usage: null,
  };
  run.push(
    ...numberEvents(
      [
        { type: 'error', error: { ...body } },
        { type: 'response.failed', response: failed },
      ],
      run.nextSequenceNumber,
    ),
  );
}

/**
 * Cancels a queued or in-progress background run: stops its work, stores the `cancelled` Response
 * (the items so far, the one in progress included, `usage: null`) and ends its streams with a
 * `response.failed` event carrying it. Returns the cancelled Response.
 *
 * @example
 * import type { BackgroundRun } from './background-run.js';
 * import { cancelRun } from './background.js';
 * declare const run: BackgroundRun;
 * const cancelled = cancelRun(run);
 */
export function cancelRun(run: BackgroundRun): ResponseObject {
  run.controller.abort();
  const cancelled: ResponseObject = {
    ...run.response,
    status: 'cancelled',
    completed_at: null,
    error: null,
    output: run.partialOutput,
    usage: null,
  };
  run.push(...numberEvents([{ type: 'response.failed', response: cancelled }], run.nextSequenceNumber));
  return run.response;
}

/**
 * Stops a run without a further event (its response was deleted, or the emulator reset) and forgets it.
 *
 * @example
 * import { dropRun } from './background.js';
 * import type { EmulatorState } from './emulator-state.js';
 * declare const state: EmulatorState;
 * dropRun(state, 'resp_123');
 */
export function dropRun(state: EmulatorState, id: string): void {
  const run = state.runs.get(id);
  if (!run) return;
  run.controller.abort();
  run.finish();
  state.runs.delete(id);
}

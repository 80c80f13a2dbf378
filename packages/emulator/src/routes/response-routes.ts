import { type Exchange, sendJson } from '../http/http-io.js';
import { sendPage, single } from '../http/pagination.js';
import { resolveContext } from '../state/context.js';
import { fromLastCompaction } from '../state/memory.js';
import type { StoredResponse } from '../state/store.js';
import { includeView } from '../turn/includes.js';
import { validateCreateRequest, validateInclude } from '../validate/create-request.js';
import { invalidRequest, notFound } from '../wire/errors.js';
import { countInputTokens } from '../wire/usage.js';
import type { JsonObject } from '../wire/wire-types.js';
import { cancelRun, dropRun } from './background.js';
import { followRun } from './background-run.js';
import type { EmulatorState } from './emulator-state.js';

function stored(state: EmulatorState, id: string): StoredResponse {
  const record = state.store.get(id);
  if (!record) throw notFound(`No response found with id '${id}'.`, 'response_id');
  return record;
}

/**
 * Serves `GET /responses/{id}`: the stored Response as it stands (a background response shows its
 * current status, and its output and usage once done), with what `include` (`include[]=…` in the
 * query) asks for added (see `includeView`: e.g. the `encrypted_content` of its reasoning items).
 * Responses created with `store: false`, and deleted ones, are 404.
 *
 * With `stream=true`, a background response is streamed over SSE: its stored events with
 * `sequence_number > starting_after` (all of them without `starting_after`), then the live ones
 * until the terminal event. A response that was not created with `background: true` cannot be
 * streamed (400, `param: "stream"`).
 *
 * @throws {HttpError} 404 for an unknown id; 400 for `stream=true` on a non-background response,
 * a `starting_after` that is not an integer, and an unknown `include` value.
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { EmulatorState } from './emulator-state.js';
 * import { retrieveResponse } from './response-routes.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * await retrieveResponse(state, ex, 'resp_123');
 */
export function retrieveResponse(state: EmulatorState, ex: Exchange, id: string): Promise<void> | void {
  const record = stored(state, id);
  if (single(ex.record.query.stream) !== 'true') {
    const query = ex.record.query.include;
    const include = query === undefined ? [] : Array.isArray(query) ? query : [query];
    validateInclude(include);
    const view = includeView(record.response, include, {
      vault: state.vault,
      withheld: (itemId) => state.store.withheld(itemId),
    });
    return sendJson(ex, 200, view);
  }
  const run = state.runs.get(id);
  if (!run) {
    throw invalidRequest(
      'This response cannot be streamed because it was not created with background=true.',
      'stream',
    );
  }
  const startingAfter = single(ex.record.query.starting_after);
  if (startingAfter !== undefined && !/^-?\d+$/.test(startingAfter)) {
    throw invalidRequest(
      `Invalid 'starting_after': expected an integer, but got '${startingAfter}' instead.`,
      'starting_after',
      'invalid_type',
    );
  }
  return followRun(run, ex, startingAfter === undefined ? -1 : Number(startingAfter));
}

/**
 * Serves `DELETE /responses/{id}`: forgets the response and answers
 * `{"id", "object": "response", "deleted": true}`; later lookups are 404. A background response
 * still running stops, and its open streams end.
 *
 * @throws {HttpError} 404 for an unknown id.
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { EmulatorState } from './emulator-state.js';
 * import { deleteResponse } from './response-routes.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * deleteResponse(state, ex, 'resp_123');
 */
export function deleteResponse(state: EmulatorState, ex: Exchange, id: string): void {
  stored(state, id);
  state.store.delete(id);
  dropRun(state, id);
  sendJson(ex, 200, { id, object: 'response', deleted: true });
}

/**
 * Serves `GET /responses/{id}/input_items`: the response's input context (the previous chain's
 * items and this request's input) as a cursor page `{object: "list", data, first_id, last_id,
 * has_more}`. Query: `limit` 1–100 (default 20), `order` `asc`|`desc` (default `desc`, newest
 * first), `after` an item id (the page starts after it, in the chosen order).
 *
 * @throws {HttpError} 404 for an unknown response id; 400 for a bad `limit`, `order` or an `after`
 * that is not one of the items.
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { EmulatorState } from './emulator-state.js';
 * import { listInputItems } from './response-routes.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * listInputItems(state, ex, 'resp_123');
 */
export function listInputItems(state: EmulatorState, ex: Exchange, id: string): void {
  const record = stored(state, id);
  sendPage(ex, record.inputContext as unknown as JsonObject[], 'item');
}

/**
 * Serves `POST /responses/{id}/cancel`. A queued or in-progress background response stops and
 * becomes `cancelled` (its output so far, `usage: null`); its open streams get a final
 * `response.failed` event carrying the cancelled Response. Cancelling it again returns the same
 * Response. A background response that already finished gets a 400
 * `Cannot cancel a completed response.` (or `failed`, `incomplete`), and a response that was not
 * created with `background: true` a 400.
 *
 * @throws {HttpError} 404 for an unknown id; 400 as above.
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { EmulatorState } from './emulator-state.js';
 * import { cancelResponse } from './response-routes.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * cancelResponse(state, ex, 'resp_123');
 */
export function cancelResponse(state: EmulatorState, ex: Exchange, id: string): void {
  stored(state, id);
  const run = state.runs.get(id);
  if (!run) {
    throw invalidRequest('Only responses created with background=true can be cancelled.', 'response_id');
  }
  const status = run.response.status;
  if (status !== 'cancelled' && status !== 'queued' && status !== 'in_progress') {
    throw invalidRequest(`Cannot cancel a ${status} response.`);
  }
  sendJson(ex, 200, status === 'cancelled' ? run.response : cancelRun(run));
}

/**
 * Serves `POST /responses/input_tokens`: `{"object": "response.input_tokens", "input_tokens": N}`
 * with the same estimate `usage.input_tokens` uses.
 *
 * @throws {HttpError} 400 for the same validation errors as `POST /responses`.
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { EmulatorState } from './emulator-state.js';
 * import { countTokens } from './response-routes.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * countTokens(state, ex, { model: 'gpt-5.1', input: 'Hi' });
 */
export function countTokens(state: EmulatorState, ex: Exchange, body: unknown): void {
  const { personality: _personality, ...rest } = (
    typeof body === 'object' && body !== null ? body : {}
  ) as Record<string, unknown>;
  const hasModel = rest.model !== undefined;
  const request = validateCreateRequest(
    { ...rest, model: hasModel ? rest.model : 'unspecified' },
    { models: hasModel ? state.models : undefined },
  );
  const context = resolveContext(request, state.store, state.conversations);
  sendJson(ex, 200, {
    object: 'response.input_tokens',
    input_tokens: countInputTokens({
      instructions: request.instructions,
      items: [...fromLastCompaction(context.previous), ...context.input],
      tools: request.tools,
    }),
  });
}

import { type Exchange, sendJson } from '../http/http-io.js';
import { compactionItem } from '../state/compaction.js';
import { resolveContext } from '../state/context.js';
import { recall } from '../state/memory.js';
import { validateCreateRequest } from '../validate/create-request.js';
import { invalidRequest } from '../wire/errors.js';
import { newId, unixSeconds } from '../wire/ids.js';
import { countInputTokens, countOutputTokens, makeUsage } from '../wire/usage.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { EmulatorState } from './emulator-state.js';

/** Every parameter of `POST /responses/compact` in the API reference (`ResponseCompactParams`). */
export const COMPACT_PARAMETERS = [
  'model',
  'input',
  'previous_response_id',
  'instructions',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'service_tier',
  'image',
] as const;

/**
 * Serves `POST /responses/compact`: compacts a conversation (the `input` items, after the
 * `previous_response_id` chain when given) into `{id: "resp_…", object: "response.compaction",
 * created_at, output, usage}`. `output` re-issues every user message of the context (new `msg_`
 * ids, `status: "completed"`), then one compaction item whose `encrypted_content` seals
 * everything the model knows (also what earlier compaction and reasoning items held). The result
 * is not stored as a response; send its `output` as the next request's input.
 *
 * @throws {HttpError} 400 for a missing or bad `model`, an unknown parameter (`stream`,
 * `context_management`, … are not parameters of this route), a bad `input`, no `input` and no
 * `previous_response_id`, an unknown `previous_response_id`, and the reasoning / compaction item
 * errors of `POST /responses` (`invalid_encrypted_content`, …; a 404 for an unknown reasoning id).
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import { compactResponse } from './compact-route.js';
 * import type { EmulatorState } from './emulator-state.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * compactResponse(state, ex, { model: 'gpt-5.1', input: [{ role: 'user', content: 'My name is Ann.' }] });
 */
export function compactResponse(state: EmulatorState, ex: Exchange, body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) validateCreateRequest(body);
  const b = body as JsonObject;
  for (const key of Object.keys(b)) {
    if (!(COMPACT_PARAMETERS as readonly string[]).includes(key)) {
      throw invalidRequest(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
    }
  }
  const { model, input, previous_response_id, instructions } = b;
  const request = validateCreateRequest(
    { model, input, previous_response_id, instructions },
    { models: state.models },
  );
  const resolved = resolveContext(request, state.store, state.conversations);
  const mind = recall({ request, resolved, store: state.store, vault: state.vault });
  const messages: WireItem[] = mind.context
    .filter((item) => item.type === 'message' && item.role === 'user')
    .map((item) => ({
      id: newId('msg'),
      type: 'message',
      status: 'completed',
      content: item.content,
      role: 'user',
    }));
  const compaction = compactionItem({ mind, vault: state.vault, keep: false });
  sendJson(ex, 200, {
    id: newId('resp'),
    object: 'response.compaction',
    created_at: unixSeconds(),
    output: [...messages, compaction],
    usage: makeUsage(
      countInputTokens({ instructions: request.instructions, items: mind.context, tools: [] }),
      countOutputTokens([compaction]),
    ),
  });
}

import type { CreateRequest } from '../validate/create-request.js';
import type {
  JsonObject,
  ResponseObject,
  ResponseStatus,
  ResponseUsage,
  WireItem,
} from '../wire/wire-types.js';

/** The state of a Response at one point of its life. */
export interface ResponseState {
  id: string;
  createdAt: number;
  status: ResponseStatus;
  output: WireItem[];
  usage: ResponseUsage | null;
  error?: { code: string | null; message: string } | null;
  /** Why an `incomplete` response stopped (e.g. `{ reason: 'max_output_tokens' }`). */
  incompleteDetails?: { reason: string } | null;
  completedAt?: number | null;
  /** Served under an Azure path: adds Azure's `content_filters` field. */
  azure?: boolean;
  /** Character lengths of the prompt and the completion, for Azure's content filter offsets. */
  filterOffsets?: { prompt: number; completion: number };
}

/**
 * Builds a Response object with the fields (and field order) of real payloads: the request's
 * settings echoed with their resolved defaults (`temperature: 1`, `top_p: 1`,
 * `tool_choice: "auto"`, `truncation: "disabled"`, `text: {format: {type: "text"}, verbosity:
 * "medium"}`, `reasoning: {effort, summary: null}` with the effort resolved for the model, e.g. `"none"` for
 * `gpt-5.1` and `"medium"` for `gpt-5-mini`, …) plus the given state.
 * `service_tier` echoes `"auto"` while in progress and `"default"` once finished, as observed.
 *
 * @example
 * import { validateCreateRequest } from '../validate/create-request.js';
 * import { newIdentity } from './plan.js';
 * import { buildResponse } from './response-object.js';
 * const request = validateCreateRequest({ model: 'gpt-5.1', input: 'Hi' });
 * const { id, createdAt } = newIdentity(false);
 * const created = buildResponse(request, { id, createdAt, status: 'in_progress', output: [], usage: null });
 */
export function buildResponse(request: CreateRequest, state: ResponseState): ResponseObject {
  const b = request.body;
  const finished = state.status !== 'in_progress' && state.status !== 'queued';
  const tier = (b.service_tier as string | null | undefined) ?? 'auto';
  // One object literal without spreads: a spread in the middle of a literal defines every field
  // after it through a slow runtime call (about 25k instructions for this object). The two
  // fields only some responses have are put in their place afterwards.
  const response: ResponseObject = {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: request.background,
    completed_at: state.completedAt ?? null,
    error: state.error ?? null,
    incomplete_details: state.incompleteDetails ?? null,
    instructions: request.instructions,
    max_output_tokens: b.max_output_tokens ?? null,
    max_tool_calls: b.max_tool_calls ?? null,
    model: request.model,
    output: state.output,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: request.previousResponseId,
    prompt_cache_key: b.prompt_cache_key ?? null,
    prompt_cache_retention: b.prompt_cache_retention ?? null,
    reasoning: reasoningEcho(request.reasoning.effort, b.reasoning),
    safety_identifier: b.safety_identifier ?? null,
    service_tier: finished && tier === 'auto' ? 'default' : tier,
    store: request.store,
    temperature: b.temperature ?? 1,
    text: textEcho(b.text),
    tool_choice: request.toolChoice,
    tools: request.tools,
    top_logprobs: b.top_logprobs ?? 0,
    top_p: b.top_p ?? 1,
    truncation: b.truncation ?? 'disabled',
    usage: state.usage,
    user: b.user ?? null,
    metadata: b.metadata ?? {},
  };
  if (!state.azure && request.conversationId === null) return response;
  const inserted: Array<[after: string, key: string, value: unknown]> = [];
  if (state.azure) {
    inserted.push(['completed_at', 'content_filters', finished ? contentFilters(state.filterOffsets) : null]);
  }
  if (request.conversationId !== null) {
    inserted.push(['previous_response_id', 'conversation', { id: request.conversationId }]);
  }
  return insertAfter(response, inserted);
}

/** `reasoning` as a Response echoes it: the resolved effort, `summary: null`, then what was sent besides `effort`. */
function reasoningEcho(effort: string | null, sent: unknown): JsonObject {
  if (sent === undefined || sent === null) return { effort, summary: null };
  const { effort: _sent, ...rest } = sent as JsonObject;
  return { effort, summary: null, ...rest };
}

/** `text` as a Response echoes it: `format: {type: "text"}`, `verbosity: "medium"`, overridden by what was sent. */
function textEcho(sent: unknown): JsonObject {
  if (sent === undefined || sent === null) return { format: { type: 'text' }, verbosity: 'medium' };
  return { format: { type: 'text' }, verbosity: 'medium', ...(sent as JsonObject) };
}

/** A copy of `object` with each `[after, key, value]` field put right after the field `after`. */
function insertAfter(
  object: ResponseObject,
  fields: ReadonlyArray<[after: string, key: string, value: unknown]>,
): ResponseObject {
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(object)) {
    copy[name] = object[name];
    for (const [after, key, value] of fields) if (after === name) copy[key] = value;
  }
  return copy as ResponseObject;
}

function contentFilters(offsets = { prompt: 0, completion: 0 }): JsonObject[] {
  const safe = { filtered: false, severity: 'safe' };
  const harms = { hate: safe, self_harm: safe, sexual: safe, violence: safe };
  return [
    {
      blocked: false,
      source_type: 'prompt',
      content_filter_raw: null,
      content_filter_results: { ...harms, jailbreak: { filtered: false, detected: false } },
      content_filter_offsets: { start_offset: 0, end_offset: offsets.prompt, check_offset: 0 },
    },
    {
      blocked: false,
      source_type: 'completion',
      content_filter_raw: null,
      content_filter_results: {
        ...harms,
        protected_material_text: { filtered: false, detected: false },
        protected_material_code: { filtered: false, detected: false },
      },
      content_filter_offsets: { start_offset: 0, end_offset: offsets.completion, check_offset: 0 },
    },
  ];
}

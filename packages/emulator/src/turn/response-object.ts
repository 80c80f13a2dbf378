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
  const text = (b.text ?? {}) as JsonObject;
  const { effort: _sent, ...reasoning } = (b.reasoning ?? {}) as JsonObject;
  const tier = (b.service_tier as string | null | undefined) ?? 'auto';
  const response: ResponseObject = {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: request.background,
    completed_at: state.completedAt ?? null,
    ...(state.azure ? { content_filters: finished ? contentFilters(state.filterOffsets) : null } : {}),
    error: state.error ?? null,
    incomplete_details: state.incompleteDetails ?? null,
    instructions: request.instructions,
    max_output_tokens: b.max_output_tokens ?? null,
    max_tool_calls: b.max_tool_calls ?? null,
    model: request.model,
    output: state.output,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: request.previousResponseId,
    ...(request.conversationId !== null ? { conversation: { id: request.conversationId } } : {}),
    prompt_cache_key: b.prompt_cache_key ?? null,
    prompt_cache_retention: b.prompt_cache_retention ?? null,
    reasoning: { effort: request.reasoning.effort, summary: null, ...reasoning },
    safety_identifier: b.safety_identifier ?? null,
    service_tier: finished && tier === 'auto' ? 'default' : tier,
    store: request.store,
    temperature: b.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium', ...text },
    tool_choice: request.toolChoice,
    tools: request.tools,
    top_logprobs: b.top_logprobs ?? 0,
    top_p: b.top_p ?? 1,
    truncation: b.truncation ?? 'disabled',
    usage: state.usage,
    user: b.user ?? null,
    metadata: b.metadata ?? {},
  };
  return response;
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

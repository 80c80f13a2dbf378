import { invalidRequest, invalidType, invalidValue, missingParameter } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';

const CONTEXT_SIZES = ['low', 'medium', 'high'];
const LOCATION_KEYS = ['type', 'city', 'country', 'region', 'timezone'];
const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin'];
const RANKERS = ['auto', 'default-2024-11-15'];
/** The most `allowed_domains` the Azure web search guide allows. */
const MAX_DOMAINS = 100;

/**
 * Validates a `web_search` (or `web_search_2025_08_26`) tool against the API reference's
 * `WebSearchTool` (plus `filters.blocked_domains`, which the Azure web search guide documents) and
 * returns it as the recording `openai-web-search-tool.1` echoes it: `filters: null`,
 * `search_context_size: "medium"` and `user_location: {type: "approximate", city: null, country:
 * "US", region: null, timezone: null}` when absent ("If omitted or null, defaults to the United
 * States").
 *
 * @throws {HttpError} 400 naming the param: an unknown key, a `search_context_size` outside `low`,
 * `medium`, `high`, a `filters` or `user_location` of the wrong shape, more than 100 allowed
 * domains, a non-boolean `external_web_access`.
 * @example
 * import { validateWebSearchTool } from './search-tools.js';
 * validateWebSearchTool({ type: 'web_search', search_context_size: 'low' }, 'tools[0]');
 */
export function validateWebSearchTool(tool: JsonObject, param: string): JsonObject {
  checkKeys(tool, ['type', 'filters', 'search_context_size', 'user_location', 'external_web_access'], param);
  checkEnum(tool.search_context_size, CONTEXT_SIZES, `${param}.search_context_size`);
  if (tool.external_web_access !== undefined && typeof tool.external_web_access !== 'boolean') {
    throw invalidType(`${param}.external_web_access`, 'a boolean', tool.external_web_access);
  }
  const filters = tool.filters ?? null;
  if (filters !== null) {
    const f = asObject(filters, `${param}.filters`);
    checkKeys(f, ['allowed_domains', 'blocked_domains'], `${param}.filters`);
    for (const key of ['allowed_domains', 'blocked_domains']) {
      const domains = checkStrings(f[key], `${param}.filters.${key}`);
      if (key === 'allowed_domains' && domains && domains.length > MAX_DOMAINS) {
        throw invalidRequest(
          `Invalid '${param}.filters.allowed_domains': array too long. Expected an array with maximum length ${MAX_DOMAINS}, but got an array with length ${domains.length} instead.`,
          `${param}.filters.allowed_domains`,
          'array_above_max_length',
        );
      }
    }
  }
  const { type, filters: _f, search_context_size: size, user_location: _u, ...rest } = tool;
  return {
    type,
    filters,
    search_context_size: size ?? 'medium',
    user_location: userLocation(tool.user_location, `${param}.user_location`, false),
    ...rest,
  };
}

/**
 * Validates a `web_search_preview` (or `web_search_preview_2025_03_11`) tool against the API
 * reference's `WebSearchPreviewTool` (its `user_location` needs `type: "approximate"`) and returns
 * it with `search_context_size: "medium"` and the United States location filled in (the echo of
 * the preview tool is not confirmed).
 *
 * @throws {HttpError} 400 naming the param, as {@link validateWebSearchTool}; a
 * `search_content_types` entry other than `text` or `image`.
 * @example
 * import { validateWebSearchPreviewTool } from './search-tools.js';
 * validateWebSearchPreviewTool({ type: 'web_search_preview' }, 'tools[0]');
 */
export function validateWebSearchPreviewTool(tool: JsonObject, param: string): JsonObject {
  checkKeys(tool, ['type', 'search_context_size', 'user_location', 'search_content_types'], param);
  checkEnum(tool.search_context_size, CONTEXT_SIZES, `${param}.search_context_size`);
  const kinds = tool.search_content_types;
  if (kinds !== undefined && kinds !== null) {
    if (!Array.isArray(kinds)) throw invalidType(`${param}.search_content_types`, 'an array', kinds);
    for (const [i, kind] of kinds.entries())
      checkEnum(kind, ['text', 'image'], `${param}.search_content_types[${i}]`);
  }
  const { type, search_context_size: size, user_location: _u, ...rest } = tool;
  return {
    type,
    search_context_size: size ?? 'medium',
    user_location: userLocation(tool.user_location, `${param}.user_location`, true),
    ...rest,
  };
}

/**
 * Validates a `file_search` tool against the API reference's `FileSearchTool` and returns it as
 * the recording `openai-file-search-tool.2` echoes it: `filters: null`, `max_num_results: 20`,
 * `ranking_options: {ranker: "auto", score_threshold: 0}` when absent, then `vector_store_ids`.
 * Whether the vector stores exist is checked when the tool runs.
 *
 * @throws {HttpError} 400 naming the param: a missing or non-array `vector_store_ids` (of strings),
 * a `max_num_results` outside 1–50, a `ranking_options` with an unknown `ranker` or a
 * `score_threshold` outside 0–1, a `filters` that is neither a comparison
 * (`{key, type: eq|ne|gt|gte|lt|lte|in|nin, value}`) nor a compound filter (`{type: and|or, filters}`),
 * an unknown key.
 * @example
 * import { validateFileSearchTool } from './search-tools.js';
 * validateFileSearchTool({ type: 'file_search', vector_store_ids: ['vs_1'] }, 'tools[0]');
 */
export function validateFileSearchTool(tool: JsonObject, param: string): JsonObject {
  checkKeys(tool, ['type', 'vector_store_ids', 'filters', 'max_num_results', 'ranking_options'], param);
  if (tool.vector_store_ids === undefined) throw missingParameter(`${param}.vector_store_ids`);
  checkStrings(tool.vector_store_ids, `${param}.vector_store_ids`);
  const max = tool.max_num_results;
  if (max !== undefined) {
    if (!Number.isInteger(max)) throw invalidType(`${param}.max_num_results`, 'an integer', max);
    checkRange(max as number, 1, 50, `${param}.max_num_results`, 'integer');
  }
  const ranking =
    tool.ranking_options === undefined ? {} : asObject(tool.ranking_options, `${param}.ranking_options`);
  checkKeys(ranking, ['ranker', 'score_threshold', 'hybrid_search'], `${param}.ranking_options`);
  checkEnum(ranking.ranker, RANKERS, `${param}.ranking_options.ranker`);
  const threshold = ranking.score_threshold;
  if (threshold !== undefined) {
    if (typeof threshold !== 'number') {
      throw invalidType(`${param}.ranking_options.score_threshold`, 'a number', threshold);
    }
    checkRange(threshold, 0, 1, `${param}.ranking_options.score_threshold`, 'decimal');
  }
  if (ranking.hybrid_search !== undefined) {
    const hybrid = asObject(ranking.hybrid_search, `${param}.ranking_options.hybrid_search`);
    for (const key of ['embedding_weight', 'text_weight']) {
      const p = `${param}.ranking_options.hybrid_search.${key}`;
      if (hybrid[key] === undefined) throw missingParameter(p);
      if (typeof hybrid[key] !== 'number') throw invalidType(p, 'a number', hybrid[key]);
    }
  }
  const filters = tool.filters ?? null;
  if (filters !== null) checkFilter(filters, `${param}.filters`);
  return {
    type: tool.type,
    filters,
    max_num_results: max ?? 20,
    ranking_options: { ranker: 'auto', score_threshold: 0, ...ranking },
    vector_store_ids: tool.vector_store_ids,
  };
}

function checkFilter(filter: unknown, param: string): void {
  const f = asObject(filter, param);
  if (f.type === 'and' || f.type === 'or') {
    checkKeys(f, ['type', 'filters'], param);
    if (f.filters === undefined) throw missingParameter(`${param}.filters`);
    if (!Array.isArray(f.filters)) throw invalidType(`${param}.filters`, 'an array', f.filters);
    for (const [i, sub] of f.filters.entries()) checkFilter(sub, `${param}.filters[${i}]`);
    return;
  }
  if (f.type === undefined) throw missingParameter(`${param}.type`);
  checkEnum(f.type, [...COMPARISONS, 'and', 'or'], `${param}.type`);
  checkKeys(f, ['type', 'key', 'value'], param);
  if (f.key === undefined) throw missingParameter(`${param}.key`);
  if (typeof f.key !== 'string') throw invalidType(`${param}.key`, 'a string', f.key);
  if (f.value === undefined) throw missingParameter(`${param}.value`);
  const scalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
  const list = Array.isArray(f.value) && f.value.every((v) => typeof v === 'string' || typeof v === 'number');
  if (!scalar(f.value) && !list) {
    throw invalidType(`${param}.value`, 'a string, a number, a boolean or an array', f.value);
  }
}

function userLocation(value: unknown, param: string, typeRequired: boolean): JsonObject {
  const fallback = { type: 'approximate', city: null, country: 'US', region: null, timezone: null };
  if (value === undefined || value === null) return fallback;
  const location = asObject(value, param);
  checkKeys(location, LOCATION_KEYS, param);
  if (typeRequired && location.type === undefined) throw missingParameter(`${param}.type`);
  if (location.type !== undefined) checkEnum(location.type, ['approximate'], `${param}.type`);
  for (const key of ['city', 'country', 'region', 'timezone']) {
    const field = location[key];
    if (field !== undefined && field !== null && typeof field !== 'string') {
      throw invalidType(`${param}.${key}`, 'a string', field);
    }
  }
  return {
    type: 'approximate',
    city: location.city ?? null,
    country: location.country ?? null,
    region: location.region ?? null,
    timezone: location.timezone ?? null,
  };
}

function checkKeys(object: JsonObject, keys: readonly string[], param: string): void {
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
}

function checkEnum(value: unknown, allowed: readonly string[], param: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) throw invalidValue(param, value, allowed);
}

function checkStrings(value: unknown, param: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw invalidType(param, 'an array', value);
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw invalidType(`${param}[${i}]`, 'a string', item);
  });
  return value as string[];
}

function checkRange(
  value: number,
  min: number,
  max: number,
  param: string,
  kind: 'integer' | 'decimal',
): void {
  if (value < min) {
    throw invalidRequest(
      `Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      param,
      `${kind}_below_min_value`,
    );
  }
  if (value > max) {
    throw invalidRequest(
      `Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      param,
      `${kind}_above_max_value`,
    );
  }
}

function asObject(value: unknown, param: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidType(param, 'an object', value);
  }
  return value as JsonObject;
}

/** The validator of each hosted search tool type, by `tools[].type`. */
export const SEARCH_TOOL_VALIDATORS: Readonly<
  Record<string, (tool: JsonObject, param: string) => JsonObject>
> = {
  web_search: validateWebSearchTool,
  web_search_2025_08_26: validateWebSearchTool,
  web_search_preview: validateWebSearchPreviewTool,
  web_search_preview_2025_03_11: validateWebSearchPreviewTool,
  file_search: validateFileSearchTool,
};

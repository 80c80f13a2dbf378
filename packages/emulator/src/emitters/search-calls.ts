import { newId } from '../wire/ids.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { EventBody, ItemEmitter } from './emitter.js';

/** A web search call with what it found (resolved by `hosted/search.ts`). */
export interface ResolvedWebSearch {
  type: 'web_search_call';
  query: string;
  sources: Array<{ url: string; title?: string }>;
}

/** A file search call with its hits (resolved by `hosted/search.ts`). */
export interface ResolvedFileSearch {
  type: 'file_search_call';
  queries: string[];
  results: JsonObject[];
}

/**
 * The events of a hosted search call, in the order of the recordings `openai-web-search-tool.1`
 * and `openai-file-search-tool.2` (VERCEL): `output_item.added` (`status: "in_progress"`) →
 * `response.<type>.in_progress` → `.searching` → `.completed` → `output_item.done`.
 */
function searchEvents(item: WireItem, outputIndex: number, added: WireItem): EventBody[] {
  const at = { output_index: outputIndex, item_id: item.id };
  return [
    { type: 'response.output_item.added', output_index: outputIndex, item: added },
    { type: `response.${item.type}.in_progress`, ...at },
    { type: `response.${item.type}.searching`, ...at },
    { type: `response.${item.type}.completed`, ...at },
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ];
}

/**
 * Emits a `web_search_call` (`ws_…`): `{id, type, status: "completed", action: {type: "search",
 * query, sources: [{type: "url", url}]}}`, as the recording shows it (the `sources` are left out
 * unless the request includes `web_search_call.action.sources`, see `turn/includes.ts`).
 *
 * @example
 * import { webSearchCallEmitter } from './search-calls.js';
 * webSearchCallEmitter.build({ type: 'web_search_call', query: 'q', sources: [{ url: 'https://example.com' }] });
 */
export const webSearchCallEmitter: ItemEmitter<ResolvedWebSearch> = {
  type: 'web_search_call',
  build(spec) {
    return {
      id: newId('ws'),
      type: 'web_search_call',
      status: 'completed',
      action: {
        type: 'search',
        query: spec.query,
        sources: spec.sources.map((s) => ({ type: 'url', url: s.url })),
      },
    };
  },
  events(item, outputIndex) {
    return searchEvents(item, outputIndex, { id: item.id, type: item.type, status: 'in_progress' });
  },
};

/**
 * Emits a `file_search_call` (`fs_…`): `{id, type, status: "completed", queries, results:
 * [{attributes, file_id, filename, score, text}]}` as the recording shows it (`results` is `null`
 * unless the request includes `file_search_call.results`); `output_item.added` carries
 * `queries: []` and `results: null`.
 *
 * @example
 * import { fileSearchCallEmitter } from './search-calls.js';
 * fileSearchCallEmitter.build({ type: 'file_search_call', queries: ['q'], results: [] });
 */
export const fileSearchCallEmitter: ItemEmitter<ResolvedFileSearch> = {
  type: 'file_search_call',
  build(spec) {
    return {
      id: newId('fs'),
      type: 'file_search_call',
      status: 'completed',
      queries: spec.queries,
      results: spec.results,
    };
  },
  events(item, outputIndex) {
    return searchEvents(item, outputIndex, {
      id: item.id,
      type: item.type,
      status: 'in_progress',
      queries: [],
      results: null,
    });
  },
};

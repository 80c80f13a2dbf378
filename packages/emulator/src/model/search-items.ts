/**
 * A web search the scripted model runs with the request's `web_search` tool. The emulator has no
 * network, so the script gives what the search found: `sources` (each a URL, with an optional
 * title for the citation). The call is `{type: "web_search_call", action: {type: "search", query,
 * sources}}`; when the turn ends with it, a message citing the sources follows.
 *
 * @example
 * import type { ScriptWebSearchCall } from '@turnkit/emulator';
 * const item: ScriptWebSearchCall = { type: 'web_search_call', query: 'Berlin news', sources: [{ url: 'https://example.com/berlin', title: 'Berlin' }] };
 */
export interface ScriptWebSearchCall {
  type: 'web_search_call';
  query: string;
  sources?: Array<{ url: string; title?: string }>;
}

/**
 * A file search the scripted model runs with the request's `file_search` tool: the emulator
 * really searches the tool's vector stores for each query and puts the hits in the call's
 * `results`; when the turn ends with it, a message quoting and citing the best hit follows.
 *
 * @example
 * import type { ScriptFileSearchCall } from '@turnkit/emulator';
 * const item: ScriptFileSearchCall = { type: 'file_search_call', queries: ['What is an embedding model?'] };
 */
export interface ScriptFileSearchCall {
  type: 'file_search_call';
  queries: string[];
}

/**
 * Validates a `web_search_call` or `file_search_call` script item.
 *
 * @example
 * import { validateSearchItem } from './search-items.js';
 * const fail = (field: string, problem: string): never => {
 *   throw new Error(`${field}: ${problem}`);
 * };
 * validateSearchItem({ type: 'file_search_call', queries: ['x'] }, 'output[0]', fail);
 */
export function validateSearchItem(
  it: Record<string, unknown>,
  field: string,
  fail: (field: string, problem: string) => never,
): ScriptWebSearchCall | ScriptFileSearchCall {
  if (it.type === 'file_search_call') {
    for (const key of Object.keys(it))
      if (key !== 'type' && key !== 'queries') fail(`${field}.${key}`, 'unknown field');
    const queries = it.queries;
    if (
      !Array.isArray(queries) ||
      queries.length === 0 ||
      queries.some((q) => typeof q !== 'string' || q === '')
    ) {
      fail(`${field}.queries`, 'expected a non-empty array of non-empty strings');
    }
    return { type: 'file_search_call', queries: [...(queries as string[])] };
  }
  for (const key of Object.keys(it)) {
    if (!['type', 'query', 'sources'].includes(key)) fail(`${field}.${key}`, 'unknown field');
  }
  if (typeof it.query !== 'string' || it.query === '') fail(`${field}.query`, 'expected a non-empty string');
  const item: ScriptWebSearchCall = { type: 'web_search_call', query: it.query as string };
  if (it.sources !== undefined) {
    const sources = it.sources;
    if (!Array.isArray(sources)) return fail(`${field}.sources`, 'expected an array of {url, title?}');
    item.sources = sources.map((source, i) => {
      const s = source as Record<string, unknown>;
      if (typeof s !== 'object' || s === null || typeof s.url !== 'string' || s.url === '') {
        fail(`${field}.sources[${i}].url`, 'expected a non-empty string');
      }
      if (s.title !== undefined && typeof s.title !== 'string')
        fail(`${field}.sources[${i}].title`, 'expected a string');
      return { url: s.url as string, ...(typeof s.title === 'string' ? { title: s.title } : {}) };
    });
  }
  return item;
}

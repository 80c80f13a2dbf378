import { buildItems } from '../emitters/index.js';
import { fileSearchCallEmitter, webSearchCallEmitter } from '../emitters/search-calls.js';
import type { ScriptItem } from '../model/script.js';
import type { CreateRequest } from '../validate/create-request.js';
import { HttpError } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import { attributeFilter } from './attribute-filter.js';
import type { ItemBuilder } from './hosted-mcp.js';
import type { VectorStores } from './vector-stores.js';

/** The request's hosted search tools, ready to resolve the script's search calls. */
export interface SearchTools {
  /** Whether the request has a search tool (`file_search`, `web_search`). */
  readonly enabled: boolean;
  /** An item builder that runs search calls and hands every other item to `next`. */
  builder(next?: ItemBuilder): ItemBuilder;
  /** The message that follows when a turn ends with search calls (citing what they found), or `null`. */
  report(output: readonly WireItem[]): WireItem | null;
}

const WEB_SEARCH = [
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
];

/**
 * Prepares the request's `file_search` and `web_search` tools: checks that the file search's
 * vector stores exist, and resolves the script's `file_search_call` items (a real search of those
 * stores for each query, best hits first, at most `max_num_results`, through `filters`) and
 * `web_search_call` items (the scripted sources: the emulator has no network); a search call
 * without its tool in the request is a script error.
 *
 * @throws {HttpError} 404 `Vector store with id '…' not found.` (`param: "tools[i].vector_store_ids[j]"`);
 * a search call without its tool is a 500 `Script error`.
 * @example
 * import type { EmulatorState } from '../routes/emulator-state.js';
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { prepareSearch } from './search.js';
 * declare const state: EmulatorState;
 * declare const request: CreateRequest;
 * const search = prepareSearch(state.vectorStores, request);
 */
export function prepareSearch(stores: VectorStores, request: CreateRequest): SearchTools {
  if (request.tools.length === 0) return WITHOUT_SEARCH_TOOLS;
  const fileIndex = request.tools.findIndex((t) => t.type === 'file_search');
  const fileTool = fileIndex >= 0 ? request.tools[fileIndex]! : undefined;
  const webTool = request.tools.find((t) => WEB_SEARCH.includes(String(t.type)));
  if (!fileTool && !webTool) return WITHOUT_SEARCH_TOOLS;
  const storeIds = (fileTool?.vector_store_ids as string[] | undefined) ?? [];
  if (fileTool) stores.check(storeIds, `tools[${fileIndex}].vector_store_ids`);
  const filter = fileTool?.filters ? attributeFilter(fileTool.filters as JsonObject) : undefined;
  const max = Number(fileTool?.max_num_results ?? 20);
  const threshold = Number((fileTool?.ranking_options as JsonObject | undefined)?.score_threshold ?? 0);

  const resolve = (spec: ScriptItem): WireItem | null => {
    if (spec.type === 'file_search_call') {
      if (!fileTool) throw scriptError(NO_FILE_SEARCH_TOOL);
      const seen = new Set<string>();
      const results = spec.queries
        .flatMap((query) => stores.search(storeIds, query, max, filter))
        .filter((hit) => hit.score >= threshold)
        .sort((a, b) => b.score - a.score)
        .filter((hit) => {
          const key = `${hit.file_id}\u0000${hit.text}`;
          return !seen.has(key) && Boolean(seen.add(key));
        })
        .slice(0, max)
        .map((hit) => ({
          attributes: hit.attributes,
          file_id: hit.file_id,
          filename: hit.filename,
          score: hit.score,
          text: hit.text,
        }));
      return fileSearchCallEmitter.build({ type: 'file_search_call', queries: spec.queries, results });
    }
    if (spec.type === 'web_search_call') {
      if (!webTool) throw scriptError(NO_WEB_SEARCH_TOOL);
      return webSearchCallEmitter.build({
        type: 'web_search_call',
        query: spec.query,
        sources: spec.sources ?? [],
      });
    }
    return null;
  };
  const titles = new Map<string, string>();
  return {
    enabled: true,
    builder(next) {
      return async (spec) => {
        if (spec.type === 'web_search_call')
          for (const s of spec.sources ?? []) if (s.title) titles.set(s.url, s.title);
        const item = resolve(spec);
        if (item) return [item];
        return next ? next(spec) : buildItems([spec]);
      };
    },
    report(output) {
      const last = output.at(-1);
      if (!last || (last.type !== 'file_search_call' && last.type !== 'web_search_call')) return null;
      return last.type === 'file_search_call' ? fileReport(last) : webReport(last, titles);
    },
  };
}

const NO_FILE_SEARCH_TOOL = 'the script runs a file search, but the request has no file_search tool';
const NO_WEB_SEARCH_TOOL = 'the script runs a web search, but the request has no web_search tool';

/** The search tools of a request that has neither: a scripted search call is a script error. */
const WITHOUT_SEARCH_TOOLS: SearchTools = {
  enabled: false,
  builder(next) {
    return async (spec) => {
      if (spec.type === 'file_search_call') throw scriptError(NO_FILE_SEARCH_TOOL);
      if (spec.type === 'web_search_call') throw scriptError(NO_WEB_SEARCH_TOOL);
      return next ? next(spec) : buildItems([spec]);
    };
  },
  // Without the tools no search call is built, so no output ends with one.
  report: () => null,
};

/** The default answer after a file search: the best hit quoted, each file cited once. */
function fileReport(call: WireItem): WireItem {
  const results = (call.results as JsonObject[] | null) ?? [];
  const queries = (call.queries as string[]).map((q) => `"${q}"`).join(', ');
  if (results.length === 0) return message(`File search found nothing for ${queries}.`, []);
  const best = results[0]!;
  const quote = String(best.text).replace(/\s+/g, ' ').slice(0, 200);
  const text = `File search for ${queries} found: "${quote}"`;
  const files = [...new Map(results.map((r) => [r.file_id, r])).values()];
  const annotations = files.map((r) => ({
    type: 'file_citation',
    file_id: r.file_id,
    filename: r.filename,
    index: text.length,
  }));
  return message(text, annotations);
}

/** The default answer after a web search: a markdown link per source, each cited. */
function webReport(call: WireItem, titles: ReadonlyMap<string, string>): WireItem {
  const action = call.action as JsonObject;
  const sources = ((action.sources as JsonObject[] | undefined) ?? []).map((s) => String(s.url));
  const head = `Web search for "${String(action.query)}"`;
  if (sources.length === 0) return message(`${head} found no sources (the emulator has no network).`, []);
  let text = `${head} found:`;
  const annotations: JsonObject[] = [];
  for (const url of sources) {
    const title = titles.get(url) ?? new URL(url).hostname;
    text += '\n- ';
    const start = text.length;
    text += `[${title}](${url})`;
    annotations.push({ type: 'url_citation', end_index: text.length, start_index: start, title, url });
  }
  return message(text, annotations);
}

function message(text: string, annotations: JsonObject[]): WireItem {
  const [item] = buildItems([{ type: 'message', text }]);
  (item!.content as JsonObject[])[0]!.annotations = annotations;
  return item!;
}

function scriptError(problem: string): HttpError {
  return new HttpError(
    500,
    { message: `Script error: ${problem}.`, type: 'server_error', param: null, code: null },
    { 'x-should-retry': 'false' },
  );
}

import { attributeFilter } from '../hosted/attribute-filter.js';
import { sendJson } from '../http/http-io.js';
import { sendPage } from '../http/pagination.js';
import { validateMetadata } from '../validate/create-request.js';
import { validateFileSearchTool } from '../validate/search-tools.js';
import { invalidRequest, invalidType, missingParameter } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';
import type { Route } from './route.js';

function objectBody(body: unknown, keys: readonly string[]): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidType('body', 'an object', body);
  }
  for (const key of Object.keys(body)) {
    if (!keys.includes(key)) throw invalidRequest(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  }
  return body as JsonObject;
}

function optionalString(b: JsonObject, key: string): string | null | undefined {
  const value = b[key];
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== 'string') throw invalidType(key, 'a string', value);
  return value;
}

function attributes(b: JsonObject): JsonObject {
  const value = b.attributes ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidType('attributes', 'an object', value);
  return value as JsonObject;
}

/**
 * Enough of the Vector Stores API (NODE `VectorStores`, `VectorStores.Files`) for `file_search`:
 * create (with `file_ids`), list, retrieve, update, delete stores; add, list, retrieve and remove
 * files; and `POST /vector_stores/{id}/search`. Files are processed at once (`status:
 * "completed"`). Unknown ids are 404 (the real wording is not confirmed).
 */
export const VECTOR_STORE_ROUTES: Route[] = [
  {
    pattern: /^\/vector_stores$/,
    methods: {
      POST: (s, ex, _p, body) => {
        const b = objectBody(body, [
          'name',
          'file_ids',
          'metadata',
          'expires_after',
          'chunking_strategy',
          'description',
        ]);
        validateMetadata(b.metadata);
        const fileIds = b.file_ids ?? [];
        if (!Array.isArray(fileIds)) throw invalidType('file_ids', 'an array', fileIds);
        const files = fileIds.map((id, i) => s.containers.file(String(id), `file_ids[${i}]`));
        const store = s.vectorStores.create({
          name: optionalString(b, 'name') ?? null,
          metadata: (b.metadata as JsonObject | undefined) ?? {},
        });
        for (const file of files) s.vectorStores.addFile(String(store.id), file, {});
        sendJson(ex, 200, s.vectorStores.json(String(store.id)));
      },
      GET: (s, ex) => sendPage(ex, s.vectorStores.list(), 'object'),
    },
  },
  {
    pattern: /^\/vector_stores\/([^/]+)$/,
    methods: {
      GET: (s, ex, id) => sendJson(ex, 200, s.vectorStores.json(id)),
      POST: (s, ex, id, body) => {
        const b = objectBody(body, ['name', 'metadata', 'expires_after']);
        validateMetadata(b.metadata);
        const changes: { name?: string | null; metadata?: JsonObject | null } = {};
        if (b.name !== undefined) changes.name = optionalString(b, 'name') ?? null;
        if (b.metadata !== undefined) changes.metadata = b.metadata as JsonObject | null;
        sendJson(ex, 200, s.vectorStores.update(id, changes));
      },
      DELETE: (s, ex, id) => {
        s.vectorStores.delete(id);
        sendJson(ex, 200, { id, object: 'vector_store.deleted', deleted: true });
      },
    },
  },
  {
    pattern: /^\/vector_stores\/([^/]+)\/files$/,
    methods: {
      POST: (s, ex, id, body) => {
        const b = objectBody(body, ['file_id', 'attributes', 'chunking_strategy']);
        if (b.file_id === undefined) throw missingParameter('file_id');
        s.vectorStores.json(id);
        const file = s.containers.file(String(b.file_id), 'file_id');
        sendJson(ex, 200, s.vectorStores.addFile(id, file, attributes(b)));
      },
      GET: (s, ex, id) => sendPage(ex, s.vectorStores.files(id), 'object'),
    },
  },
  {
    pattern: /^\/vector_stores\/([^/]+)\/files\/([^/]+)$/,
    methods: {
      GET: (s, ex, _id, _body, params) => sendJson(ex, 200, s.vectorStores.fileJson(params[0]!, params[1]!)),
      DELETE: (s, ex, _id, _body, params) => {
        s.vectorStores.removeFile(params[0]!, params[1]!);
        sendJson(ex, 200, { id: params[1], object: 'vector_store.file.deleted', deleted: true });
      },
    },
  },
  {
    pattern: /^\/vector_stores\/([^/]+)\/search$/,
    methods: {
      POST: (s, ex, id, body) => {
        const b = objectBody(body, [
          'query',
          'max_num_results',
          'filters',
          'ranking_options',
          'rewrite_query',
        ]);
        if (b.query === undefined) throw missingParameter('query');
        const queries = Array.isArray(b.query) ? b.query : [b.query];
        if (queries.some((q) => typeof q !== 'string'))
          throw invalidType('query', 'a string or an array', b.query);
        // The tool's own checks cover max_num_results (1–50), filters and ranking_options.
        const tool = validateFileSearchTool(
          {
            type: 'file_search',
            vector_store_ids: [id],
            ...(b.max_num_results !== undefined
              ? { max_num_results: b.max_num_results }
              : { max_num_results: 10 }),
            ...(b.filters !== undefined ? { filters: b.filters } : {}),
            ...(b.ranking_options !== undefined ? { ranking_options: b.ranking_options } : {}),
          },
          'body',
        );
        const filter = tool.filters ? attributeFilter(tool.filters as JsonObject) : undefined;
        const hits = s.vectorStores.search([id], queries.join(' '), Number(tool.max_num_results), filter);
        sendJson(ex, 200, {
          object: 'vector_store.search_results.page',
          search_query: queries,
          data: hits.map((hit) => ({
            file_id: hit.file_id,
            filename: hit.filename,
            score: hit.score,
            attributes: hit.attributes,
            content: [{ type: 'text', text: hit.text }],
          })),
          has_more: false,
          next_page: null,
        });
      },
    },
  },
];

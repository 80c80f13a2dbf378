import type { IncomingMessage } from 'node:http';
import { redactRequestBody } from '../validate/mcp-tool.js';
import type { RequestTarget } from './request-target.js';

/**
 * One HTTP request the emulator received, as kept in `emulator.requests`. Credentials are never
 * kept: `api-key` and `authorization` header values are replaced by `[redacted]`, and so are the
 * `headers` values and `authorization` of hosted MCP tools in the body (`<redacted>`).
 *
 * @example
 * import { expect } from 'vitest';
 * import type { Emulator } from '@turnkit/emulator';
 * declare const emu: Emulator;
 * expect(emu.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/responses', status: 200 });
 */
export interface RecordedRequest {
  /** The HTTP method, e.g. `POST`. */
  method: string;
  /** The URL path without the query, e.g. `/openai/v1/responses`. */
  path: string;
  /** Query parameters; a repeated key (or `key[]`) gives an array. */
  query: Record<string, string | string[]>;
  /** Request headers, lower-cased names, credentials redacted. */
  headers: Record<string, string>;
  /**
   * The parsed JSON body (a summary for multipart uploads); the raw text when it is not valid
   * JSON; `undefined` when empty, and for a request refused before its body was read (401, 403,
   * 404, 405, 413, unsupported content type), whose body is never kept.
   */
  body: unknown;
  /** The HTTP status the emulator answered with; `undefined` until the answer starts (or when the connection was dropped). */
  status?: number;
  /** The `x-request-id` the emulator answered with. */
  requestId: string;
}

/**
 * Builds the record of an incoming request.
 *
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import { recordRequest } from './recorded-request.js';
 * import { requestTarget } from './request-target.js';
 * declare const req: IncomingMessage;
 * declare const body: unknown; // the parsed JSON body
 * const record = recordRequest(req, requestTarget(req.url), body, 'req_1');
 */
export function recordRequest(
  req: IncomingMessage,
  target: RequestTarget,
  body: unknown,
  requestId: string,
): RecordedRequest {
  const headers: Record<string, string> = {};
  const sent = req.headers;
  for (const name in sent) {
    const value = sent[name];
    if (value === undefined) continue;
    headers[name] =
      name === 'api-key' || name === 'authorization'
        ? '[redacted]'
        : Array.isArray(value)
          ? value.join(', ')
          : value;
  }
  return {
    method: req.method ?? 'GET',
    path: target.pathname,
    query: target.url ? parseQuery(target.url) : {},
    headers,
    body: redactRequestBody(body),
    requestId,
  };
}

/**
 * Reads a URL's query into an object; `include[]=a&include[]=b` and `include=a&include=b` both
 * give `{ include: ['a', 'b'] }`.
 *
 * @example
 * import { parseQuery } from './recorded-request.js';
 * parseQuery(new URL('http://h/x?limit=2&include[]=a')); // { limit: '2', include: ['a'] }
 */
export function parseQuery(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [rawKey, value] of url.searchParams) {
    const isArray = rawKey.endsWith('[]');
    const key = isArray ? rawKey.slice(0, -2) : rawKey;
    const existing = query[key];
    if (existing === undefined) query[key] = isArray ? [value] : value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

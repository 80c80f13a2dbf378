import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Exchange, sendError } from '../http/http-io.js';
import { isMultipart, MultipartBody, parseMultipart } from '../http/multipart.js';
import { recordRequest } from '../http/recorded-request.js';
import { HttpError, invalidRequest, notFound } from '../wire/errors.js';
import { newRequestId } from '../wire/ids.js';
import { compactResponse } from './compact-route.js';
import { CONTAINER_ROUTES } from './container-routes.js';
import { createResponse } from './create-response.js';
import type { EmulatorState } from './emulator-state.js';
import {
  cancelResponse,
  countTokens,
  deleteResponse,
  listInputItems,
  retrieveResponse,
} from './response-routes.js';
import type { Handler, Route } from './route.js';

/** The path prefixes the API is served under: OpenAI, Azure v1, legacy Azure (`AzureOpenAI` client). */
export const API_PREFIXES = ['/openai/v1', '/v1', '/openai'] as const;

const NOT_EMULATED: Handler = (_state, ex) => {
  throw notFound(`The emulator does not implement ${ex.req.method} ${ex.url.pathname} yet.`);
};

const ROUTES: Route[] = [
  { pattern: /^\/responses$/, methods: { POST: (s, ex, _p, body) => createResponse(s, ex, body) } },
  {
    pattern: /^\/responses\/input_tokens$/,
    methods: { POST: (s, ex, _p, body) => countTokens(s, ex, body) },
  },
  { pattern: /^\/responses\/compact$/, methods: { POST: (s, ex, _p, body) => compactResponse(s, ex, body) } },
  {
    pattern: /^\/responses\/([^/]+)$/,
    methods: {
      GET: (s, ex, id) => retrieveResponse(s, ex, id),
      DELETE: (s, ex, id) => deleteResponse(s, ex, id),
    },
  },
  {
    pattern: /^\/responses\/([^/]+)\/input_items$/,
    methods: { GET: (s, ex, id) => listInputItems(s, ex, id) },
  },
  { pattern: /^\/responses\/([^/]+)\/cancel$/, methods: { POST: (s, ex, id) => cancelResponse(s, ex, id) } },
  ...CONTAINER_ROUTES,
  {
    pattern: /^\/conversations(\/.*)?$/,
    methods: { GET: NOT_EMULATED, POST: NOT_EMULATED, DELETE: NOT_EMULATED },
  },
];

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Creates the `http` request listener of an emulator: records the request, checks auth, routes it
 * (same API under `/v1`, `/openai/v1` and `/openai`) and turns thrown `HttpError`s into error
 * answers. Every answer carries an `x-request-id`.
 *
 * @example
 * const server = createServer(createRequestListener(state));
 */
export function createRequestListener(
  state: EmulatorState,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(state, req, res);
  };
}

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const prefix = API_PREFIXES.find((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
  const azure = prefix?.startsWith('/openai') ?? false;
  res.setHeader('x-request-id', requestId);
  res.setHeader('openai-version', '2020-10-01');
  if (azure) res.setHeader('apim-request-id', requestId.slice(4));
  let bytes: Buffer;
  try {
    bytes = await readBody(req);
  } catch {
    res.destroy();
    return;
  }
  const multipart = isMultipart(req.headers['content-type']);
  let parsed: { ok: true; value: unknown } | { ok: false };
  let text = '';
  if (multipart) {
    try {
      parsed = { ok: true, value: await parseMultipart(bytes, String(req.headers['content-type'])) };
    } catch {
      parsed = { ok: true, value: undefined };
    }
  } else {
    text = bytes.toString('utf8');
    parsed = parseJson(text);
  }
  const recorded = parsed.ok
    ? parsed.value instanceof MultipartBody
      ? parsed.value.toRecord()
      : parsed.value
    : text === ''
      ? undefined
      : text;
  const record = recordRequest(req, url, recorded, requestId);
  state.requests.push(record);
  const connection = new AbortController();
  res.once('close', () => connection.abort());
  const signal = AbortSignal.any([connection.signal, state.closing.signal]);
  const ex: Exchange = { req, res, url, requestId, record, azure, signal };
  const started = Date.now();
  try {
    checkAuth(state, req);
    const { handler, param, params } = route(
      req.method ?? 'GET',
      prefix ? url.pathname.slice(prefix.length) : null,
      ex,
    );
    if (!parsed.ok) {
      throw invalidRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      );
    }
    res.setHeader('openai-processing-ms', String(Date.now() - started));
    if (multipart && parsed.value === undefined) {
      throw invalidRequest('Could not parse multipart form data: the body is not valid multipart/form-data.');
    }
    await handler(state, ex, param, parsed.value ?? {}, params);
  } catch (error) {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    sendError(ex, error instanceof HttpError ? error : internalError(error));
  }
}

function route(
  method: string,
  path: string | null,
  ex: Exchange,
): { handler: Handler; param: string; params: string[] } {
  for (const r of path === null ? [] : ROUTES) {
    const match = r.pattern.exec(path as string);
    if (!match) continue;
    const handler = r.methods[method];
    if (!handler) {
      const allowed = Object.keys(r.methods).join(', ');
      throw new HttpError(
        405,
        {
          message: `Method ${method} is not allowed for ${ex.url.pathname}. Allowed: ${allowed}.`,
          type: 'invalid_request_error',
          param: null,
          code: 'method_not_allowed',
        },
        { allow: allowed },
      );
    }
    const params = match.slice(1).map((p) => decodeURIComponent(p ?? ''));
    return { handler, param: params[0] ?? '', params };
  }
  throw notFound(`Invalid URL (${method} ${ex.url.pathname})`);
}

function checkAuth(state: EmulatorState, req: IncomingMessage): void {
  if (state.apiKey === undefined) return;
  const apiKey = req.headers['api-key'];
  const authorization = req.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (apiKey === state.apiKey || bearer === state.apiKey) return;
  const provided = apiKey !== undefined || authorization !== undefined;
  throw new HttpError(401, {
    message: provided
      ? 'Incorrect API key provided. You can find your API key in the emulator configuration (--api-key).'
      : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the api-key header.",
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function internalError(error: unknown): HttpError {
  return new HttpError(
    500,
    {
      message: `The emulator failed: ${error instanceof Error ? error.message : String(error)}`,
      type: 'server_error',
      param: null,
      code: null,
    },
    { 'x-should-retry': 'false' },
  );
}

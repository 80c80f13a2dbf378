import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Exchange, sendError } from '../http/http-io.js';
import { parseMultipart } from '../http/multipart.js';
import { recordRequest } from '../http/recorded-request.js';
import {
  BodyAbortedError,
  type BodyKind,
  checkContentType,
  checkDeclaredLength,
  hasBody,
  readBody,
  unparsableJson,
} from '../http/request-body.js';
import { requestTarget } from '../http/request-target.js';
import { ServedExchange } from '../http/served-exchange.js';
import { redactRequestBody } from '../validate/mcp-tool.js';
import { azureError, HttpError, notFound } from '../wire/errors.js';
import { newRequestId } from '../wire/ids.js';
import { compactResponse } from './compact-route.js';
import { CONTAINER_ROUTES } from './container-routes.js';
import { CONVERSATION_ROUTES } from './conversation-routes.js';
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
import { VECTOR_STORE_ROUTES } from './vector-store-routes.js';

/** The path prefixes the API is served under: OpenAI, Azure v1, legacy Azure (`AzureOpenAI` client). */
export const API_PREFIXES = ['/openai/v1', '/v1', '/openai'] as const;

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
  ...CONVERSATION_ROUTES,
  ...VECTOR_STORE_ROUTES,
];

/**
 * Creates the `http` request listener of an emulator (for both `request` and `checkContinue`).
 * From the headers alone it checks Host and Origin (403), the API key (401), the route (404,
 * 405), the content type (400) and a declared size (413); only then does it read the body (413
 * once it passes `maxBodyBytes`), record it, and call the route (same API under `/v1`,
 * `/openai/v1` and `/openai`). Thrown `HttpError`s become error answers; an answer given before
 * the body was read closes the connection, so the rest of the body is never read. Every answer
 * carries an `x-request-id`.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { createState } from './emulator-state.js';
 * import { createRequestListener } from './index.js';
 * const state = createState({ turns: [], host: '127.0.0.1', maxBodyBytes: 64 * 1024 * 1024, logLimit: 1000 });
 * const server = createServer(createRequestListener(state));
 */
export function createRequestListener(
  state: EmulatorState,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => handle(state, req, res);
}

/** A route found for a request: its handler, its path's ids, and whether it takes uploads. */
interface RouteMatch {
  handler: Handler;
  param: string;
  params: string[];
  uploads: boolean;
}

// A request is served without awaits on its way (each would cost a turn of the microtask queue):
// the body read and the handler's promise report to callbacks, and every error ends in `fail`.
function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse): void {
  const requestId = newRequestId();
  const target = requestTarget(req.url);
  const prefix = apiPrefix(target.pathname);
  const azure = prefix?.startsWith('/openai') ?? false;
  const record = recordRequest(req, target, undefined, requestId);
  state.requests.push(record);
  const ex = new ServedExchange({
    req,
    res,
    requestId,
    record,
    azure,
    target,
    closing: state.closing.signal,
    answers: state.answers,
  });
  ex.setHeader('x-request-id', requestId);
  ex.setHeader('openai-version', '2020-10-01');
  if (azure) ex.setHeader('apim-request-id', requestId.slice(4));
  const started = performance.now();
  const withBody = hasBody(req);
  let found: RouteMatch;
  let kind: BodyKind;
  try {
    state.guard.check(req);
    const cors = state.guard.corsHeaders(req);
    for (const name in cors) ex.setHeader(name, cors[name]!);
    if (state.guard.isPreflight(req) && cors['access-control-allow-origin'] !== undefined) {
      record.status = 204;
      ex.writeHead(204, withBody ? { connection: 'close' } : {});
      res.end();
      return;
    }
    checkAuth(state, req, azure);
    found = route(
      req.method ?? 'GET',
      target.pathname,
      prefix === undefined ? null : target.pathname.slice(prefix.length),
    );
    kind = withBody ? checkContentType(req, found) : 'none';
    if (withBody) checkDeclaredLength(req, state.maxBodyBytes);
    const expect = req.headers.expect;
    if (expect !== undefined && /^100-continue$/i.test(expect.trim())) res.writeContinue();
  } catch (error) {
    fail(ex, error, withBody);
    return;
  }
  readBody(
    req,
    state.maxBodyBytes,
    (bytes) => answer(state, ex, found, kind, bytes, started),
    (error) => fail(ex, error, withBody),
  );
}

/** Parses a body read in full and calls the route's handler with it. */
function answer(
  state: EmulatorState,
  ex: Exchange,
  found: RouteMatch,
  kind: BodyKind,
  bytes: Buffer,
  started: number,
): void {
  try {
    if (kind === 'multipart') {
      parseForm(ex, bytes).then(
        (form) => call(state, ex, found, form, started),
        (error: unknown) => fail(ex, error, false),
      );
      return;
    }
    call(state, ex, found, parseJson(ex, bytes), started);
  } catch (error) {
    fail(ex, error, false);
  }
}

function call(state: EmulatorState, ex: Exchange, found: RouteMatch, body: unknown, started: number): void {
  try {
    ex.setHeader('openai-processing-ms', String(Math.floor(performance.now() - started)));
    const done = found.handler(state, ex, found.param, body ?? {}, found.params);
    done?.then(undefined, (error: unknown) => fail(ex, error, false));
  } catch (error) {
    fail(ex, error, false);
  }
}

/**
 * Answers a request whose serving failed: with the error (an `HttpError` as it is, anything else
 * as a 500), and `Connection: close` when the body was not read; a client gone, or an answer
 * already started, only drops the connection.
 */
function fail(ex: Exchange, error: unknown, bodyUnread: boolean): void {
  if (error instanceof BodyAbortedError || ex.res.headersSent || ex.res.destroyed) {
    ex.res.destroy();
    return;
  }
  if (bodyUnread) ex.setHeader('connection', 'close');
  sendError(ex, error instanceof HttpError ? error : internalError(error));
}

/** The API prefix a path is under (the path itself, or followed by `/`), or `undefined`. */
function apiPrefix(pathname: string): string | undefined {
  for (const prefix of API_PREFIXES) {
    if (
      pathname.startsWith(prefix) &&
      (pathname.length === prefix.length || pathname.charCodeAt(prefix.length) === SLASH)
    ) {
      return prefix;
    }
  }
  return undefined;
}

const SLASH = 0x2f;

/**
 * Parses a multipart body read in full and puts its summary in the request's record.
 *
 * @throws {HttpError} 400 for bad multipart data.
 */
async function parseForm(ex: Exchange, bytes: Buffer): Promise<unknown> {
  const form = await parseMultipart(bytes, String(ex.req.headers['content-type']));
  ex.record.body = form.toRecord();
  return form;
}

/**
 * Parses a JSON body read in full (`undefined` when empty) and puts it (credentials redacted) in
 * the request's record; a body that is not JSON is recorded as its text.
 *
 * @throws {HttpError} 400 for JSON that does not parse.
 */
function parseJson(ex: Exchange, bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    ex.record.body = text;
    throw unparsableJson();
  }
  ex.record.body = redactRequestBody(body);
  return body;
}

function route(method: string, pathname: string, path: string | null): RouteMatch {
  for (const r of path === null ? [] : ROUTES) {
    const match = r.pattern.exec(path as string);
    if (!match) continue;
    const handler = r.methods[method];
    if (!handler) {
      const allowed = Object.keys(r.methods).join(', ');
      throw new HttpError(
        405,
        {
          message: `Method ${method} is not allowed for ${pathname}. Allowed: ${allowed}.`,
          type: 'invalid_request_error',
          param: null,
          code: 'method_not_allowed',
        },
        { allow: allowed },
      );
    }
    const params = match.slice(1).map((p) => decodeURIComponent(p ?? ''));
    return { handler, param: params[0] ?? '', params, uploads: r.uploads?.includes(method) ?? false };
  }
  throw notFound(`Invalid URL (${method} ${pathname})`);
}

/** Azure's answer to a wrong (or missing) key, as real Azure OpenAI resources give it. */
const AZURE_ACCESS_DENIED =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

function checkAuth(state: EmulatorState, req: IncomingMessage, azure: boolean): void {
  if (state.apiKey === undefined) return;
  const apiKey = req.headers['api-key'];
  const authorization = req.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (apiKey === state.apiKey || bearer === state.apiKey) return;
  if (azure) throw azureError(401, '401', AZURE_ACCESS_DENIED);
  const provided = apiKey !== undefined || authorization !== undefined;
  throw new HttpError(401, {
    message: provided
      ? 'Incorrect API key provided. You can find your API key in the emulator configuration (the apiKey option, --api-key or TURNKIT_EMULATOR_API_KEY).'
      : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the api-key header.",
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  });
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

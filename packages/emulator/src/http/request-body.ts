import type { IncomingMessage } from 'node:http';
import { HttpError, invalidRequest } from '../wire/errors.js';

/** The largest request body an emulator reads unless `maxBodyBytes` says otherwise: 64 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** What a request body is, judged from its headers alone. */
export type BodyKind = 'none' | 'json' | 'multipart';

/** Thrown by {@link readBody} when the client goes away before its body ends. */
export class BodyAbortedError extends Error {
  constructor() {
    super('The client closed the connection before the end of its request body.');
    this.name = 'BodyAbortedError';
  }
}

/**
 * Tells whether a request carries a body: a `Content-Length` above 0, or a `Transfer-Encoding`.
 *
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import { hasBody } from './request-body.js';
 * declare const req: IncomingMessage;
 * hasBody(req); // false for the SDK's `POST /responses/{id}/cancel` (content-length: 0)
 */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > 0;
}

/**
 * Checks the `Content-Type` of a request with a body (see {@link hasBody}) before the body is
 * read: it must be `application/json` (parameters such as `charset` allowed), or
 * `multipart/form-data` where the route takes uploads. (A request without a body passes whatever
 * its headers say: its caller does not ask.)
 *
 * @throws {HttpError} 400 `unsupported_content_type`, worded as the real service words it (for
 * JSON-only routes; the wording for upload routes is the emulator's own).
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import { checkContentType, hasBody } from './request-body.js';
 * declare const req: IncomingMessage;
 * const kind = hasBody(req) ? checkContentType(req, { uploads: false }) : 'none';
 */
export function checkContentType(req: IncomingMessage, route: { uploads: boolean }): 'json' | 'multipart' {
  const accepted = route.uploads ? "'application/json' or 'multipart/form-data'" : "'application/json'";
  const header = req.headers['content-type'];
  if (header === undefined || header.trim() === '') {
    throw new HttpError(400, {
      message: `Unsupported content type: the request has a body but no Content-Type header. This API method only accepts ${accepted} requests. Please try again with a supported content type.`,
      type: 'invalid_request_error',
      param: null,
      code: 'unsupported_content_type',
    });
  }
  const semicolon = header.indexOf(';');
  const mediaType = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType === 'application/json') return 'json';
  if (mediaType === 'multipart/form-data' && route.uploads) return 'multipart';
  const shown = header.length > 200 ? `${header.slice(0, 200)}…` : header;
  throw new HttpError(400, {
    message: `Unsupported content type: '${shown}'. This API method only accepts ${accepted} requests, but you specified the header 'Content-Type: ${shown}'. Please try again with a supported content type.`,
    type: 'invalid_request_error',
    param: null,
    code: 'unsupported_content_type',
  });
}

/**
 * Refuses a body whose `Content-Length` already says it is too large, before reading any of it.
 *
 * @throws {HttpError} 413 (see {@link readBody}).
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import type { EmulatorState } from '../routes/emulator-state.js';
 * import { checkDeclaredLength } from './request-body.js';
 * declare const req: IncomingMessage;
 * declare const state: EmulatorState;
 * checkDeclaredLength(req, state.maxBodyBytes);
 */
export function checkDeclaredLength(req: IncomingMessage, maxBytes: number): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes, `Content-Length: ${declared}`);
}

/**
 * Reads a request body of at most `maxBytes` and hands it to `onBody`, or an error to `onError`
 * (one of them is called, once). Once the body passes the limit it stops: it pauses the request,
 * keeps nothing of what it read, and reports the error, so the caller answers 413 and closes the
 * connection. (Callbacks rather than a promise: the body is handled in the turn of the event loop
 * that ends it.)
 *
 * Reports to `onError`: {@link HttpError} 413 `{"message": "Maximum content size limit (N)
 * exceeded (M bytes read)", "type": "server_error"}`, the body the real service gives for an
 * oversized upload; {@link BodyAbortedError} when the client goes away before the body ends.
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import { readBody } from './request-body.js';
 * declare const req: IncomingMessage;
 * readBody(
 *   req,
 *   64 * 1024 * 1024,
 *   (bytes) => console.log(`${bytes.length} bytes`),
 *   (error) => console.error(error.message),
 * );
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  onBody: (bytes: Buffer) => void,
  onError: (error: HttpError | BodyAbortedError) => void,
): void {
  let chunks: Buffer[] = [];
  let size = 0;
  // The listeners stay on the request (it lives no longer than its answer); once the read is
  // settled they do nothing.
  let settled = false;
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size <= maxBytes) {
      chunks.push(chunk);
      return;
    }
    settled = true;
    req.pause();
    chunks = [];
    onError(tooLarge(maxBytes, `${size} bytes read`));
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    onBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
  const gone = () => {
    if (settled) return;
    settled = true;
    onError(new BodyAbortedError());
  };
  req.on('error', gone);
  req.on('close', gone);
}

function tooLarge(maxBytes: number, seen: string): HttpError {
  return new HttpError(413, {
    message: `Maximum content size limit (${maxBytes}) exceeded (${seen})`,
    type: 'server_error',
    param: null,
    code: null,
  });
}

/**
 * Builds the 400 the real service gives for a body that is not valid JSON.
 *
 * @example
 * import { unparsableJson } from './request-body.js';
 * throw unparsableJson();
 */
export function unparsableJson(): HttpError {
  return invalidRequest(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  );
}

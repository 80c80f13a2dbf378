/** The origin a request target is read against (targets are paths; the origin is never used). */
const BASE = 'http://emulator.local';

/**
 * A request target that `new URL` gives back unchanged as its `pathname`: a path of letters,
 * digits, `_`, `-` and `/` (no second leading `/`), without query, dot segments or escapes.
 */
const PLAIN_PATH = /^\/(?!\/)[\w\-/]*$/;

/** The path and query of a request target, as `new URL(target, base)` reads them. */
export interface RequestTarget {
  pathname: string;
  /** The parsed URL; `undefined` for a plain path (parsed only if a handler asks for it). */
  url: URL | undefined;
}

/**
 * Reads a request target (`req.url`). A plain path (`/v1/responses`, the target of nearly every
 * request) is taken as it is, since `new URL` would give it back unchanged; any other target
 * (a query, `.` segments, `%` escapes, an absolute URL, …) is parsed with `new URL`.
 *
 * @example
 * ```ts
 * import { requestTarget } from './request-target.js';
 * requestTarget('/v1/responses').pathname; // '/v1/responses'
 * requestTarget('/v1/responses/resp_1?stream=true').url?.searchParams.get('stream'); // 'true'
 * ```
 */
export function requestTarget(target: string | undefined): RequestTarget {
  if (target !== undefined && PLAIN_PATH.test(target)) return { pathname: target, url: undefined };
  const url = targetUrl(target);
  return { pathname: url.pathname, url };
}

/**
 * Parses a request target (`req.url`, `/` when there is none) with `new URL`, against a
 * placeholder origin.
 *
 * @example
 * ```ts
 * import { targetUrl } from './request-target.js';
 * targetUrl('/v1/responses?limit=2').searchParams.get('limit'); // '2'
 * ```
 */
export function targetUrl(target: string | undefined): URL {
  return new URL(target ?? '/', BASE);
}

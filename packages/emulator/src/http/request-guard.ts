import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import { HttpError } from '../wire/errors.js';

/** The names every emulator answers to, whatever address it listens on. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Addresses that listen on every interface. */
const WILDCARD_ADDRESSES = ['0.0.0.0', '::', '[::]'];
/** A `Host` header (or an `allowedHosts` entry): a name or IP literal, then an optional port. */
const HOST_PATTERN = /^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)(?::(\d{1,5}))?$/i;
/** Response headers a page on an allowed origin may read. */
const EXPOSED_HEADERS =
  'x-request-id, openai-version, openai-processing-ms, apim-request-id, retry-after, retry-after-ms, x-should-retry';

/** A parsed `Host`: the lower-cased name (IPv6 in brackets) and the port, `undefined` when absent. */
interface HostName {
  name: string;
  port: number | undefined;
}

/**
 * Parses a `Host` header value or an `allowedHosts` entry (`name`, `name:port`, `[v6]:port`).
 * Returns `undefined` for anything else (a URL, a path, credentials, spaces).
 *
 * @example
 * import { parseHost } from './request-guard.js';
 * parseHost('LocalHost:8080'); // { name: 'localhost', port: 8080 }
 */
export function parseHost(value: string): HostName | undefined {
  const match = HOST_PATTERN.exec(value);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  if (name.startsWith('[') && !isIPv6(name.slice(1, -1))) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name, port };
}

/**
 * Parses an `allowedOrigins` entry or an `Origin` header into its serialized origin
 * (`http://localhost:5173`), or `undefined` when it is not an `http:`/`https:` origin without path,
 * query or credentials (a trailing `/` is allowed).
 *
 * @example
 * import { parseOrigin } from './request-guard.js';
 * parseOrigin('http://LOCALHOST:5173/'); // 'http://localhost:5173'
 */
export function parseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
  if (!/^https?:\/\/[^/]+\/?$/i.test(value)) return undefined;
  return url.origin;
}

/** What a {@link RequestGuard} lets through besides the emulator's own names. */
export interface RequestGuardOptions {
  /** The address the server listens on (e.g. `127.0.0.1`, `0.0.0.0`, `::1`). */
  host: string;
  /** More names (or `name:port`) the `Host` header may carry, already checked with {@link parseHost}. */
  allowedHosts?: readonly string[];
  /** Browser origins that may call the emulator, already serialized with {@link parseOrigin}. */
  allowedOrigins?: readonly string[];
}

/**
 * Keeps browser pages out of an emulator: it checks the `Host` header (the emulator's own
 * host:port only, against DNS rebinding), the `Origin` header (the emulator's own origin, or one
 * listed in `allowedOrigins`) and `Sec-Fetch-Site` (no cross-site request without an allowed
 * origin), and gives pages on an allowed origin their CORS headers. Only headers are read.
 *
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import { RequestGuard } from './request-guard.js';
 * declare const port: number; // the port the server listens on
 * declare const req: IncomingMessage;
 * const guard = new RequestGuard({ host: '127.0.0.1' });
 * guard.listening(port);
 * guard.check(req); // throws HttpError 403 for a foreign Host or Origin
 */
export class RequestGuard {
  readonly #names: Set<string>;
  readonly #pinned: HostName[] = [];
  readonly #anyAddress: boolean;
  readonly #origins: Set<string>;
  #port: number | undefined;
  /** The last `Host` value accepted (nearly every request repeats it): checked again only when it changes. */
  #acceptedHost: string | undefined;

  constructor(options: RequestGuardOptions) {
    const listen =
      options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
    this.#anyAddress = WILDCARD_ADDRESSES.includes(listen);
    this.#names = new Set([...LOOPBACK_NAMES, ...(this.#anyAddress ? [] : [listen.toLowerCase()])]);
    for (const entry of options.allowedHosts ?? []) {
      const host = parseHost(entry)!;
      if (host.port === undefined) this.#names.add(host.name);
      else this.#pinned.push(host);
    }
    this.#origins = new Set(options.allowedOrigins ?? []);
  }

  /** Sets the port the server listens on; until then every request is refused. */
  listening(port: number): void {
    this.#port = port;
    this.#acceptedHost = undefined;
  }

  /**
   * Refuses a request a browser page could have sent: a `Host` that is not the emulator's, an
   * `Origin` that is neither the emulator's nor allowed, or a cross-site `Sec-Fetch-Site`
   * without an allowed `Origin`.
   *
   * @throws {HttpError} 403 `host_not_allowed` or `origin_not_allowed`.
   */
  check(req: IncomingMessage): void {
    const hostHeader = req.headers.host;
    if (hostHeader === undefined || hostHeader !== this.#acceptedHost) this.#checkHost(hostHeader);
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (this.#isOwnOrigin(origin) || this.#isAllowedOrigin(origin)) return;
      throw forbidden(
        'origin_not_allowed',
        `Requests from the browser origin '${clip(origin)}' are refused: the emulator answers browser pages only on its own origin or on one listed in the allowedOrigins option (--allowed-origin).`,
      );
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      throw forbidden(
        'origin_not_allowed',
        `A ${site} browser request without an Origin header is refused: the emulator answers browser pages only on its own origin or on one listed in the allowedOrigins option (--allowed-origin).`,
      );
    }
  }

  /**
   * The CORS headers for a request from an origin listed in `allowedOrigins`; none otherwise.
   *
   * @example
   * import type { IncomingMessage, ServerResponse } from 'node:http';
   * import type { RequestGuard } from './request-guard.js';
   * declare const guard: RequestGuard;
   * declare const req: IncomingMessage;
   * declare const res: ServerResponse;
   * for (const [name, value] of Object.entries(guard.corsHeaders(req))) res.setHeader(name, value);
   */
  corsHeaders(req: IncomingMessage): Readonly<Record<string, string>> {
    const origin = req.headers.origin;
    if (origin === undefined || !this.#isAllowedOrigin(origin)) return NO_CORS_HEADERS;
    const headers: Record<string, string> = {
      'access-control-allow-origin': origin,
      vary: 'Origin',
      'access-control-expose-headers': EXPOSED_HEADERS,
    };
    if (this.isPreflight(req)) {
      headers['access-control-allow-methods'] = 'GET, POST, DELETE';
      headers['access-control-allow-headers'] = String(req.headers['access-control-request-headers'] ?? '');
      headers['access-control-max-age'] = '600';
    }
    return headers;
  }

  /** Tells whether a request is a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`). */
  isPreflight(req: IncomingMessage): boolean {
    return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  }

  /** @throws {HttpError} 403 `host_not_allowed` for a `Host` that is not the emulator's. */
  #checkHost(hostHeader: string | undefined): void {
    const host = hostHeader === undefined ? undefined : parseHost(hostHeader);
    if (host === undefined || !this.#accepts(host)) {
      throw forbidden(
        'host_not_allowed',
        `${hostHeader === undefined ? 'The request has no Host header' : `The Host '${clip(hostHeader)}' is not this emulator`}: it answers only requests for ${this.#ownHosts()}. A browser page that reaches it under another name (DNS rebinding) is refused. List other names in the allowedHosts option (--allowed-host).`,
      );
    }
    this.#acceptedHost = hostHeader;
  }

  #accepts(host: HostName): boolean {
    const port = host.port ?? 80;
    if (this.#pinned.some((p) => p.name === host.name && p.port === port)) return true;
    if (port !== this.#port) return false;
    if (this.#names.has(host.name)) return true;
    return (
      this.#anyAddress && (isIPv4(host.name) || (host.name.startsWith('[') && isIPv6(host.name.slice(1, -1))))
    );
  }

  #isOwnOrigin(origin: string): boolean {
    const parsed = parseOrigin(origin);
    if (parsed === undefined || !parsed.startsWith('http:')) return false;
    const host = parseHost(parsed.slice('http://'.length));
    return host !== undefined && this.#accepts(host);
  }

  #isAllowedOrigin(origin: string): boolean {
    const parsed = parseOrigin(origin);
    return parsed !== undefined && this.#origins.has(parsed);
  }

  #ownHosts(): string {
    const port = this.#port ?? '?';
    const names = [...this.#names].map((n) => `${n}:${port}`);
    const pinned = this.#pinned.map((p) => `${p.name}:${p.port}`);
    const any = this.#anyAddress ? [`any IP address with port ${port}`] : [];
    return [...names, ...pinned, ...any].join(', ');
  }
}

/** The CORS headers of a request from no allowed origin: none (shared, never changed). */
const NO_CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function forbidden(code: string, message: string): HttpError {
  return new HttpError(403, { message, type: 'invalid_request_error', param: null, code });
}

function clip(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

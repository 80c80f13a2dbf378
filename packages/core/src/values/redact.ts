/**
 * Keeping credentials out of what objects print: the inspect hook and `toJSON` that objects
 * holding a key or token install, and credential-free descriptions of URLs and client sources.
 * Internal: not exported from the package.
 */

/** The symbol `util.inspect` (and so `console.log`) looks up; `Symbol.for` needs no import of node:util. */
const inspectHook = Symbol.for('nodejs.util.inspect.custom');

/** What stands in for a secret value. */
export const REDACTED = '[redacted]';

type Inspect = (value: unknown, options: Record<string, unknown>) => string;

/**
 * Makes `target` print and serialize as `view()` only: `util.inspect`, `console.log` (any `%`
 * format) and `JSON.stringify` see the view, never the fields that hold a credential. Both hooks
 * are non-enumerable, so spreading or comparing the object is unchanged.
 */
export function redactWith<T extends object>(target: T, name: string, view: () => object): T {
  Object.defineProperty(target, 'toJSON', { value: view, enumerable: false, configurable: true });
  Object.defineProperty(target, inspectHook, {
    value: (depth: number, options: { depth?: number | null }, inspect: Inspect) =>
      depth < 0
        ? `[${name}]`
        : `${name} ${inspect(view(), { ...options, depth: options.depth == null ? options.depth : depth })}`,
    enumerable: false,
    configurable: true,
  });
  return target;
}

/**
 * A URL fit for messages and logs: no `user:password@`, no fragment, and every query value but
 * `api-version` replaced by `[redacted]`. Text that is not a URL is not echoed at all.
 */
export function safeUrl(url: string | URL | undefined): string {
  if (url === undefined) return '(unknown URL)';
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '(not a URL)';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase() !== 'api-version') parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString();
}

/** Header names with their values redacted. */
export function redactHeaders(
  headers: Record<string, string> | undefined,
): Record<string, string> | undefined {
  return headers && Object.fromEntries(Object.keys(headers).map((name) => [name, REDACTED]));
}

/**
 * Describes where requests go without a credential: an `openai` client by its base URL, Azure
 * options by endpoint and kind of authentication, a Connection by its own (redacted) view.
 */
export function describeClientSource(source: unknown): unknown {
  if (source === undefined || source === null || typeof source !== 'object') return source;
  const value = source as Record<string, unknown>;
  if ('mode' in value && 'client' in value && typeof value.toJSON === 'function') return value;
  if (typeof (value.responses as { create?: unknown } | undefined)?.create === 'function') {
    return { kind: 'openai client', baseURL: safeUrl(value.baseURL as string | undefined), apiKey: REDACTED };
  }
  const auth =
    value.apiKey !== undefined
      ? 'apiKey'
      : value.credential !== undefined
        ? 'credential'
        : value.tokenProvider !== undefined
          ? 'tokenProvider'
          : 'none';
  return {
    kind: 'azure options',
    endpoint: typeof value.endpoint === 'string' ? safeUrl(value.endpoint) : value.endpoint,
    auth,
    ...(auth === 'apiKey' ? { apiKey: REDACTED } : {}),
    ...(typeof value.scope === 'string' ? { scope: value.scope } : {}),
    ...(value.maxRetries !== undefined ? { maxRetries: value.maxRetries } : {}),
    ...(value.timeoutMs !== undefined ? { timeoutMs: value.timeoutMs } : {}),
    ...(value.headers ? { headers: redactHeaders(value.headers as Record<string, string>) } : {}),
  };
}

/**
 * Why a request never got an answer, read from the cause chain of what `fetch` threw: the system
 * error (`connect ECONNREFUSED 127.0.0.1:59999`, `getaddrinfo ENOTFOUND host`), the TLS failure,
 * or undici's timeout. Internal: not exported from the package.
 */

/** The reason found, and the error code it carries (e.g. `ECONNREFUSED`), when there is one. */
export interface ConnectionReason {
  reason: string;
  code: string | undefined;
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function asError(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

/** Messages that only say that fetch failed, with the real reason further down the chain. */
const GENERIC = /^(fetch failed|connection error\.?|terminated|other side closed)$/i;

/** OpenSSL's `<thread>:error:<code>:<library>:<function>:<reason>:<file>:<line>:` as its reason alone. */
function readable(message: string): string {
  const openssl = /^[0-9A-F]+:error:[0-9A-F]+:([^:]+):[^:]*:([^:]+):/.exec(message);
  return openssl ? `${openssl[1]}: ${openssl[2]}` : message;
}

/**
 * Walks `error`'s cause chain (and the members of an `AggregateError`, as happy-eyeballs
 * connects throw) to the deepest error that says what happened.
 */
export function connectionReason(error: unknown): ConnectionReason | undefined {
  const found: ConnectionReason[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    const current = asError(value);
    if (!current || seen.has(current)) return;
    seen.add(current);
    const message = typeof current.message === 'string' ? readable(current.message.trim()) : '';
    const code = typeof current.code === 'string' ? current.code : undefined;
    const members = Array.isArray(current.errors) ? current.errors.map(asError).filter(Boolean) : [];
    if (members.length) {
      // e.g. connect ECONNREFUSED ::1:443 and 127.0.0.1:443: name each address once.
      const parts = [...new Set(members.map((m) => String(m?.message ?? '').trim()).filter(Boolean))];
      if (parts.length) found.push({ reason: parts.join('; '), code: code ?? (members[0]?.code as string) });
    } else if (message && !GENERIC.test(message)) {
      found.push({ reason: code && !message.includes(code) ? `${message} (${code})` : message, code });
    }
    visit(current.cause);
  };
  visit(error);
  return found.at(-1);
}

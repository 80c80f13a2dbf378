import { BrowserConfigurationError } from './errors.js';

/** Which URLs the browser may navigate to: URL prefixes, patterns, or `'any'`. */
export type AllowedUrls = readonly (string | RegExp)[] | 'any';

/** A compiled allow list: tells whether a URL may be navigated to, and describes itself. */
export interface UrlAllowList {
  /** Whether the browser may navigate to `url` (an absolute URL). */
  allows(url: string): boolean;
  /** The list in words, for the model (`http://127.0.0.1:8080/…, /^https:\/\/docs\./`). */
  readonly description: string;
}

/**
 * Compiles an allow list. A string is a URL prefix: a URL is allowed when it has the same
 * scheme, host and port and its path starts with the prefix's path (`http://127.0.0.1:8080`
 * allows the whole origin, `https://example.com/app/` only that folder). A RegExp is tested
 * against the whole URL. `about:blank` is always allowed (the empty page a browser starts on).
 *
 * @throws {BrowserConfigurationError} for an empty list, or an entry that is neither an absolute
 * URL nor a RegExp.
 * @example
 * import { urlAllowList } from '@turnkit/computer';
 * urlAllowList(['http://127.0.0.1:8080']).allows('http://127.0.0.1:8080/form'); // true
 */
export function urlAllowList(allowed: AllowedUrls): UrlAllowList {
  if (allowed === 'any') return { allows: () => true, description: 'any URL' };
  if (!Array.isArray(allowed) || allowed.length === 0) {
    throw new BrowserConfigurationError(
      'allowedUrls',
      '`allowedUrls` must be a non-empty array of URL prefixes (e.g. "http://127.0.0.1:8080") or RegExps, or "any" to allow every URL.',
    );
  }
  const tests = allowed.map((entry, i): ((url: URL, raw: string) => boolean) => {
    if (entry instanceof RegExp) return (_url, raw) => entry.test(raw);
    let prefix: URL;
    try {
      prefix = new URL(entry);
    } catch {
      throw new BrowserConfigurationError(
        `allowedUrls[${i}]`,
        `\`allowedUrls[${i}]\` must be an absolute URL such as "https://example.com/app/" or a RegExp, got ${JSON.stringify(entry)}.`,
      );
    }
    return (url) =>
      url.protocol === prefix.protocol &&
      url.host === prefix.host &&
      url.pathname.startsWith(prefix.pathname);
  });
  return {
    allows(raw) {
      if (raw === 'about:blank') return true;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return false;
      }
      return tests.some((test) => test(url, raw));
    },
    description: allowed.map((entry) => String(entry)).join(', '),
  };
}

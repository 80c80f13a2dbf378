import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Returns a new object id in the real format: the prefix, an underscore and 50 hex digits
 * (`resp_…`, `msg_…`, `fc_…`, `fco_…`).
 *
 * @example
 * newId('resp'); // 'resp_0c1f…' (50 hex digits)
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(25).toString('hex')}`;
}

/**
 * Returns a new function-call id, `call_` followed by 24 letters and digits like the real API.
 *
 * @example
 * newCallId(); // 'call_H5DxLSFnsGhiROnUiDHmgyc8'
 */
export function newCallId(): string {
  return `call_${randomAlphanumeric(24)}`;
}

/**
 * Returns a new request id for the `x-request-id` header (`req_` + 32 hex digits).
 *
 * @example
 * res.setHeader('x-request-id', newRequestId());
 */
export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/**
 * Returns the `obfuscation` padding of a delta event: random letters and digits that pad the delta
 * to 16 characters, as observed in real streams (`"Hello"` → 11 characters, longer deltas → `""`).
 *
 * @example
 * obfuscationFor('Hello').length; // 11
 */
export function obfuscationFor(delta: string): string {
  return randomAlphanumeric(Math.max(0, 16 - delta.length));
}

function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/**
 * Returns the current time as unix seconds, the unit of `created_at` and `completed_at`.
 *
 * @example
 * const createdAt = unixSeconds();
 */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Returns a new object id in the real format: the prefix, an underscore and 50 hex digits
 * (`resp_…`, `msg_…`, `fc_…`, `fco_…`).
 *
 * @example
 * import { newId } from './ids.js';
 * newId('resp'); // 'resp_0c1f…' (50 hex digits)
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomHex(25)}`;
}

/**
 * Returns a new function-call id, `call_` followed by 24 letters and digits like the real API.
 *
 * @example
 * import { newCallId } from './ids.js';
 * newCallId(); // 'call_H5DxLSFnsGhiROnUiDHmgyc8'
 */
export function newCallId(): string {
  return `call_${randomAlphanumeric(24)}`;
}

/**
 * Returns a new request id for the `x-request-id` header (`req_` + 32 hex digits).
 *
 * @example
 * import type { ServerResponse } from 'node:http';
 * import { newRequestId } from './ids.js';
 * declare const res: ServerResponse;
 * res.setHeader('x-request-id', newRequestId());
 */
export function newRequestId(): string {
  return `req_${randomHex(16)}`;
}

/**
 * Returns the `obfuscation` padding of a delta event: random letters and digits that pad the delta
 * to 16 characters, as observed in real streams (`"Hello"` → 11 characters, longer deltas → `""`).
 *
 * @example
 * import { obfuscationFor } from './ids.js';
 * obfuscationFor('Hello').length; // 11
 */
export function obfuscationFor(delta: string): string {
  return randomAlphanumeric(Math.max(0, 16 - delta.length));
}

function randomAlphanumeric(length: number): string {
  const bytes = take(length);
  let out = '';
  // 248 = 4 × 62: bytes from 248 up are drawn again, so every character is equally likely.
  for (let i = 0; i < length; i++) {
    let byte = bytes[i]!;
    while (byte >= 248) byte = take(1)[0]!;
    out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  }
  return out;
}

// Random bytes are drawn from the OS 64 KiB at a time and handed out in order, each byte once
// (each draw has a fixed cost of its own, larger than that of 4 KiB of bytes). Hex digits are cut
// from the pool's hex text (made once per pool, when first needed), so an id costs no conversion
// of its own.
const POOL_SIZE = 64 * 1024;
let pool = Buffer.alloc(0);
let poolHex: string | undefined;
let used = 0;

function take(count: number): Buffer {
  if (count > POOL_SIZE) return randomBytes(count);
  const start = reserve(count);
  return pool.subarray(start, start + count);
}

/** Reserves `count` (at most the pool's size) unused bytes of the pool and returns where they start. */
function reserve(count: number): number {
  if (used + count > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolHex = undefined;
    used = 0;
  }
  const start = used;
  used += count;
  return start;
}

function randomHex(count: number): string {
  if (count > POOL_SIZE) return randomBytes(count).toString('hex');
  const start = reserve(count);
  poolHex ??= pool.toString('hex');
  return poolHex.slice(start * 2, (start + count) * 2);
}

/**
 * Returns the current time as unix seconds, the unit of `created_at` and `completed_at`.
 *
 * @example
 * import { unixSeconds } from './ids.js';
 * const createdAt = unixSeconds();
 */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

import { ConfigurationError } from '../errors/input-errors.js';

/**
 * The default `streamIdleTimeoutMs` of an agent: 120 s without an event counts as a stalled stream.
 *
 * @example
 * ```ts
 * import { createAgent, DEFAULT_STREAM_IDLE_TIMEOUT_MS } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const model: string;
 * createAgent({ model, client, streamIdleTimeoutMs: 2 * DEFAULT_STREAM_IDLE_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;

/**
 * The default `maxRequestBytes` of an agent: 50 MiB. The service's own limit on a request body
 * is not confirmed (docs/reliability.md says what is known); this one keeps a request that
 * cannot be meant from being uploaded, and uploaded again on every retry.
 *
 * @example
 * ```ts
 * import { createAgent, DEFAULT_MAX_REQUEST_BYTES } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const model: string;
 * createAgent({ model, client, maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES / 5 }); // 10 MiB
 * ```
 */
export const DEFAULT_MAX_REQUEST_BYTES = 50 * 1024 * 1024;

/** The largest delay a Node timer takes. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Reads a `streamIdleTimeoutMs` option: a whole number of milliseconds, `0` for never.
 * @throws {ConfigurationError} naming `option`.
 */
export function streamIdleTimeout(value: unknown, option: string): number {
  return wholeNumber(value, option, 0, MAX_TIMER_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS);
}

/**
 * Reads a `maxRequestBytes` option: a whole number of bytes, at least 1.
 * @throws {ConfigurationError} naming `option`.
 */
export function maxRequestBytes(value: unknown, option: string): number {
  return wholeNumber(value, option, 1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_REQUEST_BYTES);
}

function wholeNumber(value: unknown, option: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(
      option,
      `\`${option}\` must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

import { McpToolkitError } from './contract/errors.js';

/**
 * How long `connectMcpToolkit` waits, by default, for the server to answer the MCP handshake and
 * for it to list its tools (each): 10 s, like a restart's `startTimeoutMs`. The MCP SDK's own
 * default, 60 s, is never used.
 *
 * @example
 * ```ts
 * import { DEFAULT_CONNECT_TIMEOUT_MS } from '@turnkit/mcp';
 * console.log(`MCP servers get ${DEFAULT_CONNECT_TIMEOUT_MS / 1000} s to start.`);
 * ```
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The longest delay a Node timer takes (about 24.8 days): what `Infinity` means for the SDK. */
export const LONGEST_TIMER_MS = 2_147_483_647;

/** What connecting may take and what cancels it, checked. */
export interface ConnectLimits {
  /** The MCP request timeout of the handshake and of each `tools/list` page, in milliseconds. */
  timeout: number;
  /** The limit as the caller gave it (or the default), for messages. */
  limitMs: number;
  signal: AbortSignal | undefined;
}

/**
 * Checks `connectTimeoutMs` and `signal` of `connectMcpToolkit`.
 * @throws {McpToolkitError} `mcp_options_invalid` naming the option.
 */
export function checkConnectLimits(connectTimeoutMs: unknown, signal: unknown): ConnectLimits {
  const limitMs = connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (typeof limitMs !== 'number' || Number.isNaN(limitMs) || limitMs <= 0) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      'options',
      `connectMcpToolkit: \`connectTimeoutMs\` must be a number of milliseconds above 0 (or Infinity), got ${String(connectTimeoutMs)}.`,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      'options',
      `connectMcpToolkit: \`signal\` must be an AbortSignal (e.g. AbortSignal.timeout(5_000)), got ${typeof signal}.`,
    );
  }
  return { timeout: Math.min(limitMs, LONGEST_TIMER_MS), limitMs, signal };
}

/** How a limit reads in a message: `300 ms`, `10 s`. */
export function describeLimit(ms: number): string {
  if (ms === Number.POSITIVE_INFINITY) return 'no limit';
  return ms < 1000 || ms % 1000 !== 0 ? `${ms} ms` : `${ms / 1000} s`;
}

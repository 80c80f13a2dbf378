import { McpToolkitError } from './errors.js';

/**
 * How an MCP toolkit restarts its server after the connection is lost (a stdio server process
 * that crashed or was killed): at the next call, at most `maxRestarts` times within any
 * `windowMs`; each restart waits at most `startTimeoutMs` for the server to initialize.
 *
 * @example
 * ```ts
 * import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
 * import { connectMcpToolkit } from '@turnkit/mcp';
 * declare const transport: Transport;
 * await connectMcpToolkit({ transport, restart: { maxRestarts: 5, windowMs: 300_000 } });
 * await connectMcpToolkit({ transport, restart: false }); // a lost connection stays lost
 * ```
 */
export interface McpRestartOptions {
  /** Restarts allowed within `windowMs`; 3 by default. `0` never restarts. */
  maxRestarts?: number;
  /** The sliding window the restarts are counted in, in milliseconds; 60,000 (one minute) by default. */
  windowMs?: number;
  /** How long one restart may take until the server has answered `initialize`; 10,000 ms by default. */
  startTimeoutMs?: number;
}

/**
 * What an MCP toolkit reports about its connection, to `onConnectionEvent`:
 *
 * - `disconnected`: the connection closed without `close()` (the server process exited or was
 *   killed); `error` says so. Calls in flight fail; the next call restarts the server.
 * - `restarted`: a restart succeeded; `restarts` is how many there were within the window.
 * - `restart_failed`: one restart attempt failed (`error`); the toolkit tries again while the limit
 *   allows.
 * - `gave_up`: the limit is reached; `error` is what calls now fail with, until the window allows
 *   another restart.
 *
 * @example
 * ```ts
 * import type { McpConnectionEvent } from '@turnkit/mcp';
 * const onConnectionEvent = (event: McpConnectionEvent) =>
 *   console.warn(`${event.server}: ${event.type}`, 'error' in event ? event.error.message : '');
 * ```
 */
export type McpConnectionEvent =
  | { type: 'disconnected'; server: string; error: McpToolkitError }
  | { type: 'restarted'; server: string; restarts: number }
  | { type: 'restart_failed'; server: string; restarts: number; error: McpToolkitError }
  | { type: 'gave_up'; server: string; restarts: number; error: McpToolkitError };

/** The restart options with their defaults filled in; `undefined` for `restart: false`. */
export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  startTimeoutMs: number;
}

/** The defaults of {@link McpRestartOptions}. */
export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = Object.freeze({
  maxRestarts: 3,
  windowMs: 60_000,
  startTimeoutMs: 10_000,
});

/** Checks `restart` and fills in its defaults. Throws `mcp_options_invalid` naming the field. */
export function checkRestartOptions(
  restart: McpRestartOptions | false | undefined,
): RestartPolicy | undefined {
  if (restart === false) return undefined;
  if (restart === undefined) return { ...DEFAULT_RESTART_POLICY };
  if (typeof restart !== 'object' || restart === null) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      'options',
      `connectMcpToolkit: \`restart\` must be an object such as { maxRestarts: 3, windowMs: 60_000 }, or false, got ${String(restart)}.`,
    );
  }
  const policy = { ...DEFAULT_RESTART_POLICY, ...restart };
  const { maxRestarts, windowMs, startTimeoutMs } = policy;
  if (!Number.isSafeInteger(maxRestarts) || maxRestarts < 0) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      'options',
      `connectMcpToolkit: \`restart.maxRestarts\` must be a whole number of 0 or more, got ${String(maxRestarts)}.`,
    );
  }
  for (const [key, value] of [
    ['windowMs', windowMs],
    ['startTimeoutMs', startTimeoutMs],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new McpToolkitError(
        'mcp_options_invalid',
        'options',
        `connectMcpToolkit: \`restart.${key}\` must be a positive, finite number of milliseconds, got ${String(value)}.`,
      );
    }
  }
  return { maxRestarts, windowMs, startTimeoutMs };
}

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** A progress report as the server sent it (`notifications/progress` params, token removed). */
export type ProgressParams = Record<string, unknown>;

type OnMessage = NonNullable<Transport['onmessage']>;

/** Marks a transport's `onmessage` as this module's, so it is wrapped once. */
const ROUTED: unique symbol = Symbol('turnkit.mcp.progress-routed');

function progressOf(message: JSONRPCMessage): { token: unknown; params: ProgressParams } | undefined {
  if (!('method' in message) || message.method !== 'notifications/progress' || 'id' in message)
    return undefined;
  const { progressToken, ...params } = (message.params ?? {}) as Record<string, unknown>;
  return { token: progressToken, params };
}

/**
 * Delivers the `notifications/progress` of the toolkit's calls to their listeners as the messages
 * are read, in order.
 *
 * Why not the SDK's `onprogress`: the SDK client (1.x) handles a notification a microtask later
 * but a response at once, and drops the call's progress handler with the response — so the last
 * report, when it arrives in the same read as the result (common over stdio), is lost with an
 * "unknown token" error (modelcontextprotocol/typescript-sdk#2580). Here each call gets a token of
 * its own in `_meta.progressToken`, the transport's `onmessage` is wrapped (after the client's own,
 * which the SDK chains), and a report for one of these tokens goes to its listener before the
 * client sees the response that follows it. Reports for other tokens go on to the client.
 */
export class ProgressRouting {
  readonly #listeners = new Map<string, (params: ProgressParams) => void>();
  #next = 0;

  /**
   * Gives one call a progress token whose reports go to `listener`, until `close()`. Makes sure the
   * client's current transport routes them (a restarted or reconnected client has a new one).
   */
  open(client: Client, listener: (params: ProgressParams) => void): { token: string; close: () => void } {
    const transport = client.transport;
    if (transport !== undefined) this.#route(transport);
    const token = `turnkit-progress-${++this.#next}`;
    this.#listeners.set(token, listener);
    return { token, close: () => this.#listeners.delete(token) };
  }

  #route(transport: Transport): void {
    const current = transport.onmessage as (OnMessage & { [ROUTED]?: true }) | undefined;
    if (current === undefined || current[ROUTED]) return;
    const routed: OnMessage & { [ROUTED]?: true } = (message, extra) => {
      const progress = progressOf(message);
      const listener = typeof progress?.token === 'string' ? this.#listeners.get(progress.token) : undefined;
      if (listener === undefined) {
        current(message, extra);
        return;
      }
      try {
        listener(progress!.params);
      } catch {
        // The listener is the call's ctx.progress, which never throws; nothing else to do.
      }
    };
    routed[ROUTED] = true;
    transport.onmessage = routed;
  }
}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolRequest, CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpToolkitError } from '../contract/errors.js';
import type { McpConnectionEvent, RestartPolicy } from '../contract/restart-policy.js';
import { ProgressRouting } from './progress-routing.js';

/** What a connection needs to know to restart its server. */
export interface ConnectionSetup {
  /** The connected client. */
  client: Client;
  /** The transport the toolkit connected itself, to start again; `undefined` for a client given. */
  transport: Transport | undefined;
  /** The client name announced to the server. */
  clientName: string;
  /** The server's name as it announced itself. */
  server: string;
  /** `undefined` when restarts are off. */
  policy: RestartPolicy | undefined;
  onEvent: ((event: McpConnectionEvent) => void) | undefined;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** `process 1234` for a stdio transport (it has a `pid`), else `undefined`. */
function processOf(transport: Transport | undefined): string | undefined {
  const pid = (transport as { pid?: unknown } | undefined)?.pid;
  return typeof pid === 'number' ? `process ${pid}` : undefined;
}

/**
 * The connection behind an MCP toolkit's tools: one SDK client at a time. When the client's
 * transport closes without `close()` (a stdio server that crashed or was killed), the next call
 * starts the transport again with a new client — at most `policy.maxRestarts` times within
 * `policy.windowMs` — and every step is reported to `onEvent`. A call in flight when the
 * connection closes fails and is never made again: whether the server ran it is unknown.
 */
export class McpConnection {
  readonly server: string;
  #client: Client;
  /** What the current client was started as (`process 1234`), for messages. */
  #started: string | undefined;
  readonly #setup: ConnectionSetup;
  #closed = false;
  /** When each restart within the window began (epoch ms), oldest first. */
  #restarts: number[] = [];
  #restarting: Promise<Client> | undefined;
  readonly #progress = new ProgressRouting();

  constructor(setup: ConnectionSetup) {
    this.#setup = setup;
    this.server = setup.server;
    this.#client = setup.client;
    this.#started = processOf(setup.transport);
    if (setup.transport !== undefined) this.#watch(setup.client);
  }

  /**
   * Calls a tool on the server, restarting the server first when the connection was lost.
   *
   * @throws {McpToolkitError} `mcp_connection_lost` when the connection closes during the call or
   * cannot be restarted, `mcp_restart_failed` when the restart limit is reached,
   * `mcp_toolkit_closed` after `close()`; otherwise whatever the SDK throws.
   *
   * With `options.onprogress` the call asks for progress, and every report the server sends for it
   * reaches `onprogress`, the last one included (see `ProgressRouting`).
   */
  async callTool(params: CallToolRequest['params'], options: RequestOptions): Promise<CallToolResult> {
    const { onprogress, ...rest } = options;
    const client = await this.#live();
    const progress = onprogress
      ? this.#progress.open(client, (update) => onprogress(update as Parameters<typeof onprogress>[0]))
      : undefined;
    const sent = progress ? { ...params, _meta: { ...params._meta, progressToken: progress.token } } : params;
    try {
      return (await client.callTool(sent, undefined, rest)) as CallToolResult;
    } catch (error) {
      if (this.#closed) throw this.#closedError(error);
      if (options.signal?.aborted !== true && client.transport === undefined) {
        throw new McpToolkitError(
          'mcp_connection_lost',
          this.server,
          `MCP server "${this.server}" closed the connection during the call of "${params.name}" ` +
            `(${this.#started ?? 'its process'} exited or was killed). Whether the tool ran is unknown, so it ` +
            `was not called again${this.#setup.policy ? '; the next call restarts the server' : ''}.`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      progress?.close();
    }
  }

  /** Closes the client, if the toolkit made it; waits for a restart in progress. */
  async close(): Promise<void> {
    if (this.#closed || this.#setup.transport === undefined) return;
    this.#closed = true;
    await this.#restarting?.catch(() => {});
    await this.#client.close();
  }

  #emit(event: McpConnectionEvent): void {
    try {
      this.#setup.onEvent?.(event);
    } catch {
      // A listener's failure is not the call's: the call goes on as if nobody listened.
    }
  }

  #watch(client: Client): void {
    client.onclose = () => {
      if (this.#closed || client !== this.#client) return;
      this.#emit({
        type: 'disconnected',
        server: this.server,
        error: new McpToolkitError(
          'mcp_connection_lost',
          this.server,
          `The connection to MCP server "${this.server}" closed unexpectedly ` +
            `(${this.#started ?? 'its process'} exited or was killed).`,
        ),
      });
    };
  }

  #closedError(cause?: unknown): McpToolkitError {
    return new McpToolkitError(
      'mcp_toolkit_closed',
      this.server,
      `The toolkit of MCP server "${this.server}" was closed; its tools cannot be called any more. ` +
        'Make a new one with connectMcpToolkit.',
      cause === undefined ? undefined : { cause },
    );
  }

  /** The connected client, restarting the server first when the connection was lost. */
  async #live(): Promise<Client> {
    if (this.#closed) throw this.#closedError();
    if (this.#client.transport !== undefined) return this.#client;
    if (this.#setup.transport === undefined) {
      throw new McpToolkitError(
        'mcp_connection_lost',
        this.server,
        `The connection to MCP server "${this.server}" is closed, and the toolkit does not reconnect a ` +
          'client it was given ({ client }). Connect that client again (client.connect(transport)), or pass ' +
          '{ transport } so that the toolkit can restart the server.',
      );
    }
    if (this.#setup.policy === undefined || this.#setup.policy.maxRestarts === 0) {
      throw new McpToolkitError(
        'mcp_connection_lost',
        this.server,
        `The connection to MCP server "${this.server}" closed (${this.#started ?? 'its process'} exited or ` +
          'was killed), and restarts are off. Make a new toolkit, or let it restart the server with the ' +
          '`restart` option.',
      );
    }
    this.#restarting ??= this.#restart(this.#setup.policy).finally(() => {
      this.#restarting = undefined;
    });
    return this.#restarting;
  }

  async #restart(policy: RestartPolicy): Promise<Client> {
    const { maxRestarts, windowMs } = policy;
    let lastFailure: unknown;
    for (;;) {
      const now = Date.now();
      this.#restarts = this.#restarts.filter((at) => now - at < windowMs);
      if (this.#restarts.length >= maxRestarts) {
        const error = new McpToolkitError(
          'mcp_restart_failed',
          this.server,
          `MCP server "${this.server}" has been restarted ${this.#restarts.length} times within ` +
            `${seconds(windowMs)}, the limit (restart.maxRestarts = ${maxRestarts}), and is not restarted ` +
            `again until that window has passed` +
            (lastFailure === undefined ? '' : `; the last restart failed: ${reasonOf(lastFailure)}`) +
            '. Check that the server starts and stays up (run its command by hand), or raise ' +
            'restart.maxRestarts.',
          lastFailure === undefined ? undefined : { cause: lastFailure },
        );
        this.#emit({ type: 'gave_up', server: this.server, restarts: this.#restarts.length, error });
        throw error;
      }
      this.#restarts.push(now);
      const restarts = this.#restarts.length;
      try {
        const client = await this.#connectAgain(policy.startTimeoutMs);
        if (this.#closed) {
          await client.close().catch(() => {});
          throw this.#closedError();
        }
        this.#client = client;
        this.#emit({ type: 'restarted', server: this.server, restarts });
        return client;
      } catch (error) {
        if (this.#closed) {
          throw error instanceof McpToolkitError && error.code === 'mcp_toolkit_closed'
            ? error
            : this.#closedError(error);
        }
        lastFailure = error;
        this.#emit({
          type: 'restart_failed',
          server: this.server,
          restarts,
          error: new McpToolkitError(
            'mcp_restart_failed',
            this.server,
            `Restarting MCP server "${this.server}" failed (restart ${restarts} of at most ${maxRestarts} ` +
              `within ${seconds(windowMs)}): ${reasonOf(error)}.`,
            { cause: error },
          ),
        });
      }
    }
  }

  /** A new client on the same transport, started again (the SDK's stdio transport spawns anew). */
  async #connectAgain(startTimeoutMs: number): Promise<Client> {
    const transport = this.#setup.transport!;
    // What is left of the old connection: buffers, and a process that is still exiting.
    await transport.close().catch(() => {});
    transport.onclose = undefined;
    transport.onerror = undefined;
    transport.onmessage = undefined;
    const client = new Client({ name: this.#setup.clientName, version: '0.1.0' });
    this.#watch(client);
    try {
      await client.connect(transport, { timeout: startTimeoutMs });
    } catch (error) {
      await client.close().catch(() => {});
      throw error;
    }
    this.#started = processOf(transport);
    return client;
  }
}

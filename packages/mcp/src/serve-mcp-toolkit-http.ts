import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Tool } from '@turnkit/tools';
import { McpToolkitError } from './contract/errors.js';
import { buildMcpServer, checkToolkit, type McpServerOptions } from './create-mcp-server.js';

/**
 * Options of {@link serveMcpToolkitHttp}: where to listen, and the options of `createMcpServer`.
 *
 * @example
 * ```ts
 * import type { ServeMcpToolkitHttpOptions } from '@turnkit/mcp';
 * const options: ServeMcpToolkitHttpOptions = { port: 8123, path: '/mcp', name: 'office' };
 * ```
 */
export interface ServeMcpToolkitHttpOptions extends McpServerOptions {
  /** The address to listen on; `'127.0.0.1'` by default. */
  host?: string;
  /** The port; `0` (any free port) by default. */
  port?: number;
  /** The path of the MCP endpoint; `'/mcp'` by default. */
  path?: string;
  /**
   * A session with no request for this long (and none in flight) is ended when the next request
   * arrives; its client gets 404 and starts a new one. 30 minutes by default.
   */
  sessionIdleMs?: number;
}

/**
 * A toolkit served over Streamable HTTP, and the way to stop.
 *
 * @example
 * ```ts
 * import { serveMcpToolkitHttp } from '@turnkit/mcp';
 * import type { AnyTool } from '@turnkit/tools';
 * declare const tools: AnyTool[];
 * const { url, close } = await serveMcpToolkitHttp(tools);
 * console.log(`MCP endpoint: ${url}`);
 * await close();
 * ```
 */
export interface McpHttpToolkitServer {
  /** The endpoint's URL, e.g. `http://127.0.0.1:54321/mcp`. */
  readonly url: string;
  /** Stops listening and drops open connections, aborting calls in flight. Safe to call twice. */
  close(): Promise<void>;
}

interface Session {
  readonly server: McpServer;
  readonly transport: StreamableHTTPServerTransport;
  /** Requests of the session whose responses are still open. */
  inFlight: number;
  /** When the session last had a request, or one of its responses ended (ms since the epoch). */
  lastSeen: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function sendJsonRpcError(res: ServerResponse, status: number, message: string, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** The Host header's name without its port (`[::1]` keeps its brackets). */
function hostnameOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Serves turnkit tools over MCP Streamable HTTP on a Node `http` server of their own, by default on
 * `http://127.0.0.1:<free port>/mcp`.
 *
 * Each client gets a **session** (`Mcp-Session-Id`): its own `McpServer` and transport, made on its
 * `initialize` request and kept until the client ends it (`DELETE`), until it has had no open
 * request for `sessionIdleMs` (a client's open `GET` event stream counts as one, so only clients
 * that went away are dropped), or until `close()`. Sessions are what make cancellation work: the client's
 * `notifications/cancelled` arrives in a separate `POST`, and only the session that runs the call
 * can abort it. Each call's `runId` is its session id. Sessions live in memory, so this helper is
 * for one process; behind a load balancer, build your own transports with `createMcpServer`.
 *
 * On a loopback address, requests whose `Host` is not `127.0.0.1`, `localhost` or `[::1]` are
 * refused (403) against DNS rebinding. There is no authentication: bind other addresses only behind
 * something that authenticates.
 *
 * @throws {McpToolkitError} as `createMcpServer` does; `mcp_options_invalid` for a bad `port`,
 * `path` or `sessionIdleMs`; `mcp_serve_failed` when the port cannot be opened (e.g. in use).
 *
 * @example
 * ```ts
 * import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
 * import { connectMcpToolkit, serveMcpToolkitHttp } from '@turnkit/mcp';
 * import type { Tool } from '@turnkit/tools';
 *
 * declare const getWeather: Tool<{ city: string }>;
 * const served = await serveMcpToolkitHttp([getWeather], { name: 'weather' });
 * const toolkit = await connectMcpToolkit({ transport: new StreamableHTTPClientTransport(new URL(served.url)) });
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
 */
export async function serveMcpToolkitHttp(
  tools: readonly Tool[],
  options: ServeMcpToolkitHttpOptions = {},
): Promise<McpHttpToolkitServer> {
  const {
    host = '127.0.0.1',
    port = 0,
    path = '/mcp',
    sessionIdleMs = 30 * 60_000,
    ...serverOptions
  } = options;
  const name = serverOptions.name ?? 'turnkit';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      name,
      `serveMcpToolkitHttp: \`port\` must be an integer from 0 to 65535 (0 picks a free port), got ${String(port)}.`,
    );
  }
  if (typeof sessionIdleMs !== 'number' || !(sessionIdleMs > 0)) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      name,
      `serveMcpToolkitHttp: \`sessionIdleMs\` must be a positive number of milliseconds, got ${String(sessionIdleMs)}.`,
    );
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      name,
      `serveMcpToolkitHttp: \`path\` must start with "/", e.g. "/mcp"; got ${JSON.stringify(path)}.`,
    );
  }
  const toolkit = checkToolkit(tools, serverOptions);
  const loopback = LOOPBACK_HOSTS.has(host);
  const sessions = new Map<string, Session>();

  /** Ends sessions idle for longer than the limit, with no request in flight. */
  const evictIdle = (): void => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (session.inFlight === 0 && now - session.lastSeen > sessionIdleMs) {
        sessions.delete(id);
        void session.server.close().catch(() => {});
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== path) {
      sendJsonRpcError(res, 404, `Not found: the MCP endpoint is ${path}.`);
      return;
    }
    if (loopback && !LOOPBACK_HOSTS.has(hostnameOf(req.headers.host) ?? '')) {
      sendJsonRpcError(res, 403, 'Forbidden: this local MCP server only answers requests for localhost.');
      return;
    }
    evictIdle();
    const sessionId = req.headers['mcp-session-id'];
    let session: Session | undefined;
    if (typeof sessionId === 'string') {
      session = sessions.get(sessionId);
      if (session === undefined) {
        // The spec's answer to an unknown or ended session: the client starts a new one.
        sendJsonRpcError(res, 404, 'Session not found: initialize a new session.');
        return;
      }
    } else {
      if (req.method !== 'POST') {
        sendJsonRpcError(
          res,
          400,
          'Bad request: no Mcp-Session-Id; start a session with an initialize POST.',
        );
        return;
      }
      const server = buildMcpServer(toolkit);
      const created: Session = {
        server,
        transport: new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            sessions.set(id, created);
          },
          onsessionclosed: (id) => {
            sessions.delete(id);
          },
        }),
        inFlight: 0,
        lastSeen: Date.now(),
      };
      await server.connect(created.transport);
      session = created;
    }
    const current = session;
    current.inFlight++;
    current.lastSeen = Date.now();
    res.on('close', () => {
      current.inFlight--;
      current.lastSeen = Date.now();
      // A first request that did not start a session (not an initialize, or refused) leaves nothing.
      if (current.transport.sessionId === undefined || !sessions.has(current.transport.sessionId)) {
        void current.server.close().catch(() => {});
      }
    });
    try {
      await current.transport.handleRequest(req, res);
    } catch (error) {
      if (!res.headersSent) {
        sendJsonRpcError(
          res,
          500,
          `Internal error: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  };

  const http = createServer((req, res) => {
    void handle(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw new McpToolkitError(
      'mcp_serve_failed',
      name,
      `serveMcpToolkitHttp: could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  const address = http.address() as AddressInfo;
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}${path}`,
    close: () => {
      closing ??= (async () => {
        const open = [...sessions.values()];
        sessions.clear();
        await Promise.all(open.map((session) => session.server.close().catch(() => {})));
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

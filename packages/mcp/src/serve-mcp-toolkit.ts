import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@turnkit/tools';
import { McpToolkitError } from './contract/errors.js';
import { buildMcpServer, checkToolkit, type McpServerOptions } from './create-mcp-server.js';

/**
 * Options of {@link serveMcpToolkit}: the transport to serve on, and the options of
 * `createMcpServer`.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import type { ServeMcpToolkitOptions } from '@turnkit/mcp';
 * const options: ServeMcpToolkitOptions = { transport: new StdioServerTransport(), name: 'files' };
 * ```
 */
export interface ServeMcpToolkitOptions extends McpServerOptions {
  /** A server-side SDK transport: stdio, Streamable HTTP (one session), in-memory … */
  transport: Transport;
}

/**
 * A toolkit being served, and the way to stop.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { type McpToolkitServer, serveMcpToolkit } from '@turnkit/mcp';
 * import type { AnyTool } from '@turnkit/tools';
 * declare const tools: AnyTool[];
 * const served: McpToolkitServer = await serveMcpToolkit(tools, { transport: new StdioServerTransport() });
 * await served.close();
 * ```
 */
export interface McpToolkitServer {
  /** The SDK server (see `createMcpServer`). */
  readonly server: McpServer;
  /**
   * Closes the server and its transport; calls in flight are aborted. Safe to call more than once.
   */
  close(): Promise<void>;
}

/**
 * Serves turnkit tools as an MCP server on a transport: `createMcpServer(tools, options)` connected
 * to `options.transport`. With a `StdioServerTransport` this makes a process an MCP server that
 * desktop clients can launch; with an `InMemoryTransport` it serves a client in the same process.
 * For Streamable HTTP on a port of its own, see `serveMcpToolkitHttp`.
 *
 * @throws {McpToolkitError} as `createMcpServer` does, and `mcp_serve_failed` when the transport
 * cannot start (the server is closed first).
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { serveMcpToolkit } from '@turnkit/mcp';
 * import type { Tool } from '@turnkit/tools';
 *
 * declare const getWeather: Tool<{ city: string }>;
 * const served = await serveMcpToolkit([getWeather], { transport: new StdioServerTransport(), name: 'weather' });
 * process.on('SIGTERM', () => void served.close());
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports
 */
export async function serveMcpToolkit(
  tools: readonly Tool[],
  options: ServeMcpToolkitOptions,
): Promise<McpToolkitServer> {
  const { transport, ...serverOptions } = options ?? ({} as ServeMcpToolkitOptions);
  const name = serverOptions.name ?? 'turnkit';
  if (typeof transport !== 'object' || transport === null || typeof transport.start !== 'function') {
    throw new McpToolkitError(
      'mcp_options_invalid',
      name,
      'serveMcpToolkit: `transport` must be an MCP server transport, e.g. new StdioServerTransport() ' +
        "from '@modelcontextprotocol/sdk/server/stdio.js'. For HTTP, use serveMcpToolkitHttp.",
    );
  }
  const server = buildMcpServer(checkToolkit(tools, serverOptions));
  try {
    await server.connect(transport);
  } catch (error) {
    await server.close().catch(() => {});
    throw new McpToolkitError(
      'mcp_serve_failed',
      name,
      `serveMcpToolkit: the transport could not start: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  let closing: Promise<void> | undefined;
  return {
    server,
    close: () => {
      closing ??= server.close();
      return closing;
    },
  };
}

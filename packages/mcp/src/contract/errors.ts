import { TurnkitError } from '@turnkit/tools';

/**
 * The codes of the errors that `@turnkit/mcp` raises.
 *
 * @example
 * ```ts
 * import type { McpErrorCode } from '@turnkit/mcp';
 * const code: McpErrorCode = 'mcp_connection_failed';
 * ```
 */
export type McpErrorCode =
  | 'mcp_connection_failed'
  | 'mcp_connect_aborted'
  | 'mcp_connection_lost'
  | 'mcp_restart_failed'
  | 'mcp_toolkit_closed'
  | 'mcp_list_tools_failed'
  | 'mcp_options_invalid'
  | 'mcp_serve_invalid'
  | 'mcp_serve_failed';

/**
 * Connecting to an MCP server, or listing its tools, failed (`cause` holds the SDK's error), or the
 * toolkit's options are wrong. The fault is usually the server's or the transport's (a process that
 * did not start, a wrong URL, a server silent past `connectTimeoutMs`); a client passed in that was
 * never connected, or a bad option, is the caller's. `mcp_connect_aborted`: the caller's `signal`
 * cancelled connecting (its reason is the `cause`).
 *
 * While a toolkit runs, its tools throw (and the model reads): `mcp_connection_lost` when the
 * connection closed during a call (the server process crashed or was killed; the call is not made
 * again) or cannot be restarted; `mcp_restart_failed` when restarting the server failed as many
 * times as `restart.maxRestarts` allows; `mcp_toolkit_closed` after `close()`.
 *
 * When serving tools: `mcp_serve_invalid` names a tool list or option that cannot be served (not a
 * function tool, a duplicate name), and `mcp_serve_failed` a transport or HTTP port that could not
 * be opened. `server` is then the name the server announces.
 *
 * @example
 * ```ts
 * import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
 * import { connectMcpToolkit, McpToolkitError } from '@turnkit/mcp';
 * declare const transport: Transport;
 * declare function retryLater(): void;
 * try {
 *   await connectMcpToolkit({ transport });
 * } catch (error) {
 *   if (error instanceof McpToolkitError && error.code === 'mcp_connection_failed') retryLater();
 * }
 * ```
 */
export class McpToolkitError extends TurnkitError {
  declare readonly code: McpErrorCode;
  /** The server's name as it announced itself, or the transport's description when unknown. */
  readonly server: string;

  constructor(code: McpErrorCode, server: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.server = server;
  }
}

/**
 * The `cause` of the `ToolExecutionError` thrown when an MCP tool answers with `isError: true`:
 * the server ran the tool and reported a failure. `message` is the text the server sent (which is
 * what the model sees); `result` is the whole MCP result.
 *
 * @example
 * ```ts
 * import { McpToolCallError, type McpToolkit } from '@turnkit/mcp';
 * import { type RunToolContext, runTool } from '@turnkit/tools';
 * declare const toolkit: McpToolkit;
 * declare const ctx: RunToolContext;
 * const tool = toolkit.tools[0]!;
 * const result = await runTool(tool, '{}', ctx);
 * if (!result.ok && result.error.cause instanceof McpToolCallError) console.log(result.error.cause.result);
 * ```
 */
export class McpToolCallError extends Error {
  /** The MCP tool's own name (without any prefix). */
  readonly mcpToolName: string;
  /** The `CallToolResult` the server returned. */
  readonly result: unknown;

  constructor(mcpToolName: string, message: string, result: unknown) {
    super(message);
    this.name = 'McpToolCallError';
    this.mcpToolName = mcpToolName;
    this.result = result;
  }
}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { defineJsonTool, type Tool, ToolExecutionError, ToolTimeoutError } from '@turnkit/tools';
import { type ConnectLimits, checkConnectLimits, describeLimit, LONGEST_TIMER_MS } from './connect-limits.js';
import { McpToolCallError, McpToolkitError } from './contract/errors.js';
import {
  checkRestartOptions,
  type McpConnectionEvent,
  type McpRestartOptions,
} from './contract/restart-policy.js';
import { errorText, toToolOutput } from './internal/convert-content.js';
import { McpConnection } from './internal/mcp-connection.js';
import { toolNamesFor } from './internal/tool-names.js';

/**
 * The description of a tool as an MCP server lists it (`tools/list`): name, title, description,
 * `inputSchema`, `annotations` …
 *
 * @example
 * ```ts
 * import type { McpToolInfo } from '@turnkit/mcp';
 * const readOnly = (tool: McpToolInfo) => tool.annotations?.readOnlyHint === true;
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool
 */
export type McpToolInfo = McpTool;

/**
 * An MCP server's tools as turnkit tools, and the way to let go of the connection.
 *
 * @example
 * ```ts
 * import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
 * import { createAgent } from '@turnkit/core';
 * import { connectMcpToolkit } from '@turnkit/mcp';
 * import type { AnyTool } from '@turnkit/tools';
 * declare const myTools: AnyTool[];
 * const transport = new StdioClientTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] });
 * const toolkit = await connectMcpToolkit({ transport });
 * try {
 *   const agent = createAgent({ tools: [...myTools, ...toolkit.tools] });
 *   await agent.run('Add 2 and 3.');
 * } finally {
 *   await toolkit.close();
 * }
 * ```
 */
export interface McpToolkit {
  /** One turnkit tool per MCP tool, in the server's order. */
  readonly tools: Tool[];
  /**
   * Closes the connection if the toolkit opened it (`{ transport }`), after a restart in progress;
   * its tools then fail with `mcp_toolkit_closed`. A `{ client }` passed in stays open, since its
   * owner closes it. Safe to call more than once.
   */
  close(): Promise<void>;
}

/**
 * Options of {@link connectMcpToolkit} that do not depend on how it connects.
 *
 * @example
 * ```ts
 * import type { McpToolkitSettings } from '@turnkit/mcp';
 * const settings: McpToolkitSettings = {
 *   prefix: 'gh_', timeoutMs: 30_000, needsApproval: true, restart: { maxRestarts: 5 },
 *   onConnectionEvent: (event) => console.warn(event.type, event.server),
 * };
 * ```
 */
export interface McpToolkitSettings {
  /**
   * Put in front of every tool name, e.g. `'github_'`, to keep tools of several servers apart.
   * Letters, digits, `_` and `-` only.
   */
  prefix?: string;
  /** Keep only the MCP tools for which this returns `true`. */
  filter?: (tool: McpToolInfo) => boolean;
  /**
   * Time limit of one call, in milliseconds: for all tools, or decided per tool from its listing.
   * It is the tool's `timeoutMs` (a call over it is a `ToolTimeoutError`, and the request is
   * cancelled on the server) and the MCP request timeout. Without it a call has no time limit, as
   * for any turnkit tool — not the SDK's hidden 60 s default.
   */
  timeoutMs?: number | ((tool: McpToolInfo) => number | undefined);
  /**
   * The largest output of one call, in bytes (see `maxOutputBytes` of `defineTool`); 1 MiB
   * (`DEFAULT_MAX_OUTPUT_BYTES`) by default, `Infinity` for none.
   */
  maxOutputBytes?: number;
  /**
   * How the toolkit restarts its server after the connection is lost (a stdio server process that
   * crashed or was killed): at the next call, at most 3 times a minute by default. `false` leaves
   * a lost connection lost. Only a toolkit that connected the transport itself restarts.
   */
  restart?: McpRestartOptions | false;
  /**
   * Told when the connection is lost, and of each restart, failed restart and giving up. A throw
   * from it is ignored.
   */
  onConnectionEvent?: (event: McpConnectionEvent) => void;
  /**
   * Whether calls need approval before they run: for all tools, or decided per tool from its
   * listing, e.g. `(tool) => tool.annotations?.readOnlyHint !== true`. `false` by default.
   */
  needsApproval?: boolean | ((tool: McpToolInfo) => boolean);
  /**
   * How long connecting may take, in milliseconds: the server's answer to the MCP handshake (when
   * the toolkit connects the transport) and each page of its tool list. `DEFAULT_CONNECT_TIMEOUT_MS`
   * (10 s) by default, `Infinity` for none; never the MCP SDK's hidden 60 s. Past it,
   * `connectMcpToolkit` fails with `mcp_connection_failed` (or `mcp_list_tools_failed`) naming the
   * limit, and a client the toolkit made is closed (a stdio server process is stopped).
   */
  connectTimeoutMs?: number;
  /**
   * Cancels connecting and listing the tools: `connectMcpToolkit` then fails with
   * `mcp_connect_aborted` (the signal's reason is its `cause`) and closes a client it made. It does
   * not reach the toolkit's calls, which take the signal of each run.
   */
  signal?: AbortSignal;
}

/**
 * How {@link connectMcpToolkit} reaches the server: an SDK `Client` that is already connected, or
 * a `Transport` (stdio, Streamable HTTP, in-memory …) for a client the toolkit makes and owns.
 * The two cannot be combined.
 *
 * @example
 * ```ts
 * import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
 * import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
 * import { connectMcpToolkit } from '@turnkit/mcp';
 * declare const url: string;
 * declare const alreadyConnectedClient: Client;
 * await connectMcpToolkit({ transport: new StreamableHTTPClientTransport(new URL(url)), name: 'my-app' });
 * await connectMcpToolkit({ client: alreadyConnectedClient, prefix: 'docs_' });
 * ```
 */
export type ConnectMcpToolkitOptions = McpToolkitSettings &
  (
    | { client: Client; transport?: never; name?: never }
    | {
        transport: Transport;
        /** The client name announced to the server; `'turnkit'` by default. */
        name?: string;
        client?: never;
      }
  );

const MAX_PAGES = 1000;

/**
 * The MCP request timeout of a call without a time limit: the longest delay a timer takes. Leaving
 * `timeout` out would mean the SDK's default of 60 s.
 */
const NO_TIMEOUT = LONGEST_TIMER_MS;

/**
 * Connects to an MCP server and turns its tools into turnkit tools.
 *
 * Lists every tool (following `nextCursor` pagination) and makes each one a `Tool` with
 * `defineJsonTool`: the name is the MCP name (with `prefix`, and with characters the Responses API
 * does not allow replaced by `_`); the description is the tool's description (or title); the
 * parameters are the tool's `inputSchema` sent with `strict: false`, since MCP schemas are
 * arbitrary JSON Schema; the arguments are checked to be a JSON object with the required
 * properties.
 *
 * A call is a `tools/call` request carrying the call's signal, so aborting the run (or the
 * `timeoutMs` passing) cancels the request on the server; without `timeoutMs` a call has no time
 * limit. It asks for progress (a `progressToken`), and each `notifications/progress` the server
 * sends for it becomes a report of the turnkit tool's `ctx.progress` — a `tool_progress` event in
 * an agent run — checked like any other (a server that repeats or lowers `progress` sees that
 * report refused). A result with `isError: true` becomes a
 * thrown `ToolExecutionError` whose cause is an {@link McpToolCallError} with the server's text —
 * the model sees that text. Content becomes the tool's output: text as a string, images as
 * `input_image` parts with a data URL, other blocks (resources, links, audio) as text.
 *
 * The tool list is read once; a server that changes its tools later needs a new toolkit.
 *
 * When the connection closes without `close()` — a stdio server process that crashed or was
 * killed — a call in flight fails with `mcp_connection_lost` (it is not made again: whether it ran
 * is unknown), and the next call starts the transport again (the SDK's stdio transport spawns the
 * process anew), at most `restart.maxRestarts` times within `restart.windowMs`; after that calls
 * fail with `mcp_restart_failed` until the window allows another. `onConnectionEvent` hears of
 * each step.
 *
 * @throws {McpToolkitError} `mcp_connection_failed` when connecting fails, or the `client` passed
 * in is not connected; `mcp_list_tools_failed` when listing fails; `mcp_options_invalid` for a bad
 * `prefix`, `restart` or `onConnectionEvent`. A client the toolkit made is closed before it throws.
 * @throws {ToolDefinitionError} when an MCP tool's `inputSchema` is not an object schema, or
 * `timeoutMs` (for a tool) is not a positive number, or `maxOutputBytes` not a positive whole number.
 *
 * @example
 * ```ts
 * import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
 * import { connectMcpToolkit } from '@turnkit/mcp';
 *
 * const toolkit = await connectMcpToolkit({
 *   transport: new StdioClientTransport({ command: 'node', args: ['./my-server.js'] }),
 *   prefix: 'files_',
 *   needsApproval: (tool) => tool.annotations?.readOnlyHint !== true,
 * });
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools
 */
export async function connectMcpToolkit(options: ConnectMcpToolkitOptions): Promise<McpToolkit> {
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string' || !/^[a-zA-Z0-9_-]*$/.test(prefix) || prefix.length > 32) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      'options',
      `connectMcpToolkit: \`prefix\` must be up to 32 letters, digits, "_" or "-" (e.g. "github_"), got ${JSON.stringify(prefix)}.`,
    );
  }

  const policy = checkRestartOptions(options.restart);
  if (options.onConnectionEvent !== undefined && typeof options.onConnectionEvent !== 'function') {
    throw new McpToolkitError(
      'mcp_options_invalid',
      'options',
      `connectMcpToolkit: \`onConnectionEvent\` must be a function (event) => void, got ${typeof options.onConnectionEvent}.`,
    );
  }

  const limits = checkConnectLimits(options.connectTimeoutMs, options.signal);
  if (limits.signal?.aborted) throw aborted(options.client ? 'MCP server' : 'transport', limits.signal);

  const owned = options.client === undefined;
  let client: Client;
  if (options.client !== undefined) {
    client = options.client;
    if (client.transport === undefined) {
      throw new McpToolkitError(
        'mcp_connection_failed',
        'client',
        'The MCP client passed to connectMcpToolkit is not connected. Call `await client.connect(transport)` ' +
          'first, or pass `{ transport }` and let the toolkit connect.',
      );
    }
  } else {
    client = new Client({ name: options.name ?? 'turnkit', version: '0.1.0' });
    try {
      await client.connect(options.transport, { timeout: limits.timeout, signal: limits.signal });
    } catch (error) {
      await client.close().catch(() => {});
      if (limits.signal?.aborted) throw aborted('transport', limits.signal);
      if (isTimeout(error)) {
        throw new McpToolkitError(
          'mcp_connection_failed',
          'transport',
          `The MCP server did not answer the handshake within ${describeLimit(limits.limitMs)} (connectTimeoutMs). ` +
            'Check that the command or URL starts an MCP server (run it by hand), or raise connectTimeoutMs for a slow start.',
          { cause: error },
        );
      }
      throw new McpToolkitError(
        'mcp_connection_failed',
        'transport',
        `Could not connect to the MCP server: ${error instanceof Error ? error.message : String(error)}. ` +
          'Check that the server starts (command, arguments, URL) and speaks MCP.',
        { cause: error },
      );
    }
  }
  const server = client.getServerVersion()?.name ?? 'MCP server';
  const connection = new McpConnection({
    client,
    transport: owned ? options.transport : undefined,
    clientName: options.name ?? 'turnkit',
    server,
    policy,
    onEvent: options.onConnectionEvent,
  });
  const close = (): Promise<void> => connection.close();

  try {
    const listed = (await listAllTools(client, server, limits)).filter(
      (tool) => options.filter?.(tool) ?? true,
    );
    const names = toolNamesFor(
      listed.map((tool) => tool.name),
      prefix,
    );
    const tools = listed.map((info, index) => toTurnkitTool(connection, info, names[index]!, options));
    return { tools, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

async function listAllTools(client: Client, server: string, limits: ConnectLimits): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.listTools(cursor === undefined ? undefined : { cursor }, {
        timeout: limits.timeout,
        signal: limits.signal,
      });
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (cursor === undefined || seen.has(cursor)) return tools;
      seen.add(cursor);
    }
    return tools;
  } catch (error) {
    if (limits.signal?.aborted) throw aborted(server, limits.signal);
    const why = isTimeout(error)
      ? `it did not answer tools/list within ${describeLimit(limits.limitMs)} (connectTimeoutMs)`
      : error instanceof Error
        ? error.message
        : String(error);
    throw new McpToolkitError(
      'mcp_list_tools_failed',
      server,
      `Could not list the tools of "${server}": ${why}.`,
      {
        cause: error,
      },
    );
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.RequestTimeout;
}

function aborted(server: string, signal: AbortSignal): McpToolkitError {
  return new McpToolkitError(
    'mcp_connect_aborted',
    server,
    'connectMcpToolkit was cancelled (options.signal) before the toolkit was ready.',
    { cause: signal.reason },
  );
}

function toTurnkitTool(
  connection: McpConnection,
  info: McpToolInfo,
  name: string,
  settings: McpToolkitSettings,
): Tool {
  const { server } = connection;
  const description =
    info.description?.trim() || info.title?.trim() || `The "${info.name}" tool of ${server}.`;
  const needsApproval =
    typeof settings.needsApproval === 'function'
      ? settings.needsApproval(info)
      : (settings.needsApproval ?? false);
  const timeoutMs = typeof settings.timeoutMs === 'function' ? settings.timeoutMs(info) : settings.timeoutMs;
  return defineJsonTool({
    name,
    description,
    parameters: info.inputSchema as Record<string, unknown>,
    strict: false,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(settings.maxOutputBytes === undefined ? {} : { maxOutputBytes: settings.maxOutputBytes }),
    needsApproval,
    execute: async (input, { signal, progress }) => {
      let result: Record<string, unknown>;
      try {
        result = await connection.callTool(
          { name: info.name, arguments: input },
          // With onprogress the call asks for progress (a progressToken in `_meta`).
          { signal, timeout: timeoutMs ?? NO_TIMEOUT, onprogress: (update) => progress(update) },
        );
      } catch (error) {
        // The SDK's own timer, set to the same limit, may fire before the tool's: still a timeout.
        if (error instanceof McpError && error.code === ErrorCode.RequestTimeout && timeoutMs !== undefined) {
          throw new ToolTimeoutError(name, timeoutMs, { cause: error });
        }
        throw error;
      }
      if (result.isError === true) {
        // A server made with createMcpServer already says which tool failed; say it once.
        const text = errorText(result).replace(/^Error: tool "[^"]*" failed: /, '');
        throw new ToolExecutionError(
          name,
          `MCP tool "${info.name}" of ${server} reported an error: ${text}`,
          {
            cause: new McpToolCallError(info.name, text, result),
          },
        );
      }
      return toToolOutput(result);
    },
  });
}

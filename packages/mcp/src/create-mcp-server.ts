import { randomUUID } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  type Tool as McpToolListing,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { Tool, ToolContext, ToolProgress } from '@turnkit/tools';
import { runTool } from '@turnkit/tools';
import { McpToolkitError } from './contract/errors.js';
import type { McpApprover } from './contract/mcp-approver.js';
import { approvalRefusal } from './internal/approval-refusal.js';
import { checkServedTools } from './internal/check-served-tools.js';
import { toCallToolResult } from './internal/to-call-tool-result.js';
import { WireError } from './internal/wire-error.js';

/**
 * What the server knows about one `tools/call` request, for {@link McpServerOptions.context}.
 *
 * @example
 * ```ts
 * import type { McpCallInfo } from '@turnkit/mcp';
 * const context = (call: McpCallInfo) => ({ deps: { user: call.authInfo?.clientId } });
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#calling-tools
 */
export interface McpCallInfo {
  /** The name of the tool being called. */
  toolName: string;
  /** The arguments as the client sent them (not validated yet). */
  arguments: Record<string, unknown>;
  /** The JSON-RPC id of the `tools/call` request (unique within one connection). */
  requestId: string | number;
  /** The transport's session id (Streamable HTTP in stateful mode), else `undefined`. */
  sessionId: string | undefined;
  /** What the transport's authentication established, if any. */
  authInfo: AuthInfo | undefined;
}

/**
 * Per-call parts of the `ToolContext` a served tool receives; see {@link McpServerOptions.context}.
 * Anything left out takes its default.
 *
 * @example
 * ```ts
 * import type { McpCallContext } from '@turnkit/mcp';
 * const perCall: McpCallContext = { runId: 'chat_42', turn: 3, deps: { user: 'ada' } };
 * ```
 */
export interface McpCallContext {
  /** `ctx.callId`; `mcp_<request id>` by default. */
  callId?: string;
  /** `ctx.runId`; the session id, else an id made once per server, by default. */
  runId?: string;
  /** `ctx.turn`; by default the number of this call among the calls the server has taken (1-based). */
  turn?: number;
  /** `ctx.deps` for this call, in place of `options.deps`. */
  deps?: unknown;
}

/**
 * Options of {@link createMcpServer} (and of `serveMcpToolkit` / `serveMcpToolkitHttp`).
 *
 * @example
 * ```ts
 * import type { McpServerOptions } from '@turnkit/mcp';
 * declare const db: unknown; // what the tools get as `ctx.deps.db`
 * const options: McpServerOptions = {
 *   name: 'invoices', version: '1.2.0', deps: { db },
 *   approve: (request) => request.toolName !== 'delete_invoice',
 * };
 * ```
 */
export interface McpServerOptions {
  /** The server name announced to clients; `'turnkit'` by default. */
  name?: string;
  /** The server version announced to clients; `'0.1.0'` by default. */
  version?: string;
  /** Instructions for the client's model, sent in the `initialize` result. */
  instructions?: string;
  /** `ctx.deps` of every call (unless {@link context} gives a call its own). */
  deps?: unknown;
  /**
   * Gives each call its `callId`, `runId`, `turn` or `deps`, e.g. from the session or the
   * authenticated client. A throw fails the request with an MCP internal error.
   */
  context?: (call: McpCallInfo) => McpCallContext | Promise<McpCallContext>;
  /**
   * Asked before a call of a tool whose `needsApproval` says yes (evaluated on the validated
   * arguments). Without it such calls are refused: the client gets an `isError` result saying the
   * tool needs approval and was not run.
   */
  approve?: McpApprover;
  /** MCP annotations (`readOnlyHint`, `destructiveHint`, `title` …) to list with a tool. */
  annotations?: (tool: Tool) => ToolAnnotations | undefined;
}

function checkOptions(options: McpServerOptions, server: string): void {
  const problem = (['name', 'version', 'instructions'] as const).find(
    (key) => options[key] !== undefined && (typeof options[key] !== 'string' || options[key] === ''),
  );
  if (problem !== undefined) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      server,
      `createMcpServer: \`${problem}\` must be a non-empty string, got ${JSON.stringify(options[problem])}.`,
    );
  }
  const notFunction = (['context', 'approve', 'annotations'] as const).find(
    (key) => options[key] !== undefined && typeof options[key] !== 'function',
  );
  if (notFunction !== undefined) {
    throw new McpToolkitError(
      'mcp_options_invalid',
      server,
      `createMcpServer: \`${notFunction}\` must be a function, got ${typeof options[notFunction]}.`,
    );
  }
}

/** Tools checked once, ready to be served by any number of servers (one per HTTP request …). */
export interface CheckedToolkit {
  readonly tools: ReadonlyMap<string, Tool>;
  readonly options: McpServerOptions;
}

/** Checks the tools and options of a served toolkit. Internal to the package. */
export function checkToolkit(tools: readonly Tool[], options: McpServerOptions): CheckedToolkit {
  const server = typeof options.name === 'string' && options.name !== '' ? options.name : 'turnkit';
  checkOptions(options, server);
  return { tools: checkServedTools(tools, server), options };
}

/** A server of an already checked toolkit. Internal to the package. */
export function buildMcpServer({ tools, options }: CheckedToolkit): McpServer {
  const server = new McpServer(
    { name: options.name ?? 'turnkit', version: options.version ?? '0.1.0' },
    {
      capabilities: { tools: { listChanged: false } },
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
    },
  );
  const listing: McpToolListing[] = [...tools.values()].map((tool) => {
    const annotations = options.annotations?.(tool);
    return {
      name: tool.name,
      description: tool.description,
      inputSchema: tool.parameters as McpToolListing['inputSchema'],
      ...(annotations === undefined ? {} : { annotations }),
    };
  });
  const serverRunId = `mcp_${randomUUID()}`;
  let calls = 0;

  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listing }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const tool = tools.get(name);
    if (tool === undefined) {
      throw new WireError(
        ErrorCode.InvalidParams,
        `Unknown tool "${name}". This server has: ${[...tools.keys()].join(', ') || '(no tools)'}.`,
      );
    }
    const args = request.params.arguments ?? {};
    const turn = ++calls;
    let perCall: McpCallContext = {};
    if (options.context !== undefined) {
      try {
        perCall = await options.context({
          toolName: name,
          arguments: args,
          requestId: extra.requestId,
          sessionId: extra.sessionId,
          authInfo: extra.authInfo,
        });
      } catch (error) {
        throw new WireError(
          ErrorCode.InternalError,
          `The server could not prepare the call of "${name}": ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const ctx: ToolContext = {
      signal: extra.signal,
      callId: perCall.callId ?? `mcp_${String(extra.requestId)}`,
      toolName: name,
      runId: perCall.runId ?? extra.sessionId ?? serverRunId,
      turn: perCall.turn ?? turn,
      deps: perCall.deps !== undefined ? perCall.deps : options.deps,
      // The approval's context: the call does not run yet, so it has no progress to report.
      progress: () => false,
    };
    const rawArguments = JSON.stringify(args);
    const refusal = await approvalRefusal(tool, rawArguments, ctx, options.approve);
    if (refusal !== undefined) return { isError: true, content: [{ type: 'text', text: refusal }] };

    // Keep what `execute` returns, so an object result can also go out as `structuredContent`.
    let returned: unknown;
    const watched: Tool = Object.create(tool, {
      execute: {
        value: async (input: unknown, toolCtx: ToolContext) => {
          returned = await tool.execute(input, toolCtx);
          return returned;
        },
      },
    });
    const progress = progressSender(extra);
    const result = await runTool(watched, rawArguments, { ...ctx, onProgress: progress.send });
    // Every notification goes out before the result: MCP allows none after the request is done.
    await progress.flushed();
    return toCallToolResult(result, result.ok ? returned : undefined);
  });
  return server;
}

/** What a request handler gets from the SDK, as far as progress goes. */
interface ProgressExtra {
  _meta?: { progressToken?: string | number };
  sendNotification: (notification: {
    method: 'notifications/progress';
    params: ToolProgress & { progressToken: string | number };
  }) => Promise<void>;
}

/**
 * Sends a call's progress reports as `notifications/progress` with the request's `progressToken`,
 * when the client gave one; else sends nothing. A notification that cannot be sent (the
 * connection closed) is dropped: the result of the call cannot be sent either.
 */
function progressSender(extra: ProgressExtra): {
  send: ((update: ToolProgress) => void) | undefined;
  flushed: () => Promise<unknown>;
} {
  const token = extra._meta?.progressToken;
  if (token === undefined) return { send: undefined, flushed: async () => {} };
  const sending: Promise<void>[] = [];
  return {
    send: (update) => {
      sending.push(
        extra
          .sendNotification({ method: 'notifications/progress', params: { ...update, progressToken: token } })
          .catch(() => {}),
      );
    },
    flushed: () => Promise.all(sending),
  };
}

/**
 * Makes an MCP server that offers turnkit tools to any MCP client (`tools/list` and `tools/call`).
 * Connect it to a transport yourself, or use `serveMcpToolkit` / `serveMcpToolkitHttp`.
 *
 * **Listing.** Each tool is listed with its name, description and its `parameters` (the JSON Schema
 * the model sees) as `inputSchema`, unchanged, plus the `annotations` the option gives it.
 *
 * **Calls** run through `runTool` from `@turnkit/tools`, as in an agent run: the arguments are
 * validated against the tool's `input`, the tool's `timeoutMs` applies, and `ctx.signal` is the MCP
 * request's signal, so a client that cancels the request (`notifications/cancelled`) or a closed
 * connection aborts the tool. The result:
 * - success: a string is one `text` block; content parts become `text` / `image` blocks (an
 *   `input_image` with a base64 data URL becomes an `image`); an object the tool returned is sent
 *   as JSON text and as `structuredContent`;
 * - failure (invalid arguments, a throw, the time limit, a refused approval): `isError: true` with
 *   the same short message an agent's model would read, e.g.
 *   `Error: invalid arguments for tool "get_weather": city: Required` — never a stack;
 * - an unknown tool name: a JSON-RPC error `InvalidParams` (-32602) listing the served tools.
 *
 * **Progress.** When the client asks for progress (a `progressToken` in the request's `_meta`),
 * every report a tool makes with `ctx.progress(…)` that passes its checks goes out at once as a
 * `notifications/progress` with that token and the report's `progress`, `total` and `message`,
 * all of them before the result. Without a token, reports go nowhere.
 *
 * **Approvals.** A tool whose `needsApproval` says yes for a call runs only if `options.approve`
 * approves it; without `approve` such calls are refused with an `isError` result.
 *
 * It returns the SDK's high-level `McpServer`, so you can add resources and prompts with its
 * `registerResource` / `registerPrompt`; the tool handlers are installed on its low-level `server`
 * (the SDK's `registerTool` takes zod shapes and would turn them into JSON Schema again), so
 * `registerTool` on it throws — put every tool in `tools` instead.
 *
 * @throws {McpToolkitError} `mcp_serve_invalid` when `tools` is not an array of turnkit function
 * tools (hosted tools cannot be served) or two tools share a name; `mcp_options_invalid` for an
 * option of the wrong type.
 *
 * @example
 * ```ts
 * import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
 * import { createMcpServer } from '@turnkit/mcp';
 * import type { Tool } from '@turnkit/tools';
 *
 * declare const getWeather: Tool<{ city: string }>;
 * declare const getInvoice: Tool<{ number: string }>;
 * declare const invoices: unknown; // what the tools get as `ctx.deps.invoices`
 * const server = createMcpServer([getWeather, getInvoice], { name: 'office', deps: { invoices } });
 * const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
 * await server.connect(serverTransport);
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools
 */
export function createMcpServer(tools: readonly Tool[], options: McpServerOptions = {}): McpServer {
  return buildMcpServer(checkToolkit(tools, options));
}

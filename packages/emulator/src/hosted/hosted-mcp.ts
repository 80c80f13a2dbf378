import { buildItems } from '../emitters/index.js';
import {
  type McpCallError,
  type McpListedTool,
  mcpApprovalRequestEmitter,
  mcpCallEmitter,
  mcpListToolsEmitter,
} from '../emitters/mcp.js';
import { approvalRequestFor, hostedMcpReport } from '../model/mcp-report.js';
import type { ScriptItem, ScriptMcpCall, ScriptTurn } from '../model/script.js';
import type { ResolvedContext } from '../state/context.js';
import type { CreateRequest } from '../validate/create-request.js';
import { HttpError, invalidRequest } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import { type McpConnections, type McpEndpoint, McpFailureError, type McpServerTool } from './mcp-client.js';

/** Builds the output items of one scripted item that is not an MCP call (default: `buildItems`). */
export type ItemBuilder = (spec: ScriptItem) => Promise<WireItem[]>;

/** A tool filter of `allowed_tools` or `require_approval` (`tool_names`, `read_only`). */
interface ToolFilter {
  names?: readonly string[];
  readOnly?: boolean;
}

/** One `{"type": "mcp"}` tool of a request, as the emulator uses it. */
export interface HostedMcpServer {
  label: string;
  /** The server URL and the headers to send: `headers`, plus `Authorization: Bearer …` from `authorization`. */
  endpoint: McpEndpoint;
  /** `null` when every tool is allowed. */
  allowed: ToolFilter | null;
  approval: 'always' | 'never' | { always?: ToolFilter; never?: ToolFilter };
}

/**
 * The hosted MCP work of one response: the items it starts with, and the turn's output with its
 * MCP calls resolved.
 */
export interface HostedMcp {
  /**
   * Items the response starts with, already resolved: an `mcp_list_tools` per server not listed in
   * the context yet, then an `mcp_call` per approval the request's input grants.
   */
  readonly items: readonly WireItem[];
  /** The model context the turn is chosen on: the request's context followed by {@link items}. */
  readonly context: readonly WireItem[];
  /**
   * Builds the output of the chosen turn: {@link items}, then the turn's items, with each
   * `mcp_call` item either turned into an `mcp_approval_request` (and the response ends there) or
   * run against its server. When the turn's output ends with calls that ran, the default model's
   * report of them follows (`MCP tool NAME returned: …`).
   *
   * @throws {HttpError} 500 (`x-should-retry: false`) when an `mcp_call` names a server label that
   * is not in `tools`, or a tool its `allowed_tools` excludes.
   */
  output(turn: ScriptTurn, build?: ItemBuilder): Promise<WireItem[]>;
}

/**
 * Runs the hosted MCP part of a request before the model answers:
 *
 * 1. lists the tools of every `mcp` tool whose `server_label` has no `mcp_list_tools` item in the
 *    context yet (really connecting to `server_url` with the given headers);
 * 2. checks every `mcp_approval_response` of the input against the approval requests of the
 *    context, and calls the tools it approves (the calls carry `approval_request_id`).
 *
 * @throws {HttpError} 424 `external_connector_error` (`param: "tools"`, `code: "http_error"`,
 * `Error retrieving tool list from MCP server: 'LABEL'. Http status code: 401 (Unauthorized)`)
 * when a server cannot list its tools, as the real service answers; 400 for an
 * `mcp_approval_response` whose approval request is not in the context, or whose server is not in
 * `tools`.
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { ModelRequest } from '../model/model-request.js';
 * import { type EmulatorState, takeTurn } from '../routes/emulator-state.js';
 * import type { ResolvedContext } from '../state/context.js';
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { prepareHostedMcp } from './hosted-mcp.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * declare const request: CreateRequest;
 * declare const context: ResolvedContext;
 * declare const modelRequest: ModelRequest;
 * const hosted = await prepareHostedMcp(state.mcp, request, context, ex.signal);
 * const output = await hosted.output(takeTurn(state, { ...modelRequest, context: hosted.context }));
 */
export async function prepareHostedMcp(
  connections: McpConnections,
  request: CreateRequest,
  context: ResolvedContext,
  signal: AbortSignal,
): Promise<HostedMcp> {
  const servers = hostedMcpServers(request);
  const responses = context.input.filter((item) => item.type === 'mcp_approval_response');
  if (servers.size === 0 && responses.length === 0) return withoutHostedMcp(connections, context, signal);
  const approved = approvedCalls(servers, responses, context.items);
  const lists = await listMissingTools(connections, servers, context.items, signal);
  const known = [...context.items, ...lists];
  const calls: WireItem[] = [];
  for (const { server, approvalRequest } of approved) {
    calls.push(
      await runCall(connections, server, {
        name: String(approvalRequest.name),
        args: String(approvalRequest.arguments),
        approvalRequestId: String(approvalRequest.id),
        signal,
      }),
    );
  }
  const items = [...lists, ...calls];
  return {
    items,
    context: [...context.items, ...items],
    output: (turn, build) =>
      resolveTurn(connections, servers, turn.output ?? [], {
        prefix: items,
        known: [...known, ...calls],
        signal,
        build: build ?? buildOne,
      }),
  };
}

/**
 * The hosted MCP work of a request that has none: no `mcp` server to list and no approval to run
 * (what {@link prepareHostedMcp} gives then, without waiting). The turn's own `mcp_call` items
 * still get their checks: with no server of their label, they fail.
 *
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { EmulatorState } from '../routes/emulator-state.js';
 * import type { ResolvedContext } from '../state/context.js';
 * import { withoutHostedMcp } from './hosted-mcp.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * declare const context: ResolvedContext;
 * const hosted = withoutHostedMcp(state.mcp, context, ex.signal);
 * hosted.items; // []
 */
export function withoutHostedMcp(
  connections: McpConnections,
  context: ResolvedContext,
  signal: AbortSignal,
): HostedMcp {
  return {
    items: [],
    context: [...context.items],
    output: (turn, build) =>
      resolveTurn(connections, NO_SERVERS, turn.output ?? [], {
        prefix: [],
        known: context.items,
        signal,
        build: build ?? buildOne,
      }),
  };
}

const NO_SERVERS: ReadonlyMap<string, HostedMcpServer> = new Map();

const buildOne: ItemBuilder = async (spec) => buildItems([spec]);

/**
 * Checks the input's approval responses and returns the approved calls still to run.
 *
 * @throws {HttpError} 400 when an approval request is not in the context, or its server is not in
 * `tools`.
 */
function approvedCalls(
  servers: ReadonlyMap<string, HostedMcpServer>,
  responses: readonly WireItem[],
  context: readonly WireItem[],
): Array<{ server: HostedMcpServer; approvalRequest: WireItem }> {
  const missing = responses
    .filter((response) => !approvalRequestFor(context, response))
    .map((response) => String(response.approval_request_id));
  if (missing.length > 0) {
    throw invalidRequest(
      `The following MCP approval requests have approval responses but weren't passed as input: ${missing.join(', ')}.`,
      'input',
    );
  }
  const approved: Array<{ server: HostedMcpServer; approvalRequest: WireItem }> = [];
  for (const response of responses) {
    const approvalRequest = approvalRequestFor(context, response)!;
    if (response.approve !== true || alreadyCalled(context, approvalRequest)) continue;
    const label = String(approvalRequest.server_label);
    const server = servers.get(label);
    if (!server) {
      throw invalidRequest(
        `No MCP tool with server_label '${label}' found in 'tools' for approval request ${String(approvalRequest.id)}.`,
        'tools',
      );
    }
    approved.push({ server, approvalRequest });
  }
  return approved;
}

async function resolveTurn(
  connections: McpConnections,
  servers: ReadonlyMap<string, HostedMcpServer>,
  specs: readonly ScriptItem[],
  at: { prefix: readonly WireItem[]; known: readonly WireItem[]; signal: AbortSignal; build: ItemBuilder },
): Promise<WireItem[]> {
  const produced: WireItem[] = [...at.prefix];
  const start = produced.length;
  let awaitingApproval = false;
  for (const spec of specs) {
    if (spec.type !== 'mcp_call') {
      if (!awaitingApproval) produced.push(...(await at.build(spec)));
      continue;
    }
    const readOnly = listedTool(at.known, spec.server_label, spec.name)?.annotations.read_only === true;
    const server = serverFor(servers, spec, readOnly);
    const args = typeof spec.arguments === 'string' ? spec.arguments : JSON.stringify(spec.arguments);
    if (needsApproval(server, spec.name, readOnly)) {
      produced.push(
        mcpApprovalRequestEmitter.build({
          type: 'mcp_approval_request',
          server_label: spec.server_label,
          name: spec.name,
          arguments: args,
        }),
      );
      awaitingApproval = true;
      continue;
    }
    if (awaitingApproval) continue;
    produced.push(
      await runCall(connections, server, {
        name: spec.name,
        args,
        approvalRequestId: null,
        signal: at.signal,
      }),
    );
  }
  const report = awaitingApproval ? null : hostedMcpReport(produced.slice(start));
  if (report !== null && produced.at(-1)?.type === 'mcp_call') {
    produced.push(...buildItems([{ type: 'message', text: report }]));
  }
  return produced;
}

function serverFor(
  servers: ReadonlyMap<string, HostedMcpServer>,
  spec: ScriptMcpCall,
  readOnly: boolean,
): HostedMcpServer {
  const server = servers.get(spec.server_label);
  if (!server) {
    throw scriptError(
      `the turn calls MCP tool '${spec.name}' on server '${spec.server_label}', but the request has no mcp tool with that server_label`,
    );
  }
  if (server.allowed && !matchesFilter(server.allowed, spec.name, readOnly)) {
    throw scriptError(
      `the turn calls MCP tool '${spec.name}' on server '${spec.server_label}', which its allowed_tools exclude`,
    );
  }
  return server;
}

/**
 * Reads the request's `mcp` tools (with their credentials, from the body as sent).
 *
 * @example
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { hostedMcpServers } from './hosted-mcp.js';
 * declare const request: CreateRequest; // its tools: [{ type: 'mcp', server_label: 'crm', server_url: 'http://127.0.0.1:3000/mcp' }]
 * hostedMcpServers(request).get('crm')?.endpoint.url; // 'http://127.0.0.1:3000/mcp'
 */
export function hostedMcpServers(request: CreateRequest): Map<string, HostedMcpServer> {
  const servers = new Map<string, HostedMcpServer>();
  const raw = Array.isArray(request.body.tools) ? (request.body.tools as JsonObject[]) : [];
  for (const tool of raw) {
    if (tool.type !== 'mcp' || typeof tool.server_url !== 'string') continue;
    const headers: Record<string, string> = { ...((tool.headers as Record<string, string> | null) ?? {}) };
    if (typeof tool.authorization === 'string') {
      for (const name of Object.keys(headers)) {
        if (name.toLowerCase() === 'authorization') delete headers[name];
      }
      headers.Authorization = `Bearer ${tool.authorization}`;
    }
    servers.set(String(tool.server_label), {
      label: String(tool.server_label),
      endpoint: { url: tool.server_url, headers },
      allowed: allowedFilter(tool.allowed_tools),
      approval: approvalPolicy(tool.require_approval),
    });
  }
  return servers;
}

function allowedFilter(value: unknown): ToolFilter | null {
  if (Array.isArray(value)) return { names: value as string[] };
  if (typeof value !== 'object' || value === null) return null;
  const filter = toFilter(value as JsonObject);
  return filter.names === undefined && filter.readOnly === undefined ? null : filter;
}

function approvalPolicy(value: unknown): HostedMcpServer['approval'] {
  if (value === 'never') return 'never';
  if (typeof value !== 'object' || value === null) return 'always';
  const policy: { always?: ToolFilter; never?: ToolFilter } = {};
  const v = value as JsonObject;
  if (typeof v.always === 'object' && v.always !== null) policy.always = toFilter(v.always as JsonObject);
  if (typeof v.never === 'object' && v.never !== null) policy.never = toFilter(v.never as JsonObject);
  return policy;
}

function toFilter(value: JsonObject): ToolFilter {
  const filter: ToolFilter = {};
  if (Array.isArray(value.tool_names)) filter.names = value.tool_names as string[];
  if (typeof value.read_only === 'boolean') filter.readOnly = value.read_only;
  return filter;
}

/** A filter matches a tool when it sets a criterion and every criterion it sets holds. */
function matchesFilter(filter: ToolFilter, name: string, readOnly: boolean): boolean {
  if (filter.names === undefined && filter.readOnly === undefined) return false;
  if (filter.names !== undefined && !filter.names.includes(name)) return false;
  if (filter.readOnly !== undefined && filter.readOnly !== readOnly) return false;
  return true;
}

/**
 * Tells whether calling a tool needs approval: `"never"` → no; `"always"` or absent → yes (the
 * API's default); a filter object → no when `never` matches the tool, otherwise yes (a tool that
 * `always` matches, and a tool neither side matches, need approval).
 */
function needsApproval(server: HostedMcpServer, name: string, readOnly: boolean): boolean {
  const policy = server.approval;
  if (policy === 'never') return false;
  if (policy === 'always') return true;
  if (policy.never && matchesFilter(policy.never, name, readOnly)) return false;
  return true;
}

async function listMissingTools(
  connections: McpConnections,
  servers: ReadonlyMap<string, HostedMcpServer>,
  context: readonly WireItem[],
  signal: AbortSignal,
): Promise<WireItem[]> {
  const missing = [...servers.values()].filter(
    (server) =>
      !context.some(
        (item) => item.type === 'mcp_list_tools' && item.server_label === server.label && !item.error,
      ),
  );
  const listed = await Promise.allSettled(
    missing.map((server) => connections.listTools(server.endpoint, signal)),
  );
  return listed.map((result, i) => {
    const server = missing[i]!;
    if (result.status === 'rejected') throw listError(server.label, result.reason);
    return mcpListToolsEmitter.build({
      type: 'mcp_list_tools',
      server_label: server.label,
      tools: result.value
        .filter((tool) => !server.allowed || matchesFilter(server.allowed, tool.name, tool.readOnly))
        .map(toListedTool),
    });
  });
}

function toListedTool(tool: McpServerTool): McpListedTool {
  return {
    annotations: { read_only: tool.readOnly },
    description: tool.description,
    input_schema: tool.inputSchema,
    name: tool.name,
  };
}

function listError(label: string, error: unknown): HttpError {
  const detail = McpFailureError.is(error) ? error.failure.message : 'Could not reach the MCP server.';
  return new HttpError(424, {
    message: `Error retrieving tool list from MCP server: '${label}'. ${detail}`,
    type: 'external_connector_error',
    param: 'tools',
    code: 'http_error',
  });
}

/** The latest listed tool of that name for that server, in the context or this response. */
function listedTool(items: readonly WireItem[], label: string, name: string): McpListedTool | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.type !== 'mcp_list_tools' || item.server_label !== label) continue;
    const tools = Array.isArray(item.tools) ? (item.tools as McpListedTool[]) : [];
    const found = tools.find((tool) => tool.name === name);
    if (found) return found;
  }
  return undefined;
}

function alreadyCalled(context: readonly WireItem[], approvalRequest: WireItem): boolean {
  return context.some((item) => item.type === 'mcp_call' && item.approval_request_id === approvalRequest.id);
}

async function runCall(
  connections: McpConnections,
  server: HostedMcpServer,
  call: { name: string; args: string; approvalRequestId: string | null; signal: AbortSignal },
): Promise<WireItem> {
  const base = {
    type: 'mcp_call' as const,
    server_label: server.label,
    name: call.name,
    arguments: call.args,
    approval_request_id: call.approvalRequestId,
  };
  const parsed = parseArguments(call.args);
  if (parsed === null) {
    return mcpCallEmitter.build({
      ...base,
      outcome: {
        error: {
          type: 'mcp_protocol_error',
          code: -32602,
          message: 'Invalid params: the arguments are not a JSON object.',
        },
      },
    });
  }
  try {
    const result = await connections.callTool(server.endpoint, call.name, parsed, call.signal);
    return mcpCallEmitter.build({
      ...base,
      outcome: result.ok
        ? { output: result.output }
        : { error: { type: 'mcp_tool_execution_error', content: result.content } },
    });
  } catch (error) {
    return mcpCallEmitter.build({ ...base, outcome: { error: callError(error) } });
  }
}

function parseArguments(args: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(args === '' ? '{}' : args);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function callError(error: unknown): McpCallError {
  if (!McpFailureError.is(error)) {
    return { type: 'mcp_protocol_error', code: -32603, message: 'The MCP call failed.' };
  }
  const failure = error.failure;
  if (failure.kind === 'http') return { type: 'http_error', code: failure.status, message: failure.message };
  if (failure.kind === 'protocol') {
    return { type: 'mcp_protocol_error', code: failure.code, message: failure.message };
  }
  return { type: 'mcp_protocol_error', code: -32000, message: failure.message };
}

function scriptError(problem: string): HttpError {
  return new HttpError(
    500,
    { message: `Script error: ${problem}.`, type: 'server_error', param: null, code: null },
    { 'x-should-retry': 'false' },
  );
}

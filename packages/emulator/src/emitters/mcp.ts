import { newId, obfuscationFor } from '../wire/ids.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { EventBody, ItemEmitter } from './emitter.js';

/**
 * One tool of an `mcp_list_tools` item, with the keys in the order of real payloads.
 *
 * @example
 * import type { McpListedTool } from './mcp.js';
 * const tool: McpListedTool = { annotations: { read_only: false }, description: 'Add', input_schema: { type: 'object' }, name: 'add' };
 */
export interface McpListedTool {
  annotations: { read_only: boolean };
  description: string | null;
  input_schema: JsonObject;
  name: string;
}

/**
 * The error of a failed `mcp_call` (`McpToolCallError` in the API reference): the tool reported
 * `isError: true`, the server answered with a JSON-RPC error, or the HTTP request failed.
 *
 * @example
 * import type { McpCallError } from './mcp.js';
 * const error: McpCallError = { type: 'http_error', code: 401, message: 'Http status code: 401 (Unauthorized)' };
 */
export type McpCallError =
  | { type: 'mcp_tool_execution_error'; content: unknown }
  | { type: 'mcp_protocol_error'; code: number; message: string }
  | { type: 'http_error'; code: number; message: string };

/** A resolved `mcp_list_tools` item: the tools a server listed, already filtered by `allowed_tools`. */
export interface McpListToolsSpec {
  type: 'mcp_list_tools';
  server_label: string;
  tools: McpListedTool[];
}

/** A resolved `mcp_approval_request` item (`arguments` is the JSON text the model produced). */
export interface McpApprovalRequestSpec {
  type: 'mcp_approval_request';
  server_label: string;
  name: string;
  arguments: string;
}

/** A resolved `mcp_call`: the call the emulator made and what the server answered. */
export interface McpCallSpec {
  type: 'mcp_call';
  server_label: string;
  name: string;
  arguments: string;
  approval_request_id: string | null;
  /** The tool's output (text) when it succeeded, or the error when it failed. */
  outcome: { output: string } | { error: McpCallError };
}

/**
 * Emits an `mcp_list_tools` item in the real order: `output_item.added` (with `tools: []`) →
 * `response.mcp_list_tools.in_progress` → `response.mcp_list_tools.completed` →
 * `output_item.done` (with the tools).
 *
 * @see docs/responses-wire.md §5.3, recording `openai-mcp-tool.1.chunks.txt`.
 * @example
 * import { mcpListToolsEmitter } from './mcp.js';
 * const item = mcpListToolsEmitter.build({ type: 'mcp_list_tools', server_label: 'crm', tools: [] });
 */
export const mcpListToolsEmitter: ItemEmitter<McpListToolsSpec> = {
  type: 'mcp_list_tools',
  build(spec) {
    return { id: newId('mcpl'), type: 'mcp_list_tools', server_label: spec.server_label, tools: spec.tools };
  },
  events(item, outputIndex) {
    const at = { output_index: outputIndex, item_id: item.id as string };
    return [
      { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, tools: [] } },
      { type: 'response.mcp_list_tools.in_progress', ...at },
      { type: 'response.mcp_list_tools.completed', ...at },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

/**
 * Emits an `mcp_approval_request` item: only `output_item.added` and `output_item.done`, both with
 * the whole item.
 *
 * @see docs/responses-wire.md §5.3, recording `openai-mcp-tool-approval.1.chunks.txt`.
 * @example
 * import { mcpApprovalRequestEmitter } from './mcp.js';
 * const item = mcpApprovalRequestEmitter.build({ type: 'mcp_approval_request', server_label: 'crm', name: 'delete', arguments: '{}' });
 */
export const mcpApprovalRequestEmitter: ItemEmitter<McpApprovalRequestSpec> = {
  type: 'mcp_approval_request',
  build(spec) {
    return {
      id: newId('mcpr'),
      type: 'mcp_approval_request',
      arguments: spec.arguments,
      name: spec.name,
      server_label: spec.server_label,
    };
  },
  events(item, outputIndex) {
    return [
      { type: 'response.output_item.added', output_index: outputIndex, item },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

/**
 * Emits an `mcp_call` item in the real order: `output_item.added` (`status: "in_progress"`,
 * `arguments: ""`, `output: null`) → `response.mcp_call.in_progress` → one
 * `response.mcp_call_arguments.delta` holding the whole JSON → `response.mcp_call_arguments.done`
 * → `response.mcp_call.completed` (or `.failed`) → `output_item.done` with `status`, `output` and
 * `error`.
 *
 * @see docs/responses-wire.md §4.5 and §5.3, recordings `openai-mcp-tool.1` and `openai-mcp-tool-approval.4`.
 * @example
 * import { mcpCallEmitter } from './mcp.js';
 * const item = mcpCallEmitter.build({ type: 'mcp_call', server_label: 'crm', name: 'add', arguments: '{"a":1}', approval_request_id: null, outcome: { output: '2' } });
 */
export const mcpCallEmitter: ItemEmitter<McpCallSpec> = {
  type: 'mcp_call',
  build(spec) {
    if (!spec.outcome) {
      throw new Error(
        'An mcp_call is built only once it has run against its MCP server (hosted/hosted-mcp.ts).',
      );
    }
    const failed = 'error' in spec.outcome;
    return {
      id: newId('mcp'),
      type: 'mcp_call',
      status: failed ? 'failed' : 'completed',
      approval_request_id: spec.approval_request_id,
      arguments: spec.arguments,
      error: 'error' in spec.outcome ? spec.outcome.error : null,
      name: spec.name,
      output: 'output' in spec.outcome ? spec.outcome.output : null,
      server_label: spec.server_label,
    };
  },
  events(item, outputIndex, options) {
    const args = String(item.arguments);
    const at = { output_index: outputIndex, item_id: item.id as string };
    const added: WireItem = { ...item, status: 'in_progress', arguments: '', error: null, output: null };
    return [
      { type: 'response.output_item.added', output_index: outputIndex, item: added },
      { type: 'response.mcp_call.in_progress', ...at },
      {
        type: 'response.mcp_call_arguments.delta',
        ...at,
        delta: args,
        ...(options.obfuscation ? { obfuscation: obfuscationFor(args) } : {}),
      },
      { type: 'response.mcp_call_arguments.done', ...at, arguments: args },
      { type: item.status === 'failed' ? 'response.mcp_call.failed' : 'response.mcp_call.completed', ...at },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ] satisfies EventBody[];
  },
};

/**
 * The emitters of the hosted MCP items, keyed by the output item type (`itemEvents` looks them up).
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { MCP_EMITTERS } from './mcp.js';
 * declare const item: WireItem; // an mcp_call item
 * MCP_EMITTERS.mcp_call.events(item, 0, { obfuscation: false });
 */
export const MCP_EMITTERS = {
  mcp_list_tools: mcpListToolsEmitter as unknown as ItemEmitter,
  mcp_approval_request: mcpApprovalRequestEmitter as unknown as ItemEmitter,
  mcp_call: mcpCallEmitter as unknown as ItemEmitter,
} as const;

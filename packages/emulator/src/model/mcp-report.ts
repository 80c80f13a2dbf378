import { contentText } from '../wire/usage.js';
import type { WireItem } from '../wire/wire-types.js';

const TRAILING_MCP_TYPES = ['mcp_call', 'mcp_list_tools', 'mcp_approval_response'];

/**
 * Finds the `mcp_approval_request` an `mcp_approval_response` answers, in a context.
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { approvalRequestFor } from './mcp-report.js';
 * const context: WireItem[] = [
 *   { type: 'mcp_approval_request', id: 'mcpr_1', server_label: 'crm', name: 'delete_invoice', arguments: '{}' },
 * ];
 * const response: WireItem = { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true };
 * approvalRequestFor(context, response)?.name; // 'delete_invoice'
 */
export function approvalRequestFor(context: readonly WireItem[], response: WireItem): WireItem | undefined {
  return context.find(
    (item) => item.type === 'mcp_approval_request' && item.id === response.approval_request_id,
  );
}

/**
 * The default model's report of the hosted MCP results a context ends with, or `null` when it
 * does not end with any. It reads the trailing run of `mcp_call`, `mcp_list_tools` and
 * `mcp_approval_response` items and gives one line per call or rejection:
 *
 * - `MCP tool add returned: 3` for a completed call;
 * - `MCP tool add failed: <message>` for a failed call (the error message, or the text of the
 *   tool's error content);
 * - `MCP tool delete_invoice was not approved.` for a rejection, `… was not approved: <reason>.`
 *   when the rejection gives a reason.
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { hostedMcpReport } from './mcp-report.js';
 * declare const context: WireItem[];
 * const mcpCall: WireItem = { type: 'mcp_call', id: 'mcp_1', server_label: 'calc', name: 'add', arguments: '{"a":1,"b":2}', output: '3', error: null };
 * hostedMcpReport([...context, mcpCall]); // 'MCP tool add returned: 3'
 */
export function hostedMcpReport(context: readonly WireItem[]): string | null {
  let start = context.length;
  while (start > 0 && TRAILING_MCP_TYPES.includes(context[start - 1]!.type)) start--;
  if (start === context.length) return null;
  const lines: string[] = [];
  for (const item of context.slice(start)) {
    if (item.type === 'mcp_call') lines.push(callLine(item));
    if (item.type === 'mcp_approval_response' && item.approve === false) {
      const name = approvalRequestFor(context, item)?.name ?? item.approval_request_id;
      const reason = typeof item.reason === 'string' && item.reason !== '' ? `: ${item.reason}` : '';
      lines.push(`MCP tool ${String(name)} was not approved${reason}.`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : null;
}

function callLine(call: WireItem): string {
  const error = call.error as { message?: unknown; content?: unknown } | null | undefined;
  if (call.status === 'failed' || (error !== null && error !== undefined)) {
    const detail =
      typeof error?.message === 'string'
        ? error.message
        : error?.content !== undefined
          ? contentText(error.content)
          : 'unknown error';
    return `MCP tool ${String(call.name)} failed: ${detail}`;
  }
  return `MCP tool ${String(call.name)} returned: ${String(call.output ?? '')}`;
}

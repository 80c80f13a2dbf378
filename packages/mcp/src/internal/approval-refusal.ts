import { type ApprovalDecision, parseToolInputAsync, type Tool, type ToolContext } from '@turnkit/tools';
import type { McpApprover } from '../contract/mcp-approver.js';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether a call of `tool` may run as far as approvals go: `undefined` when it may (no approval
 * needed, or approved), else the model-facing message saying why it was not run.
 *
 * Arguments that do not validate are let through: `runTool` then reports them, so nobody is asked to
 * approve a call that cannot run.
 */
export async function approvalRefusal(
  tool: Tool,
  rawArguments: string,
  ctx: ToolContext,
  approve: McpApprover | undefined,
): Promise<string | undefined> {
  if (tool.needsApproval === false) return undefined;
  const parsed = await parseToolInputAsync(tool, rawArguments);
  if (!parsed.ok) return undefined;
  let needed: boolean;
  try {
    needed =
      typeof tool.needsApproval === 'function'
        ? (await tool.needsApproval(parsed.value, ctx)) === true
        : tool.needsApproval === true;
  } catch (error) {
    return `Error: tool "${tool.name}" was not run: deciding whether it needs approval failed: ${reasonOf(error)}`;
  }
  if (!needed) return undefined;
  if (approve === undefined) {
    return (
      `Error: tool "${tool.name}" needs approval before it runs, and this MCP server has no way to ask ` +
      'for it, so it was not run.'
    );
  }
  let decision: boolean | ApprovalDecision | undefined;
  try {
    decision = await approve(
      { kind: 'function', id: ctx.callId, toolName: tool.name, arguments: rawArguments },
      ctx,
    );
  } catch (error) {
    return `Error: tool "${tool.name}" was not run: asking for approval failed: ${reasonOf(error)}`;
  }
  const approved = typeof decision === 'object' ? decision.approve === true : decision === true;
  if (approved) return undefined;
  const reason = typeof decision === 'object' ? decision.reason?.trim() : undefined;
  return `Error: tool "${tool.name}" was not approved${reason ? `: ${reason}` : '.'}`;
}

import type { ApprovalDecision, ApprovalRequest, ToolContext } from '@turnkit/tools';

/**
 * Decides whether a call of a tool that needs approval may run. `true` or `{ approve: true }` runs
 * it; `false`, `undefined` or `{ approve: false, reason }` refuses it, and the client receives an
 * `isError` result saying it was not approved (with the reason). A function of type `Approver` from
 * `@turnkit/tools` fits; the context gives it the call's `signal`, `deps` and ids as well.
 *
 * @example
 * ```ts
 * import type { McpApprover } from '@turnkit/mcp';
 * declare function askOnSlack(question: string, options: { signal: AbortSignal }): Promise<boolean>;
 * const approve: McpApprover = ({ toolName, arguments: args }, { signal }) =>
 *   askOnSlack(`Run ${toolName} with ${args}?`, { signal });
 * ```
 */
export type McpApprover = (
  request: ApprovalRequest,
  ctx: ToolContext,
) => boolean | ApprovalDecision | undefined | Promise<boolean | ApprovalDecision | undefined>;

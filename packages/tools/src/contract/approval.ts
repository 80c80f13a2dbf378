/**
 * A safety check the service raised on a `computer_call` (`pending_safety_checks`), e.g.
 * `malicious_instructions`, `irrelevant_domain` or `sensitive_domain`.
 */
export interface SafetyCheck {
  id: string;
  code?: string | null;
  message?: string | null;
}

/**
 * A call that waits for a person's (or a policy's) decision before it runs: a hosted MCP call
 * the service asked approval for (`mcp_approval_request`), a function tool whose
 * `needsApproval` said yes, or a computer action the service raised safety checks on.
 */
export interface ApprovalRequest {
  /** `mcp` for a hosted MCP call, `function` for a local function tool, `computer` for a computer call with safety checks. */
  kind: 'mcp' | 'function' | 'computer';
  /** The `mcp_approval_request` id (`mcpr_…`), or the function or computer call's `call_id`. */
  id: string;
  /** The MCP server's label (hosted MCP only). */
  serverLabel?: string;
  /** The tool the model wants to call (`computer` for a computer call). */
  toolName: string;
  /** The arguments, as the JSON string the model sent (a computer call: its actions, as a JSON array). */
  arguments: string;
  /**
   * The service's safety checks on a computer call (kind `computer` only): approving the request
   * acknowledges them (`acknowledged_safety_checks`), rejecting it leaves the actions unrun.
   */
  safetyChecks?: SafetyCheck[];
  /**
   * The agent whose tool it is, when it is not the agent the run is with: an agent run as a tool
   * (its requests pause the whole run), or the agent that asked before handing the conversation on.
   */
  agent?: string;
}

/** A decision on an {@link ApprovalRequest}. A rejection's `reason` is shown to the model. */
export interface ApprovalDecision {
  approve: boolean;
  reason?: string;
}

/**
 * Decides an approval request, or returns `undefined` to leave it to the next approver (and, when
 * none decides, to interrupt the run). `true`/`false` are short for `{ approve }`.
 */
export type Approver = (
  request: ApprovalRequest,
) => boolean | ApprovalDecision | undefined | Promise<boolean | ApprovalDecision | undefined>;

/**
 * How approval requests are answered without asking anyone: tool names always allowed, always
 * denied, and an approver consulted for the rest. Deny wins over allow.
 *
 * @example
 * ```ts
 * import type { ApprovalPolicy, Approver } from '@turnkit/tools';
 * declare const askInSlack: Approver; // asks a person, resolves with their decision
 * const policy: ApprovalPolicy = { allow: ['search'], deny: ['delete_repo'], approver: askInSlack };
 * ```
 */
export interface ApprovalPolicy {
  allow?: readonly string[];
  deny?: readonly string[];
  approver?: Approver;
}

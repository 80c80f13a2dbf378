import type { ApprovalPolicy } from './contract/approval.js';
import { ToolDefinitionError } from './contract/errors.js';
import { atCallerOf } from './internal/caller-stack.js';

/**
 * When the service asks for approval before a hosted MCP call: `always`, `never`, or per tool
 * name (tools named in neither list use the service's default, which is to ask).
 */
export type McpRequireApproval =
  | 'always'
  | 'never'
  | { always?: readonly string[]; never?: readonly string[] };

/** The wire form of a hosted MCP tool in a request's `tools[]`. */
export interface McpToolDefinition {
  type: 'mcp';
  server_label: string;
  server_url: string;
  server_description?: string;
  headers?: Record<string, string>;
  allowed_tools?: string[];
  require_approval:
    | 'always'
    | 'never'
    | { always?: { tool_names: string[] }; never?: { tool_names: string[] } };
}

/** Options of {@link hostedMcpTool}. */
export interface HostedMcpToolOptions {
  /** A label for the server, unique within an agent: `^[a-zA-Z0-9_-]+$`. */
  serverLabel: string;
  /** The server's Streamable HTTP URL, which the service (not your process) connects to. */
  serverUrl: string;
  /** What the service should know the server is for. */
  serverDescription?: string;
  /**
   * Headers the service sends to the server, e.g. an API key. They are secrets: sent in each
   * request, never written into logs, errors or saved run state (supply them again to resume).
   */
  headers?: Record<string, string>;
  /** Only these of the server's tools are offered to the model. */
  allowedTools?: readonly string[];
  /** When the service asks for approval; default `always` (approval unless you say otherwise). */
  requireApproval?: McpRequireApproval;
  /** How this server's approval requests are answered (see `ApprovalPolicy`); none means the run asks. */
  policy?: ApprovalPolicy;
}

/** A hosted MCP server the model may call through the service. Make one with {@link hostedMcpTool}. */
export interface HostedMcpTool {
  readonly kind: 'hosted_mcp';
  readonly serverLabel: string;
  readonly policy: ApprovalPolicy | undefined;
  /** The request's `tools[]` entry, headers included. */
  readonly definition: McpToolDefinition;
  /** The definition with header values (and user info or query values of the URL) replaced by `"[redacted]"`. */
  toJSON(): McpToolDefinition;
}

const LABEL = /^[a-zA-Z0-9_-]{1,64}$/;

function names(value: unknown, field: string, label: string): string[] {
  if (!Array.isArray(value) || value.some((n) => typeof n !== 'string' || n === '')) {
    throw new ToolDefinitionError(
      label,
      `hostedMcpTool "${label}": \`${field}\` must be an array of tool names.`,
    );
  }
  return [...value];
}

/**
 * Describes a remote MCP server that the Responses API service calls for the model (a hosted
 * `mcp` tool). Approval is required unless `requireApproval` says otherwise.
 *
 * @throws {ToolDefinitionError} for a bad label, URL, headers or tool lists.
 * @example
 * ```ts
 * import { hostedMcpTool } from '@turnkit/tools';
 * const github = hostedMcpTool({
 *   serverLabel: 'github',
 *   serverUrl: 'https://mcp.example.com/github',
 *   headers: { Authorization: `Bearer ${process.env.GITHUB_TOKEN}` },
 *   requireApproval: { never: ['search_issues'] },
 *   policy: { deny: ['delete_repo'] },
 * });
 * ```
 * @see https://platform.openai.com/docs/guides/tools-remote-mcp
 */
export function hostedMcpTool(options: HostedMcpToolOptions): HostedMcpTool {
  return atCallerOf(hostedMcpTool, () => buildHostedMcpTool(options));
}

function buildHostedMcpTool(options: HostedMcpToolOptions): HostedMcpTool {
  if (options === null || typeof options !== 'object') {
    throw new ToolDefinitionError('mcp', 'hostedMcpTool needs an options object.');
  }
  const label = options.serverLabel;
  if (typeof label !== 'string' || !LABEL.test(label)) {
    throw new ToolDefinitionError(
      String(label),
      `hostedMcpTool: \`serverLabel\` must match ${LABEL}, got ${JSON.stringify(label)}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(options.serverUrl);
  } catch {
    throw new ToolDefinitionError(label, `hostedMcpTool "${label}": \`serverUrl\` must be an http(s) URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ToolDefinitionError(label, `hostedMcpTool "${label}": \`serverUrl\` must be an http(s) URL.`);
  }
  const headers = options.headers;
  if (
    headers !== undefined &&
    (headers === null ||
      typeof headers !== 'object' ||
      Object.values(headers).some((v) => typeof v !== 'string'))
  ) {
    throw new ToolDefinitionError(
      label,
      `hostedMcpTool "${label}": \`headers\` must map header names to strings.`,
    );
  }
  const require = options.requireApproval ?? 'always';
  let requireApproval: McpToolDefinition['require_approval'];
  if (require === 'always' || require === 'never') requireApproval = require;
  else if (require && typeof require === 'object') {
    requireApproval = {
      ...(require.always
        ? { always: { tool_names: names(require.always, 'requireApproval.always', label) } }
        : {}),
      ...(require.never
        ? { never: { tool_names: names(require.never, 'requireApproval.never', label) } }
        : {}),
    };
  } else {
    throw new ToolDefinitionError(
      label,
      `hostedMcpTool "${label}": \`requireApproval\` must be "always", "never" or { always?, never? }.`,
    );
  }
  const policy = options.policy;
  if (policy !== undefined) {
    if (policy === null || typeof policy !== 'object') {
      throw new ToolDefinitionError(label, `hostedMcpTool "${label}": \`policy\` must be an object.`);
    }
    if (policy.allow !== undefined) names(policy.allow, 'policy.allow', label);
    if (policy.deny !== undefined) names(policy.deny, 'policy.deny', label);
    if (policy.approver !== undefined && typeof policy.approver !== 'function') {
      throw new ToolDefinitionError(
        label,
        `hostedMcpTool "${label}": \`policy.approver\` must be a function.`,
      );
    }
  }
  const definition: McpToolDefinition = {
    type: 'mcp',
    server_label: label,
    server_url: url.toString(),
    ...(options.serverDescription ? { server_description: options.serverDescription } : {}),
    ...(headers ? { headers: { ...headers } } : {}),
    ...(options.allowedTools ? { allowed_tools: names(options.allowedTools, 'allowedTools', label) } : {}),
    require_approval: requireApproval,
  };
  // What prints: header values, and any user info or query values of the URL, are redacted.
  const shown = new URL(definition.server_url);
  if (shown.username || shown.password) [shown.username, shown.password] = ['redacted', ''];
  for (const key of [...shown.searchParams.keys()]) shown.searchParams.set(key, '[redacted]');
  const redacted = (): McpToolDefinition => ({
    ...definition,
    server_url: shown.toString(),
    ...(definition.headers
      ? { headers: Object.fromEntries(Object.keys(definition.headers).map((k) => [k, '[redacted]'])) }
      : {}),
  });
  const tool: HostedMcpTool = {
    kind: 'hosted_mcp',
    serverLabel: label,
    policy,
    get definition() {
      return structuredClone(definition);
    },
    toJSON: redacted,
  };
  Object.defineProperty(tool, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => ({ kind: 'hosted_mcp', ...redacted() }),
  });
  return Object.freeze(tool);
}

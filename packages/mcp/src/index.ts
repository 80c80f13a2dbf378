export { DEFAULT_CONNECT_TIMEOUT_MS } from './connect-limits.js';
export {
  type ConnectMcpToolkitOptions,
  connectMcpToolkit,
  type McpToolInfo,
  type McpToolkit,
  type McpToolkitSettings,
} from './connect-mcp-toolkit.js';
export { type McpErrorCode, McpToolCallError, McpToolkitError } from './contract/errors.js';
export type { McpApprover } from './contract/mcp-approver.js';
export type { McpConnectionEvent, McpRestartOptions } from './contract/restart-policy.js';
export {
  createMcpServer,
  type McpCallContext,
  type McpCallInfo,
  type McpServerOptions,
} from './create-mcp-server.js';
export { type McpToolkitServer, type ServeMcpToolkitOptions, serveMcpToolkit } from './serve-mcp-toolkit.js';
export {
  type McpHttpToolkitServer,
  type ServeMcpToolkitHttpOptions,
  serveMcpToolkitHttp,
} from './serve-mcp-toolkit-http.js';

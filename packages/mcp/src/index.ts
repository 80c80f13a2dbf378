export {
  type ConnectMcpToolkitOptions,
  connectMcpToolkit,
  type McpToolInfo,
  type McpToolkit,
  type McpToolkitSettings,
} from './connect-mcp-toolkit.js';
export {
  createMcpServer,
  type McpApprover,
  type McpCallContext,
  type McpCallInfo,
  type McpServerOptions,
} from './create-mcp-server.js';
export { type McpErrorCode, McpToolCallError, McpToolkitError } from './errors.js';

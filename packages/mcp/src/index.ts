export {
  type ConnectMcpToolkitOptions,
  connectMcpToolkit,
  type McpToolInfo,
  type McpToolkit,
  type McpToolkitSettings,
} from './connect-mcp-toolkit.js';
export { type McpErrorCode, McpToolCallError, McpToolkitError } from './errors.js';

export {
  type CodeInterpreterTool,
  type CodeInterpreterToolDefinition,
  type CodeInterpreterToolOptions,
  codeInterpreterTool,
} from './code-interpreter-tool.js';
export {
  type ComputerTool,
  type ComputerToolDefinition,
  type ComputerToolOptions,
  computerTool,
} from './computer-tool.js';
export type {
  ApprovalDecision,
  ApprovalPolicy,
  ApprovalRequest,
  Approver,
  SafetyCheck,
} from './contract/approval.js';
export {
  type Computer,
  type ComputerAction,
  ComputerActionRefusedError,
  type ComputerActionType,
  type ComputerContext,
  type ComputerEnvironment,
  type MouseButton,
  type ScreenPoint,
} from './contract/computer.js';
export {
  OutputSchemaError,
  ToolAbortedError,
  ToolDefinitionError,
  type ToolErrorCode,
  ToolExecutionError,
  ToolInputError,
  type ToolInputIssue,
  ToolOutputTooLargeError,
  ToolTimeoutError,
  TurnkitError,
  type TurnkitErrorCode,
} from './contract/errors.js';
export { DEFAULT_MAX_OUTPUT_BYTES } from './contract/output-limit.js';
export type {
  AnyDeps,
  AnyTool,
  FunctionToolDefinition,
  NeedsApproval,
  Tool,
  ToolContentPart,
  ToolContext,
} from './contract/tool.js';
export type { ReportProgress, ToolProgress } from './contract/tool-progress.js';
export { type DefineJsonToolOptions, defineJsonTool } from './define-json-tool.js';
export { type DefineToolOptions, defineTool } from './define-tool.js';
export { formatToolOutput } from './format-tool-output.js';
export {
  type HostedMcpTool,
  type HostedMcpToolOptions,
  hostedMcpTool,
  type McpRequireApproval,
  type McpToolDefinition,
} from './hosted-mcp-tool.js';
export {
  type ImageGenerationTool,
  type ImageGenerationToolDefinition,
  type ImageGenerationToolOptions,
  type ImageOutputFormat,
  imageGenerationTool,
} from './image-generation-tool.js';
export {
  type ParseStructuredOutputResult,
  parseStructuredOutput,
  type StrictOutputSchemaOptions,
  toStrictOutputSchema,
} from './output-schema.js';
export { type ParseToolInputResult, parseToolInput, parseToolInputAsync } from './parse-tool-input.js';
export { type RunToolContext, runTool, type ToolCallResult } from './run-tool.js';
export { type StrictJsonSchemaOptions, toStrictJsonSchema } from './strict-schema.js';

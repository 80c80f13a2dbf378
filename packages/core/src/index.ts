export type {
  ApprovalDecision,
  ApprovalPolicy,
  ApprovalRequest,
  Approver,
  CodeInterpreterTool,
  HostedMcpTool,
} from '@turnkit/tools';
export { codeInterpreterTool, hostedMcpTool, TurnkitError } from '@turnkit/tools';
export type { AgentConfig, AgentOptions, ClientSource, ModelSettings } from './agent.js';
export type {
  ApiKeyClientOptions,
  AzureClientOptions,
  CredentialClientOptions,
  TokenProviderClientOptions,
} from './client.js';
export { createAzureClient, DEFAULT_AZURE_SCOPE, toV1BaseUrl } from './client.js';
export type { CompactOptions, CompactResult } from './compact.js';
export { compactConversation } from './compact.js';
export type { ConnectFromEnvOptions, Connection } from './connect.js';
export { connectFromEnv } from './connect.js';
export type { ContainerFile } from './container-files.js';
export { containerFiles, downloadContainerFile } from './container-files.js';
export type {
  ConversationItem,
  ConversationRecord,
  ConversationRequest,
  ConversationSnapshot,
  ConversationStrategy,
} from './conversation.js';
export { Conversation, createConversation, replayableOutput } from './conversation.js';
export type { Agent, RunInput, RunOptions } from './create-agent.js';
export { createAgent } from './create-agent.js';
export type { CoreErrorCode } from './errors.js';
export {
  ApiError,
  AuthFailedError,
  ConfigurationError,
  InputError,
  MaxTurnsExceededError,
  RateLimitedError,
  ResponseFailedError,
  RunAbortedError,
  RunError,
  RunFailedError,
  toApiError,
} from './errors.js';
export type {
  ApprovalDecidedEvent,
  ApprovalRequestedEvent,
  CodeDeltaEvent,
  CodeInterpreterCallEvent,
  CompactionEvent,
  McpCallEvent,
  McpListToolsEvent,
  MessageEvent,
  OutputItemEvent,
  RawResponseEvent,
  ReasoningDeltaEvent,
  ReasoningEvent,
  RunEvent,
  RunEventListeners,
  RunEventType,
  RunFailedEvent,
  RunFinishedEvent,
  RunStartedEvent,
  StreamResumedEvent,
  TextDeltaEvent,
  ToolCallFinishedEvent,
  ToolCallStartedEvent,
  TurnFinishedEvent,
  TurnStartedEvent,
  UsageEvent,
} from './events.js';
export type { RunResult } from './run-result.js';
export type { ApprovalDecisions, ResumeInput, RunStateJSON } from './run-state.js';
export { RUN_STATE_VERSION, RunState } from './run-state.js';
export { RunStream } from './run-stream.js';
export type { ResumeStream } from './runner/read-stream.js';
export { readResponseStream } from './runner/read-stream.js';
export type { ModelTurnStep, StepRunner, ToolCallStep } from './runner/step-runner.js';
export { inProcessStepRunner } from './runner/step-runner.js';
export type { Session, SessionEntry } from './session.js';
export { createFileSession, createMemorySession } from './session.js';
export type { Usage } from './usage.js';

export type {
  ApprovalDecision,
  ApprovalPolicy,
  ApprovalRequest,
  Approver,
  CodeInterpreterTool,
  Computer,
  ComputerAction,
  ComputerContext,
  ComputerEnvironment,
  ComputerTool,
  ComputerToolOptions,
  HostedMcpTool,
  ImageGenerationTool,
  ImageGenerationToolOptions,
  SafetyCheck,
} from '@turnkit/tools';
export {
  ComputerActionRefusedError,
  codeInterpreterTool,
  computerTool,
  hostedMcpTool,
  imageGenerationTool,
  OutputSchemaError,
  TurnkitError,
} from '@turnkit/tools';
export type { AgentConfig, AgentOptions, ClientSource, ModelSettings } from './agent.js';
export type { HandoffEvent } from './agents/agent-events.js';
export { checkWithAgent } from './agents/agent-guardrail.js';
export type { AgentToolOptions } from './agents/agent-tool.js';
export type { Handoff, HandoffInputData, HandoffInputFilter, HandoffTarget } from './agents/handoff.js';
export { handoff, handoffToolName } from './agents/handoff.js';
export { removeReasoning, removeToolCalls } from './agents/handoff-filters.js';
export type {
  ApiKeyClientOptions,
  AzureClientOptions,
  CredentialClientOptions,
  TokenProviderClientOptions,
} from './client.js';
export { createAzureClient, DEFAULT_AZURE_SCOPE } from './client.js';
export type { CompactOptions, CompactResult } from './compact.js';
export { compactConversation } from './compact.js';
export type { ComputerActionEvent, ComputerScreenshotEvent } from './computer/computer-events.js';
export { ComputerFailedError } from './computer/computer-failed-error.js';
export { PLACEHOLDER_SCREENSHOT } from './computer/screenshot-history.js';
export type { ConnectFromEnvOptions, Connection } from './connect.js';
export { connectFromEnv } from './connect.js';
export type { ContainerFile } from './container-files.js';
export { containerFiles, downloadContainerFile, saveContainerFile } from './container-files.js';
export type { ConversationRequest, ConversationSnapshot } from './conversation.js';
export { Conversation, createConversation, replayableOutput } from './conversation.js';
export { ConversationBusyError } from './conversation-busy-error.js';
export type {
  ConversationItem,
  ConversationRecord,
  ConversationStrategy,
  OpenCall,
} from './conversation-record.js';
export type { RepairOptions } from './conversation-repair.js';
export type { Agent, AnyAgent, HandoffOutputs, RunInput, RunOptions } from './create-agent.js';
export { createAgent } from './create-agent.js';
export type { EndpointSource } from './endpoint.js';
export { toV1BaseUrl } from './endpoint.js';
export type { RequestItemSize } from './errors.js';
export {
  ApiError,
  AuthFailedError,
  ConnectionFailedError,
  CredentialFailedError,
  ListenerError,
  MaxTurnsExceededError,
  RateLimitedError,
  RequestTooLargeError,
  ResponseFailedError,
  RunAbortedError,
  RunError,
  RunFailedError,
  StreamStalledError,
  toApiError,
} from './errors.js';
export type {
  ApprovalDecidedEvent,
  ApprovalRequestedEvent,
  CodeDeltaEvent,
  CodeInterpreterCallEvent,
  CompactionEvent,
  EventBase,
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
  ToolProgressEvent,
  TurnFailedEvent,
  TurnFinishedEvent,
  TurnStartedEvent,
  UsageEvent,
} from './events.js';
export type {
  GuardrailContext,
  GuardrailInput,
  GuardrailVerdict,
  InputGuardrail,
  OutputGuardrail,
  ToolGuardrail,
  ToolGuardrailCall,
} from './guardrails/guardrail.js';
export {
  allow,
  defineInputGuardrail,
  defineOutputGuardrail,
  defineToolGuardrail,
  tripwire,
} from './guardrails/guardrail.js';
export type { GuardrailKind } from './guardrails/guardrail-errors.js';
export { GuardrailFailedError, GuardrailTrippedError } from './guardrails/guardrail-errors.js';
export type { GuardrailEvent } from './guardrails/guardrail-events.js';
export type { GeneratedImage } from './images/generated-images.js';
export { generatedImages } from './images/generated-images.js';
export { IMAGE_DEPLOYMENT_HEADER } from './images/image-deployment.js';
export type { ImageGeneratedEvent, ImagePartialEvent } from './images/image-events.js';
export type { ImageToSave, SaveImageOptions } from './images/save-image.js';
export { saveImage } from './images/save-image.js';
export type { FileOptions } from './input/file-input.js';
export { fileFromId, pdfFromBytes, pdfFromFile } from './input/file-input.js';
export type { ImageDetail, ImageOptions } from './input/image-input.js';
export { imageFromBytes, imageFromFile, imageFromFileId, imageFromUrl } from './input/image-input.js';
export { MediaError } from './input/media-error.js';
export type { UploadFileOptions } from './input/upload-file.js';
export { uploadFile } from './input/upload-file.js';
export { userMessage } from './input/user-message.js';
export type { CoreErrorCode } from './input-errors.js';
export { ConfigurationError, InputError } from './input-errors.js';
export { ConversationItemRejectedError } from './item-rejected-error.js';
export { DEFAULT_MAX_REQUEST_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT_MS } from './limits.js';
export type { ObservedRun, RunObservation, RunObserver } from './observe/run-observer.js';
export {
  OutputError,
  OutputIncompleteError,
  OutputInvalidError,
  OutputRefusedError,
} from './output/output-errors.js';
export type {
  JsonObjectOutput,
  JsonSchemaOutput,
  OutputOf,
  OutputOption,
  ResolvedOutput,
} from './output/output-spec.js';
export type { RunLog, RunLogOptions } from './run-log/create-run-log.js';
export { createRunLog } from './run-log/create-run-log.js';
export type { RunLogAgent, RunLogEntry, RunLogError, RunLogResult } from './run-log/run-log-format.js';
export { RUN_LOG_VERSION } from './run-log/run-log-format.js';
export type { RunResult, RunResultFields, RunStatus } from './run-result.js';
export type { ApprovalDecisions, NestedRunState, ResumeInput, RunStateJSON } from './run-state.js';
export { RUN_STATE_VERSION, RunState } from './run-state.js';
export type { RunStateTamperReason } from './run-state-errors.js';
export { RunStateConsumedError, RunStateTamperedError } from './run-state-errors.js';
export type { RunStateKey, SealedRunStateJSON } from './run-state-seal.js';
export { openRunState, sealRunState } from './run-state-seal.js';
export { RunStream } from './run-stream.js';
export type { ReadStreamOptions, ResumeStream, StreamProgress } from './runner/read-stream.js';
export { readResponseStream } from './runner/read-stream.js';
export type { ComputerCallStep, ModelTurnStep, StepRunner, ToolCallStep } from './runner/step-runner.js';
export { inProcessStepRunner } from './runner/step-runner.js';
export { safeFileName } from './safe-file-name.js';
export type { Session, SessionEntry } from './session.js';
export { createFileSession, createMemorySession } from './session.js';
export type { PausedTrace, Tracing, TracingOptions } from './tracing/create-tracing.js';
export { createTracing, TRACER_NAME } from './tracing/create-tracing.js';
export type { Usage } from './usage.js';

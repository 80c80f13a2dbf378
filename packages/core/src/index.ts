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
export type { CompactOptions } from './agent/compact.js';
export { compactConversation } from './agent/compact.js';
export { createAgent } from './agent/create-agent.js';
export { checkWithAgent } from './agents/agent-guardrail.js';
export { removeReasoning, removeToolCalls } from './agents/handoff-filters.js';
export { createAzureClient, DEFAULT_AZURE_SCOPE } from './client/client.js';
export type { ConnectFromEnvOptions } from './client/connect.js';
export { connectFromEnv } from './client/connect.js';
export type { ComputerActionEvent, ComputerScreenshotEvent } from './computer/computer-events.js';
export type {
  ApiKeyClientOptions,
  AzureClientOptions,
  CredentialClientOptions,
  TokenProviderClientOptions,
} from './connection/azure-client-options.js';
export type { ClientSource } from './connection/client-source.js';
export type { Connection } from './connection/connection.js';
export type { EndpointSource } from './connection/endpoint.js';
export { toV1BaseUrl } from './connection/endpoint.js';
export { IMAGE_DEPLOYMENT_HEADER } from './connection/image-deployment.js';
export type { ConversationRequest, ConversationSnapshot } from './conversation/conversation.js';
export { Conversation, createConversation, replayableOutput } from './conversation/conversation.js';
export type {
  ConversationItem,
  ConversationRecord,
  ConversationStrategy,
  OpenCall,
} from './conversation/conversation-record.js';
export type { RepairOptions } from './conversation/conversation-repair.js';
export { PLACEHOLDER_SCREENSHOT } from './conversation/screenshot-history.js';
export type { Session, SessionEntry } from './conversation/session.js';
export { createFileSession, createMemorySession } from './conversation/session.js';
export { ConversationBusyError } from './errors/conversation-busy-error.js';
export type { CoreErrorCode } from './errors/input-errors.js';
export { ConfigurationError, InputError } from './errors/input-errors.js';
export { MediaError } from './errors/media-error.js';
export type { RunStateTamperReason } from './errors/run-state-errors.js';
export { RunStateConsumedError, RunStateTamperedError } from './errors/run-state-errors.js';
export type { ContainerFile } from './files/container-files.js';
export { containerFiles, downloadContainerFile, saveContainerFile } from './files/container-files.js';
export type { GeneratedImage } from './files/generated-images.js';
export { generatedImages } from './files/generated-images.js';
export type { UploadFileOptions } from './files/upload-file.js';
export { uploadFile } from './files/upload-file.js';
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
export type { GuardrailEvent } from './guardrails/guardrail-events.js';
export type { ImageGeneratedEvent, ImagePartialEvent } from './images/image-events.js';
export type { ImageToSave, SaveImageOptions } from './images/save-image.js';
export { saveImage } from './images/save-image.js';
export type { FileOptions } from './input/file-input.js';
export { fileFromId, pdfFromBytes, pdfFromFile } from './input/file-input.js';
export type { ImageDetail, ImageOptions } from './input/image-input.js';
export { imageFromBytes, imageFromFile, imageFromFileId, imageFromUrl } from './input/image-input.js';
export { userMessage } from './input/user-message.js';
export type {
  JsonObjectOutput,
  JsonSchemaOutput,
  OutputOf,
  OutputOption,
  ResolvedOutput,
} from './output/output-spec.js';
export type { Agent, AnyAgent, HandoffOutputs } from './run/agent.js';
export type { AgentConfig, AgentOptions, ModelSettings } from './run/agent-config.js';
export type { AgentToolOptions } from './run/agent-tool-options.js';
export type { CompactResult } from './run/compact-result.js';
export type {
  ApprovalDecidedEvent,
  ApprovalRequestedEvent,
  CodeDeltaEvent,
  CodeInterpreterCallEvent,
  CompactionEvent,
  EventBase,
  ListenerFailure,
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
} from './run/events.js';
export type { Handoff, HandoffInputData, HandoffInputFilter, HandoffTarget } from './run/handoff.js';
export { handoff, handoffToolName } from './run/handoff.js';
export type { HandoffEvent } from './run/handoff-events.js';
export type { ObservedRun, RunObservation, RunObserver } from './run/run-observer.js';
export type { RunInput, RunOptions } from './run/run-options.js';
export type { RunResult, RunResultFields, RunStatus } from './run/run-result.js';
export { type RunEventsOptions, RunStream } from './run/run-stream.js';
export type { ComputerCallStep, ModelTurnStep, StepRunner, ToolCallStep } from './run/step-runner.js';
export { inProcessStepRunner } from './run/step-runner.js';
export { ComputerFailedError } from './run-errors/computer-failed-error.js';
export type { GuardrailKind } from './run-errors/guardrail-errors.js';
export { GuardrailFailedError, GuardrailTrippedError } from './run-errors/guardrail-errors.js';
export { ConversationItemRejectedError } from './run-errors/item-rejected-error.js';
export {
  OutputError,
  OutputIncompleteError,
  OutputInvalidError,
  OutputRefusedError,
} from './run-errors/output-errors.js';
export type { RequestItemSize } from './run-errors/run-errors.js';
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
} from './run-errors/run-errors.js';
export type { RunLog, RunLogOptions } from './run-log/create-run-log.js';
export { createRunLog } from './run-log/create-run-log.js';
export type { RunLogAgent, RunLogEntry, RunLogError, RunLogResult } from './run-log/run-log-format.js';
export { RUN_LOG_VERSION } from './run-log/run-log-format.js';
export type { ApprovalDecisions, NestedRunState, ResumeInput, RunStateJSON } from './run-state/run-state.js';
export { RUN_STATE_VERSION, RunState } from './run-state/run-state.js';
export type { RunStateKey, SealedRunStateJSON } from './run-state/run-state-seal.js';
export { openRunState, sealRunState } from './run-state/run-state-seal.js';
export { addUsage, emptyUsage, type Usage } from './run-state/usage.js';
export { MAX_EVENT_CHARS } from './runner/event-decoder.js';
export type { EventStreamOptions, ResponseEventStream } from './runner/event-stream.js';
export { openEventStream } from './runner/event-stream.js';
export type { ReadStreamOptions, ResumeStream, StreamProgress } from './runner/read-stream.js';
export { readResponseStream } from './runner/read-stream.js';
export type { PausedTrace, Tracing, TracingOptions } from './tracing/create-tracing.js';
export { createTracing, TRACER_NAME } from './tracing/create-tracing.js';
export { DEFAULT_MAX_REQUEST_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT_MS } from './values/limits.js';
export { safeFileName } from './values/safe-file-name.js';

export type { ApprovalStatus } from './agent/approvals-object.js';
export type { ConversationApi, DurableAgent, DurableAgentOptions } from './agent/durable-agent.js';
export { durableAgent } from './agent/durable-agent.js';
export type { ModelRetryPolicy } from './agent/restate-steps.js';
export type {
  DurableAgentClient,
  DurableClientOptions,
  FollowOptions,
  StartedRun,
} from './client/durable-client.js';
export { connectDurableAgent } from './client/durable-client.js';
export type { DurableErrorCode } from './contract/errors.js';
export { DurableAgentError, StepFailedError } from './contract/errors.js';
export type {
  ApprovalWaitingEvent,
  ConversationStatus,
  DecisionRequest,
  DecisionResult,
  DurableEvent,
  DurableRunRecord,
  DurableRunResult,
  DurableRunStatus,
  ErrorSummary,
  EventsPage,
  EventsRequest,
  GivenDecision,
  PublishedEvent,
  PublishedRunEvent,
  RunEndedEvent,
  RunSummary,
  StartRunRequest,
} from './contract/wire.js';
export type { DurableWorker, ServeOptions } from './serve.js';
export { serveDurableAgent } from './serve.js';
export type { RegisteredDeployment } from './server/register-deployment.js';
export { registerDeployment } from './server/register-deployment.js';
export type { RestateServer, RestateServerOptions } from './server/start-restate-server.js';
export { restateServerBinary, startRestateServer } from './server/start-restate-server.js';

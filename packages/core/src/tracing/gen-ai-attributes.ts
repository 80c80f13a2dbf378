/**
 * The attribute names turnkit's spans use: the OpenTelemetry GenAI semantic conventions
 * (`gen_ai.*`, as the `semantic-conventions-genai` registry names them, on semantic conventions
 * 1.41; status Development), the general `server.*` and `error.type`, the OpenAI-specific
 * `openai.*`, and turnkit's own `turnkit.*` for what the conventions do not cover (approvals,
 * runs, hosted-tool details).
 *
 * @see https://github.com/open-telemetry/semantic-conventions-genai/blob/main/docs/registry/attributes/gen-ai.md
 */
export const ATTR = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  agentName: 'gen_ai.agent.name',
  requestModel: 'gen_ai.request.model',
  requestStream: 'gen_ai.request.stream',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolType: 'gen_ai.tool.type',
  toolDescription: 'gen_ai.tool.description',
  // Opt-in content (recorded only with `recordContent: true`).
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  toolDefinitions: 'gen_ai.tool.definitions',
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
  // General conventions.
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  // OpenAI-specific.
  openaiApiType: 'openai.api.type',
  openaiResponseServiceTier: 'openai.response.service_tier',
  // turnkit's own.
  runId: 'turnkit.run.id',
  runStatus: 'turnkit.run.status',
  runTurns: 'turnkit.run.turns',
  resumedFrom: 'turnkit.run.resumed_from',
  resumeToken: 'turnkit.run.resume_token',
  turn: 'turnkit.turn',
  linkType: 'turnkit.link.type',
  approvalId: 'turnkit.approval.id',
  approvalKind: 'turnkit.approval.kind',
  approvalApproved: 'turnkit.approval.approved',
  approvalPending: 'turnkit.approval.pending',
  approvalDecidedBy: 'turnkit.approval.decided_by',
  approvalReason: 'turnkit.approval.reason',
  mcpServerLabel: 'turnkit.mcp.server_label',
  containerId: 'turnkit.code_interpreter.container_id',
  hostedStatus: 'turnkit.hosted.status',
} as const;

/**
 * The `gen_ai.provider.name` of a base URL: `azure.ai.openai` for Azure OpenAI (an
 * `*.openai.azure.com`, `*.cognitiveservices.azure.com` or `*.services.ai.azure.com` host, or an
 * `/openai/…` path such as the emulator's Azure prefix), else `openai`.
 */
export function providerOf(baseURL: string | undefined): string {
  if (!baseURL) return 'openai';
  try {
    const url = new URL(baseURL);
    const azureHost = ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'].some(
      (suffix) => url.hostname.endsWith(suffix),
    );
    return azureHost || url.pathname.startsWith('/openai') ? 'azure.ai.openai' : 'openai';
  } catch {
    return 'openai';
  }
}

/** `server.address` and `server.port` of a base URL, when it is one. */
export function serverOf(baseURL: string | undefined): Record<string, string | number> {
  if (!baseURL) return {};
  try {
    const url = new URL(baseURL);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { [ATTR.serverAddress]: url.hostname, [ATTR.serverPort]: port };
  } catch {
    return {};
  }
}

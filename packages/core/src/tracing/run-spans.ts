import {
  type Attributes,
  type Context,
  context,
  type Link,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { ApprovalRequest } from '@turnkit/tools';
import type { RunEvent } from '../run/events.js';
import type { ObservedRun } from '../run/run-observer.js';
import type { ResumeInput } from '../run-state/run-state.js';
import { ATTR, providerOf, serverOf } from './gen-ai-attributes.js';
import {
  finishReason,
  inputMessages,
  outputMessages,
  parsedArguments,
  systemInstructions,
  toolDefinitions,
} from './gen-ai-messages.js';

/** Where a paused run left its spans, so the run that resumes it can link to them. */
export interface PausedSpans {
  run: SpanContext;
  approvals: Record<string, SpanContext>;
}

/** What the run spans need from their tracing. */
export interface RunSpansOptions {
  tracer: Tracer;
  recordContent: boolean;
  /** The paused spans of the state this run resumes, if known. */
  resumes: PausedSpans | undefined;
  /** Keeps the spans of a run that paused, under its state's resume token. */
  remember(resumeToken: string, spans: PausedSpans): void;
}

const json = (value: unknown): string => JSON.stringify(value);

/** An error's `error.type`: its turnkit code, else its class name. */
function errorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name) return name;
  }
  return '_OTHER';
}

/** Marks a span failed with `error`: status, `error.type`, and the exception event. */
function fail(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setAttribute(ATTR.errorType, errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

/**
 * The spans of one run, made from its events: `invoke_agent {agent}` for the run, a
 * `chat {model}` child per turn, an `execute_tool {name}` child per function call (function
 * tools run after their turn, so they are children of the run), hosted calls (MCP, code
 * interpreter, image generation) as children of the turn that made them, and `approval {tool}`
 * spans from request to decision. A run that resumes links to the run that paused, and each
 * approval it decides links to the span that waited for it.
 */
export class RunSpans {
  readonly #options: RunSpansOptions;
  readonly #run: ObservedRun;
  readonly #span: Span;
  readonly #context: Context;
  readonly #provider: string;
  readonly #server: Record<string, string | number>;
  readonly #turns = new Map<number, Span>();
  readonly #tools = new Map<string, Span>();
  readonly #approvals = new Map<string, Span>();
  #ended = false;

  constructor(run: ObservedRun, options: RunSpansOptions) {
    this.#run = run;
    this.#options = options;
    this.#provider = providerOf(run.baseURL);
    this.#server = serverOf(run.baseURL);
    const resume = isResume(run.input) ? run.input : undefined;
    const links: Link[] = options.resumes
      ? [{ context: options.resumes.run, attributes: { [ATTR.linkType]: 'resumes' } }]
      : [];
    const attributes: Attributes = {
      [ATTR.operationName]: 'invoke_agent',
      [ATTR.providerName]: this.#provider,
      [ATTR.agentName]: run.agent.name,
      ...(run.model ? { [ATTR.requestModel]: run.model } : {}),
      ...this.#server,
      ...(resume ? { [ATTR.resumedFrom]: resume.state.runId } : {}),
    };
    if (options.recordContent) {
      if (run.agent.instructions) {
        attributes[ATTR.systemInstructions] = json(systemInstructions(run.agent.instructions));
      }
      if (!resume) attributes[ATTR.inputMessages] = json(inputMessages(run.input));
    }
    const parent = context.active();
    this.#span = options.tracer.startSpan(
      `invoke_agent ${run.agent.name}`,
      { kind: SpanKind.INTERNAL, attributes, links },
      parent,
    );
    this.#context = trace.setSpan(parent, this.#span);
  }

  /** Runs `fn` with the run's span current. */
  around<T>(fn: () => Promise<T>): Promise<T> {
    return context.with(this.#context, fn);
  }

  #child(name: string, kind: SpanKind, attributes: Attributes, parent = this.#context, links?: Link[]): Span {
    return this.#options.tracer.startSpan(name, { kind, attributes, ...(links ? { links } : {}) }, parent);
  }

  /** A hosted call the service made during a turn: a span under the turn's, ended at once. */
  #hosted(turn: number, name: string, id: string, attributes: Attributes, error?: string): void {
    const turnSpan = this.#turns.get(turn);
    const parent = turnSpan ? trace.setSpan(this.#context, turnSpan) : this.#context;
    const span = this.#child(
      `execute_tool ${name}`,
      SpanKind.INTERNAL,
      {
        [ATTR.operationName]: 'execute_tool',
        [ATTR.toolName]: name,
        [ATTR.toolCallId]: id,
        [ATTR.toolType]: 'extension',
        [ATTR.turn]: turn,
        ...attributes,
      },
      parent,
    );
    if (error !== undefined) {
      span.setAttribute(ATTR.errorType, 'hosted_call_failed');
      span.setStatus({
        code: SpanStatusCode.ERROR,
        ...(this.#options.recordContent ? { message: error } : {}),
      });
    }
    span.end();
  }

  #approvalStart(request: ApprovalRequest, turn: number, links?: Link[]): Span {
    return this.#child(
      `approval ${request.toolName}`,
      SpanKind.INTERNAL,
      {
        [ATTR.toolName]: request.toolName,
        [ATTR.approvalId]: request.id,
        [ATTR.approvalKind]: request.kind,
        [ATTR.turn]: turn,
        ...(request.kind === 'function' ? { [ATTR.toolCallId]: request.id } : {}),
        ...(request.serverLabel ? { [ATTR.mcpServerLabel]: request.serverLabel } : {}),
        ...(this.#options.recordContent
          ? { [ATTR.toolCallArguments]: json(parsedArguments(request.arguments)) }
          : {}),
      },
      this.#context,
      links,
    );
  }

  /** Turns one event into span work. Never throws. */
  event(event: RunEvent): void {
    const content = this.#options.recordContent;
    switch (event.type) {
      case 'run_started':
        this.#span.setAttribute(ATTR.runId, event.runId);
        return;
      case 'turn_started': {
        const request = event.request;
        const attributes: Attributes = {
          [ATTR.operationName]: 'chat',
          [ATTR.providerName]: this.#provider,
          [ATTR.requestModel]: request.model,
          [ATTR.requestStream]: true,
          [ATTR.openaiApiType]: 'responses',
          [ATTR.turn]: event.turn,
          ...this.#server,
          ...(typeof request.temperature === 'number'
            ? { [ATTR.requestTemperature]: request.temperature }
            : {}),
          ...(typeof request.top_p === 'number' ? { [ATTR.requestTopP]: request.top_p } : {}),
          ...(typeof request.max_output_tokens === 'number'
            ? { [ATTR.requestMaxTokens]: request.max_output_tokens }
            : {}),
        };
        if (content) {
          attributes[ATTR.inputMessages] = json(inputMessages(request.input));
          if (request.instructions) {
            attributes[ATTR.systemInstructions] = json(systemInstructions(request.instructions));
          }
          if (request.tools?.length) attributes[ATTR.toolDefinitions] = json(toolDefinitions(request.tools));
        }
        this.#turns.set(event.turn, this.#child(`chat ${request.model}`, SpanKind.CLIENT, attributes));
        return;
      }
      case 'usage': {
        this.#turns.get(event.turn)?.setAttributes({
          [ATTR.usageInputTokens]: event.usage.inputTokens,
          [ATTR.usageOutputTokens]: event.usage.outputTokens,
          [ATTR.usageCacheReadInputTokens]: event.usage.cachedInputTokens,
          [ATTR.usageReasoningOutputTokens]: event.usage.reasoningTokens,
        });
        return;
      }
      case 'compaction':
        this.#turns.get(event.turn)?.addEvent('turnkit.compaction', {
          'turnkit.compaction.source': event.source,
          'turnkit.compaction.dropped_items': event.droppedItems,
          'turnkit.compaction.kept_items': event.keptItems,
        });
        return;
      case 'stream_resumed':
        this.#turns.get(event.turn)?.addEvent('turnkit.stream_resumed', {
          [ATTR.responseId]: event.responseId,
          'turnkit.stream.after': event.after,
          'turnkit.stream.attempt': event.attempt,
        });
        return;
      case 'mcp_list_tools':
        this.#turns.get(event.turn)?.addEvent('turnkit.mcp.list_tools', {
          [ATTR.mcpServerLabel]: event.serverLabel,
          'turnkit.mcp.tool_count': event.tools.length,
          'turnkit.mcp.failed': event.error !== null,
        });
        return;
      case 'mcp_call':
        this.#hosted(
          event.turn,
          event.name,
          event.itemId,
          {
            [ATTR.mcpServerLabel]: event.serverLabel,
            ...(content ? { [ATTR.toolCallArguments]: json(parsedArguments(event.arguments)) } : {}),
            ...(content && event.output !== null ? { [ATTR.toolCallResult]: json(event.output) } : {}),
          },
          event.error ? (typeof event.error === 'string' ? event.error : json(event.error)) : undefined,
        );
        return;
      case 'code_interpreter_call':
        this.#hosted(
          event.turn,
          'code_interpreter',
          event.itemId,
          {
            [ATTR.containerId]: event.containerId,
            [ATTR.hostedStatus]: event.status,
            ...(content && event.code !== null
              ? { [ATTR.toolCallArguments]: json({ code: event.code }) }
              : {}),
            ...(content ? { [ATTR.toolCallResult]: json({ logs: event.logs }) } : {}),
          },
          event.status === 'failed' ? 'The code interpreter call failed.' : undefined,
        );
        return;
      case 'image_generated':
        this.#hosted(
          event.turn,
          'image_generation',
          event.itemId,
          {
            [ATTR.hostedStatus]: event.status,
            ...(content && event.revisedPrompt !== null
              ? { [ATTR.toolCallArguments]: json({ revised_prompt: event.revisedPrompt }) }
              : {}),
          },
          event.base64 === null ? 'The image generation call produced no image.' : undefined,
        );
        return;
      case 'turn_finished': {
        const span = this.#turns.get(event.turn);
        if (!span) return;
        const response = event.response;
        span.setAttributes({
          [ATTR.responseId]: response.id,
          [ATTR.responseModel]: response.model,
          [ATTR.responseFinishReasons]: [finishReason(response)],
          ...(response.service_tier ? { [ATTR.openaiResponseServiceTier]: response.service_tier } : {}),
          ...(content ? { [ATTR.outputMessages]: json(outputMessages(response)) } : {}),
        });
        span.end();
        this.#turns.delete(event.turn);
        return;
      }
      case 'turn_failed': {
        const span = this.#turns.get(event.turn);
        if (!span) return;
        if (event.responseId) span.setAttribute(ATTR.responseId, event.responseId);
        fail(span, event.error);
        span.end();
        this.#turns.delete(event.turn);
        return;
      }
      case 'tool_call_started': {
        const description = this.#run.agent.tools.get(event.name)?.definition.description;
        this.#tools.set(
          event.callId,
          this.#child(`execute_tool ${event.name}`, SpanKind.INTERNAL, {
            [ATTR.operationName]: 'execute_tool',
            [ATTR.toolName]: event.name,
            [ATTR.toolCallId]: event.callId,
            [ATTR.toolType]: 'function',
            [ATTR.turn]: event.turn,
            ...(description ? { [ATTR.toolDescription]: description } : {}),
            ...(content ? { [ATTR.toolCallArguments]: json(parsedArguments(event.arguments)) } : {}),
          }),
        );
        return;
      }
      case 'tool_call_finished': {
        const span = this.#tools.get(event.callId);
        if (!span) return;
        if (content && event.ok) {
          span.setAttribute(
            ATTR.toolCallResult,
            typeof event.output === 'string' ? json(parsedArguments(event.output)) : json(event.output),
          );
        }
        if (!event.ok) {
          span.setAttribute(ATTR.errorType, event.errorCode ?? '_OTHER');
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: content ? String(event.output) : `The tool call failed (${event.errorCode ?? 'error'}).`,
          });
        }
        span.end();
        this.#tools.delete(event.callId);
        return;
      }
      case 'approval_requested':
        this.#approvals.set(event.request.id, this.#approvalStart(event.request, event.turn));
        return;
      case 'approval_decided': {
        let span = this.#approvals.get(event.request.id);
        if (!span) {
          const waited = this.#options.resumes?.approvals[event.request.id];
          span = this.#approvalStart(
            event.request,
            event.turn,
            waited ? [{ context: waited, attributes: { [ATTR.linkType]: 'decides' } }] : undefined,
          );
        }
        span.setAttributes({
          [ATTR.approvalApproved]: event.approve,
          [ATTR.approvalDecidedBy]: event.by,
          ...(content && event.reason ? { [ATTR.approvalReason]: event.reason } : {}),
        });
        span.end();
        this.#approvals.delete(event.request.id);
        return;
      }
      case 'run_finished': {
        const result = event.result;
        const paused: PausedSpans = { run: this.#span.spanContext(), approvals: {} };
        for (const [id, span] of this.#approvals) {
          span.setAttribute(ATTR.approvalPending, true);
          paused.approvals[id] = span.spanContext();
          span.end();
        }
        this.#approvals.clear();
        this.#span.setAttributes({
          [ATTR.runStatus]: result.status,
          [ATTR.runTurns]: result.turns,
          [ATTR.usageInputTokens]: result.usage.inputTokens,
          [ATTR.usageOutputTokens]: result.usage.outputTokens,
          ...(result.lastResponse
            ? { [ATTR.responseFinishReasons]: [finishReason(result.lastResponse)] }
            : {}),
          ...(content && result.output
            ? {
                [ATTR.outputMessages]: json([
                  { role: 'assistant', parts: [{ type: 'text', content: result.output }] },
                ]),
              }
            : {}),
        });
        if (result.state) {
          this.#span.setAttribute(ATTR.resumeToken, result.state.resumeToken);
          this.#options.remember(result.state.resumeToken, paused);
        }
        this.#end();
        return;
      }
      case 'run_failed':
        this.#span.setAttribute(ATTR.runStatus, 'failed');
        fail(this.#span, event.error);
        this.#end();
        return;
      default:
        return;
    }
  }

  /** Ends what is still open (spans of a run that stopped mid-way), then the run's span. */
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const span of [...this.#turns.values(), ...this.#tools.values(), ...this.#approvals.values()]) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'The run stopped before this finished.' });
      span.end();
    }
    this.#span.end();
  }

  /** Called when the run is over: ends the run's span if no final event did (a run refused before it began). */
  close(): void {
    if (!this.#ended) {
      this.#span.setStatus({
        code: SpanStatusCode.ERROR,
        message: 'The run ended without reporting a result.',
      });
      this.#end();
    }
  }
}

function isResume(input: unknown): input is ResumeInput {
  return typeof input === 'object' && input !== null && (input as ResumeInput).kind === 'turnkit.resume';
}

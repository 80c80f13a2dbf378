import { isSpanContextValid, type SpanContext, type Tracer, trace } from '@opentelemetry/api';
import { ConfigurationError } from '../errors/input-errors.js';
import type { RunEventType } from '../run/events.js';
import type { ObservedRun, RunObservation, RunObserver } from '../run/run-observer.js';
import type { ResumeInput, RunState } from '../run-state/run-state.js';
import { type PausedSpans, RunSpans } from './run-spans.js';

/** The instrumentation scope of the spans when the tracer comes from the global API. */
export const TRACER_NAME = '@turnkit/core';

/** How many paused runs a tracing remembers, to link the runs that resume them. */
const PAUSED_KEPT = 1000;

/** The events tracing reads; the others (text deltas, raw events …) cost it nothing. */
const TRACED: ReadonlySet<RunEventType> = new Set<RunEventType>([
  'run_started',
  'turn_started',
  'usage',
  'compaction',
  'stream_resumed',
  'mcp_list_tools',
  'mcp_call',
  'code_interpreter_call',
  'image_generated',
  'turn_finished',
  'turn_failed',
  'tool_call_started',
  'tool_call_finished',
  'approval_requested',
  'approval_decided',
  'run_finished',
  'run_failed',
]);

/** Options of {@link createTracing}. */
export interface TracingOptions {
  /**
   * Where spans go: a `Tracer` of your `TracerProvider`, or `'global'` for the one registered with
   * the OpenTelemetry API (`trace.getTracer('@turnkit/core')`, looked up at each run, so a provider
   * registered later is used). Required: turnkit never picks one on its own.
   */
  tracer: Tracer | 'global';
  /**
   * Also record content: prompts and instructions (`gen_ai.input.messages`,
   * `gen_ai.system_instructions`), answers (`gen_ai.output.messages`), tool definitions, tool call
   * arguments and results, approval reasons, hosted-call arguments and output. Default `false`:
   * spans then carry names, ids, models, timings, token counts and error types only. Secrets are
   * never recorded either way (hosted MCP header values never reach a span).
   */
  recordContent?: boolean;
}

/**
 * Where a paused run left its spans: the run's span and those of the approvals it waits for, as
 * {@link Tracing.pausedTrace} gives it. Plain JSON: save it beside the run state so that a
 * resume in another process links to it ({@link Tracing.linkPaused}).
 */
export interface PausedTrace {
  /** The paused run's `invoke_agent` span. */
  run: SpanContext;
  /** The `approval` span of each waiting request, by request id. */
  approvals: Record<string, SpanContext>;
}

/**
 * OpenTelemetry tracing of runs, following the GenAI semantic conventions: a {@link RunObserver}
 * to give agents (`observers: [tracing]`) or single runs. Each run is an `invoke_agent {agent}`
 * span (kind INTERNAL, current while the run runs, so spans started by tools and the HTTP client
 * nest under it); each turn a `chat {model}` span (CLIENT) with the request model, response id,
 * finish reason and token usage; each function call an `execute_tool {tool}` span; hosted MCP,
 * code interpreter and image generation calls `execute_tool` spans under their turn; each approval
 * an `approval {tool}` span from request to decision. Errors set the span status to ERROR, record
 * the exception and set `error.type` (the turnkit error code). A run that resumes a paused one
 * links to it, and each approval it decides links to the span that waited.
 */
export interface Tracing extends RunObserver {
  /**
   * Where the run that paused with `state` left its spans, for a resume in another process; see
   * {@link Tracing.linkPaused}. `undefined` when this tracing did not see that run pause (or has
   * forgotten it: it keeps the latest 1000).
   */
  pausedTrace(state: RunState): PausedTrace | undefined;
  /**
   * Tells this tracing where the run that paused with `state` left its spans (saved from
   * {@link Tracing.pausedTrace} elsewhere), so the run that resumes `state` links to them.
   * @throws {ConfigurationError} when `trace` is not a paused trace.
   */
  linkPaused(state: RunState, trace: PausedTrace): void;
}

function checkSpanContext(value: unknown, where: string): SpanContext {
  if (!value || typeof value !== 'object' || !isSpanContextValid(value as SpanContext)) {
    throw new ConfigurationError(
      where,
      `\`${where}\` is not a span context ({ traceId, spanId, traceFlags }); pass what pausedTrace(state) returned.`,
    );
  }
  const { traceId, spanId, traceFlags } = value as SpanContext;
  return { traceId, spanId, traceFlags, isRemote: true };
}

/**
 * Creates OpenTelemetry tracing for runs (see {@link Tracing}). It depends on
 * `@opentelemetry/api` only: set up an SDK and exporter in your app, and pass its tracer (or
 * `'global'`). Creating it has no side effect; without it, runs carry no tracing cost.
 *
 * @throws {ConfigurationError} for a missing or unusable `tracer`, or a `recordContent` that is not a boolean.
 * @example
 * ```ts
 * import { createAgent, createTracing } from '@turnkit/core';
 * import type { AnyTool } from '@turnkit/tools';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const tools: AnyTool[];
 * import { trace } from '@opentelemetry/api';
 * const tracing = createTracing({ tracer: trace.getTracer('my-app') });
 * const agent = createAgent({ model: 'gpt-5.1', client, tools, observers: [tracing] });
 * await agent.run('Is it raining in Paris?'); // one invoke_agent span, with chat and execute_tool children
 * ```
 * @see https://github.com/open-telemetry/semantic-conventions-genai/blob/main/docs/gen-ai/gen-ai-agent-spans.md
 */
export function createTracing(options: TracingOptions): Tracing {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError(
      'tracing',
      "createTracing needs options: { tracer } (a Tracer, or 'global').",
    );
  }
  const given = options.tracer as unknown;
  if (given !== 'global' && (!given || typeof (given as Tracer).startSpan !== 'function')) {
    throw new ConfigurationError(
      'tracing.tracer',
      "`tracer` must be an OpenTelemetry Tracer (e.g. provider.getTracer('my-app')) or 'global' for the globally registered provider.",
    );
  }
  if (options.recordContent !== undefined && typeof options.recordContent !== 'boolean') {
    throw new ConfigurationError('tracing.recordContent', '`recordContent` must be true or false.');
  }
  const recordContent = options.recordContent ?? false;
  const paused = new Map<string, PausedSpans>();
  const remember = (token: string, spans: PausedSpans): void => {
    paused.delete(token);
    paused.set(token, spans);
    if (paused.size > PAUSED_KEPT) paused.delete(paused.keys().next().value!);
  };
  return {
    observe(run: ObservedRun): RunObservation {
      const tracer = given === 'global' ? trace.getTracer(TRACER_NAME) : (given as Tracer);
      const resume = run.input as ResumeInput;
      const resumes =
        typeof resume === 'object' && resume !== null && resume.kind === 'turnkit.resume'
          ? paused.get(resume.state.resumeToken)
          : undefined;
      const spans = new RunSpans(run, { tracer, recordContent, resumes, remember });
      return {
        wants: (type) => TRACED.has(type),
        event: (event) => spans.event(event),
        around: (fn) => spans.around(fn),
        end: () => spans.close(),
      };
    },
    pausedTrace(state: RunState): PausedTrace | undefined {
      const spans = paused.get(state.resumeToken);
      return spans && { run: { ...spans.run }, approvals: { ...spans.approvals } };
    },
    linkPaused(state: RunState, pausedTrace: PausedTrace): void {
      if (!pausedTrace || typeof pausedTrace !== 'object') {
        throw new ConfigurationError('pausedTrace', '`trace` must be what pausedTrace(state) returned.');
      }
      const run = checkSpanContext(pausedTrace.run, 'pausedTrace.run');
      const approvals: Record<string, SpanContext> = {};
      for (const [id, context] of Object.entries(pausedTrace.approvals ?? {})) {
        approvals[id] = checkSpanContext(context, `pausedTrace.approvals.${id}`);
      }
      remember(state.resumeToken, { run, approvals });
    },
  };
}

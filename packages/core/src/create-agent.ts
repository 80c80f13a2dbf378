import type { AnyTool, Approver } from '@turnkit/tools';
import type { ResponseInput } from 'openai/resources/responses/responses';
import type { z } from 'zod';
import {
  type AgentConfig,
  type AgentOptions,
  type ClientSource,
  describeAgentConfig,
  resolveAgentConfig,
} from './agent.js';
import { type AgentToolOptions, agentAsTool } from './agents/agent-tool.js';
import type { Handoff, HandoffTarget } from './agents/handoff.js';
import { type CompactResult, compactConversation } from './compact.js';
import type { Conversation } from './conversation.js';
import { ConfigurationError } from './input-errors.js';
import { observeRun } from './observe/observe-run.js';
import type { RunObserver } from './observe/run-observer.js';
import type { OutputOf, OutputOption } from './output/output-spec.js';
import { redactWith } from './redact.js';
import type { RunResult } from './run-result.js';
import type { ResumeInput } from './run-state.js';
import { RunStream } from './run-stream.js';
import { runLoop } from './runner/run-loop.js';
import type { StepRunner } from './runner/step-runner.js';

/** Options of one run. */
export interface RunOptions<Deps = unknown> {
  /** Continue this conversation; default a new one (see `result.conversation`). */
  conversation?: Conversation;
  /**
   * Cancels the run, the request in flight and the tools running (agents run as tools too); the
   * run rejects with `RunAbortedError`.
   */
  signal?: AbortSignal;
  /** Dependencies handed to every tool as `ctx.deps` (and to guardrails, and agents run as tools). */
  deps?: Deps;
  /** Overrides the agent's `maxTurns` for this run. */
  maxTurns?: number;
  /** Overrides the agent's `client` for this run (and that of every agent it hands to). */
  client?: ClientSource;
  /**
   * Decides approval requests that no allow or deny list decides (after the server's own
   * approver, before the agent's). Return `undefined` to leave a request waiting.
   */
  approver?: Approver;
  /** Overrides the agent's `streamIdleTimeoutMs` for this run (`0`: never count a stream as stalled). */
  streamIdleTimeoutMs?: number;
  /** Overrides the agent's `maxRequestBytes` for this run. */
  maxRequestBytes?: number;
  /**
   * Performs each model turn and each tool call of the run (default: directly, in this process).
   * A durable engine passes one that journals every step, so a completed step is never run again
   * after a crash (see `StepRunner` and `@turnkit/restate`).
   */
  steps?: StepRunner;
  /**
   * The run's id, as events, tool contexts and the result report it (default: a fresh
   * `run_<uuid>`). A durable runner passes a stable one, so a replayed run reports the same id.
   */
  runId?: string;
  /** More observers for this run, after the agent's (see {@link RunObserver}). */
  observers?: readonly RunObserver[];
}

/**
 * What a run takes as input: a user message, Responses API input items, or an interrupted run's
 * state with decisions (`state.withDecisions(…)`).
 */
export type RunInput = string | ResponseInput | ResumeInput;

/**
 * An agent made by {@link createAgent}.
 *
 * @typeParam Out - the type of `result.finalOutput`: `string`, or the type of the agent's
 *   `output` schema (with handoffs: of any agent it hands to, too).
 */
export interface Agent<Deps = unknown, Out = string> {
  readonly config: AgentConfig<Deps>;
  /** The agent's name (`config.name`). */
  readonly name: string;
  /**
   * Runs the agent to its answer. Same loop as {@link Agent.stream}, consumed for you.
   * @throws {MaxTurnsExceededError} | {RunAbortedError} | {ApiError} | {ResponseFailedError} |
   *   {StreamStalledError} | {RequestTooLargeError} | {ListenerError} | {OutputError} |
   *   {GuardrailTrippedError} | {GuardrailFailedError}, each with `partial`.
   */
  run(input: RunInput, options?: RunOptions<Deps>): Promise<RunResult<Out>>;
  /** Runs the agent, reporting every step as it happens (see {@link RunStream}). */
  stream(input: RunInput, options?: RunOptions<Deps>): RunStream<Out>;
  /**
   * The agent as a function tool of another agent: a call runs this agent on the tool's input
   * and answers with its final output. Its events reach the calling run's stream (marked with
   * this agent's name and a deeper `depth`), its usage is added to the calling run's, its
   * approvals pause the whole run (and resume with it, also in another process), and the calling
   * run's signal cancels it. See docs/multi-agent.md.
   *
   * @throws {ConfigurationError} without a description (give one, or give the agent a `description`).
   * @throws {ToolDefinitionError} for a bad tool name or input schema.
   * @example
   * ```ts
   * import { type Agent, createAgent } from '@turnkit/core';
   * import type OpenAI from 'openai';
   * declare const client: OpenAI;
   * declare const research: Agent;
   * const triage = createAgent({ name: 'triage', tools: [research.asTool({ name: 'research' })], client });
   * ```
   */
  asTool<S extends z.ZodType = z.ZodObject<{ input: z.ZodString }>>(
    options: AgentToolOptions<S, Out>,
  ): AnyTool<Deps>;
  /**
   * Compacts `conversation` now through `POST /responses/compact`, with the agent's client and
   * model (see {@link compactConversation}).
   */
  compact(
    conversation: Conversation,
    options?: { signal?: AbortSignal; client?: ClientSource },
  ): Promise<CompactResult>;
}

/** An agent of any deps and output type, as the loop and a run's `lastAgent` hold it. */
export type AnyAgent = Agent<never, unknown>;

/** The output types of the agents a list of handoffs reaches directly. */
export type HandoffOutputs<H> = H extends readonly (infer T)[]
  ? T extends Agent<never, infer O>
    ? O
    : T extends () => Agent<never, infer O>
      ? O
      : T extends Handoff
        ? unknown
        : never
  : never;

/**
 * Creates an agent: instructions, a model, tools and settings, run over the Responses API; with
 * `output`, a typed final answer; with `handoffs`, agents it can pass the conversation to; with
 * guardrails, checks that can stop a run. The agent prints (`util.inspect`, `console.log`) and
 * serializes (`JSON.stringify`) without credentials: keys, tokens and hosted MCP header values
 * are redacted.
 *
 * @throws {ConfigurationError} for an invalid option (it names the option and the fix).
 * @throws {OutputSchemaError} for an `output` schema strict mode cannot express (or JSON cannot carry).
 * @example
 * ```ts
 * import { connectFromEnv, createAgent } from '@turnkit/core';
 * import type { AnyTool } from '@turnkit/tools';
 * import { z } from 'zod';
 * declare const getWeather: AnyTool;
 * const agent = createAgent({
 *   instructions: 'You answer questions about the weather.',
 *   model: 'gpt-5.1',
 *   tools: [getWeather],
 *   output: z.object({ city: z.string(), celsius: z.number() }),
 *   client: await connectFromEnv(),
 * });
 * const result = await agent.run('Is it warm in Paris?');
 * if (result.status === 'completed') console.log(result.finalOutput.celsius);
 * ```
 */
export function createAgent<
  Deps = unknown,
  O extends OutputOption | undefined = undefined,
  const H extends readonly HandoffTarget[] = [],
>(options: AgentOptions<Deps, O> & { handoffs?: H }): Agent<Deps, OutputOf<O> | HandoffOutputs<H>> {
  type Out = OutputOf<O> | HandoffOutputs<H>;
  const config = resolveAgentConfig(options);
  const stream = (input: RunInput, runOptions: RunOptions<Deps> = {}): RunStream<Out> =>
    new RunStream(
      (emit) =>
        // Observers see the run but hand its result on unchanged: it keeps its output type.
        observeRun(config, input, runOptions, emit, (e) =>
          runLoop(agent as unknown as AnyAgent, input, runOptions, e),
        ) as Promise<RunResult<Out>>,
    );
  const agent: Agent<Deps, Out> = {
    config,
    name: config.name,
    stream,
    run: (input, runOptions) => stream(input, runOptions).result,
    asTool: (toolOptions) => agentAsTool(agent as unknown as AnyAgent, toolOptions) as AnyTool<Deps>,
    compact: (conversation, compactOptions = {}) => {
      const client = compactOptions.client ?? config.client;
      if (!client) {
        return Promise.reject(
          new ConfigurationError(
            'client',
            'compact() needs a client: give the agent a `client`, or pass one.',
          ),
        );
      }
      return compactConversation({
        conversation,
        client,
        model: config.model,
        signal: compactOptions.signal,
      });
    },
  };
  return redactWith(agent, 'Agent', () => describeAgentConfig(config));
}

import type { Approver } from '@turnkit/tools';
import type { ResponseInput } from 'openai/resources/responses/responses';
import {
  type AgentConfig,
  type AgentOptions,
  type ClientSource,
  describeAgentConfig,
  resolveAgentConfig,
} from './agent.js';
import { type CompactResult, compactConversation } from './compact.js';
import type { Conversation } from './conversation.js';
import { ConfigurationError } from './input-errors.js';
import { observeRun } from './observe/observe-run.js';
import type { RunObserver } from './observe/run-observer.js';
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
  /** Cancels the run, the request in flight and the tools running; the run rejects with `RunAbortedError`. */
  signal?: AbortSignal;
  /** Dependencies handed to every tool as `ctx.deps`. */
  deps?: Deps;
  /** Overrides the agent's `maxTurns` for this run. */
  maxTurns?: number;
  /** Overrides the agent's `client` for this run. */
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

/** An agent made by {@link createAgent}. */
export interface Agent<Deps = unknown> {
  readonly config: AgentConfig<Deps>;
  /**
   * Runs the agent to its answer. Same loop as {@link Agent.stream}, consumed for you.
   * @throws {MaxTurnsExceededError} | {RunAbortedError} | {ApiError} | {ResponseFailedError} |
   *   {StreamStalledError} | {RequestTooLargeError} | {ListenerError}, each with `partial`.
   */
  run(input: RunInput, options?: RunOptions<Deps>): Promise<RunResult>;
  /** Runs the agent, reporting every step as it happens (see {@link RunStream}). */
  stream(input: RunInput, options?: RunOptions<Deps>): RunStream;
  /**
   * Compacts `conversation` now through `POST /responses/compact`, with the agent's client and
   * model (see {@link compactConversation}).
   */
  compact(
    conversation: Conversation,
    options?: { signal?: AbortSignal; client?: ClientSource },
  ): Promise<CompactResult>;
}

/**
 * Creates an agent: instructions, a model, tools and settings, run over the Responses API.
 * The agent prints (`util.inspect`, `console.log`) and serializes (`JSON.stringify`) without
 * credentials: keys, tokens and hosted MCP header values are redacted.
 *
 * @throws {ConfigurationError} for an invalid option (it names the option and the fix).
 * @example
 * ```ts
 * const agent = createAgent({
 *   instructions: 'You answer questions about the weather.',
 *   model: 'gpt-5.1',
 *   tools: [getWeather],
 *   client: await connectFromEnv(),
 * });
 * const result = await agent.run('Is it raining in Paris?');
 * console.log(result.output);
 * ```
 */
export function createAgent<Deps = unknown>(options: AgentOptions<Deps>): Agent<Deps> {
  const config = resolveAgentConfig(options);
  const stream = (input: RunInput, runOptions: RunOptions<Deps> = {}): RunStream =>
    new RunStream((emit) =>
      observeRun(config, input, runOptions, emit, (e) => runLoop(config, input, runOptions, e)),
    );
  const agent: Agent<Deps> = {
    config,
    stream,
    run: (input, runOptions) => stream(input, runOptions).result,
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

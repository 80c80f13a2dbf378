import type { AnyTool } from '@turnkit/tools';
import type { z } from 'zod';
import type { ClientSource } from '../connection/client-source.js';
import type { Conversation } from '../conversation/conversation.js';
import type { AgentConfig } from './agent-config.js';
import type { AgentToolOptions } from './agent-tool-options.js';
import type { CompactResult } from './compact-result.js';
import type { Handoff } from './handoff.js';
import type { RunInput, RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';
import type { RunStream } from './run-stream.js';

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

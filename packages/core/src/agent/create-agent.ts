import type { AnyTool } from '@turnkit/tools';
import { agentAsTool } from '../agents/agent-tool.js';
import { ConfigurationError } from '../errors/input-errors.js';
import type { OutputOf, OutputOption } from '../output/output-spec.js';
import type { Agent, AnyAgent, HandoffOutputs } from '../run/agent.js';
import type { AgentOptions } from '../run/agent-config.js';
import type { EmitFn } from '../run/events.js';
import type { HandoffTarget } from '../run/handoff.js';
import type { RunInput, RunOptions } from '../run/run-options.js';
import type { RunResult } from '../run/run-result.js';
import { RunStream } from '../run/run-stream.js';
import { UNHEARD } from '../run/wants.js';
import { runLoop } from '../runner/run-loop.js';
import { redactWith } from '../values/redact.js';
import { compactConversation } from './compact.js';
import { observeRun } from './observe-run.js';
import { describeAgentConfig, resolveAgentConfig } from './resolve-agent-config.js';

/** The options of a run given none (shared: the loop never changes them). */
const NO_RUN_OPTIONS: RunOptions<never> = Object.freeze({});

const ignore = (): void => {};

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
  const start = (input: RunInput, runOptions: RunOptions<Deps>, emit: EmitFn): Promise<RunResult<Out>> =>
    // Observers see the run but hand its result on unchanged: it keeps its output type.
    observeRun(config, input, runOptions, emit, (e) =>
      runLoop(agent as unknown as AnyAgent, input, runOptions, e),
    ) as Promise<RunResult<Out>>;
  const agent: Agent<Deps, Out> = {
    config,
    name: config.name,
    stream: (input, runOptions = NO_RUN_OPTIONS) => new RunStream((emit) => start(input, runOptions, emit)),
    // The same loop as stream(), with nobody to hear its events but observers: no stream to make.
    run: (input, runOptions = NO_RUN_OPTIONS) => {
      const result = start(input, runOptions, UNHEARD);
      result.catch(ignore); // as a stream's result: a run whose caller drops it rejects quietly
      return result;
    },
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

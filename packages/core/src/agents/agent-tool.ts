import { type AnyTool, defineTool, type TurnkitError } from '@turnkit/tools';
import { z } from 'zod';
import { ConfigurationError } from '../errors/input-errors.js';
import type { AnyAgent } from '../run/agent.js';
import type { AgentToolOptions } from '../run/agent-tool-options.js';
import type { RunInput } from '../run/run-options.js';
import type { RunResult } from '../run/run-result.js';
import { GuardrailFailedError, GuardrailTrippedError } from '../run-errors/guardrail-errors.js';
import { AGENT_CALL_CHANNEL, AGENT_TOOL, type AgentCallChannel } from '../runner/nested-run.js';
import { runNested } from './run-nested.js';

/** The input of an agent tool without an `input` schema: one question or task, as text. */
const DEFAULT_INPUT = z.object({
  input: z.string().describe('What to ask the agent: the question or task, with what it needs to know.'),
});

/** A stop of a nested run that stops its parent too, as an error of the parent (without the nested partial). */
function stopOf(error: unknown): TurnkitError | undefined {
  if (error instanceof GuardrailTrippedError) {
    return new GuardrailTrippedError({
      guardrail: error.guardrail,
      kind: error.kind,
      agent: error.agent,
      reason: error.reason,
      details: error.details,
      ...(error.callId ? { callId: error.callId } : {}),
    });
  }
  if (error instanceof GuardrailFailedError) {
    return new GuardrailFailedError({
      guardrail: error.guardrail,
      kind: error.kind,
      agent: error.agent,
      problem: 'its check failed inside an agent run as a tool',
      cause: error,
    });
  }
  return undefined;
}

/**
 * An agent as a function tool (see `Agent.asTool`). A call runs the agent on the tool's input
 * and answers with its final output. Inside a run, its events reach the run's stream (with the
 * agent's name and one more `depth`), its usage is added to the run's, its approvals pause the
 * whole run (the saved state nests the agent's), and the run's signal cancels it. A guardrail
 * tripwire inside it stops the outer run too; any other failure becomes the call's output, which
 * the model reads.
 *
 * @throws {ConfigurationError} for a bad option (the tool's own checks: `ToolDefinitionError`).
 */
export function agentAsTool<S extends z.ZodType, Out>(
  agent: AnyAgent,
  options: AgentToolOptions<S, Out>,
): AnyTool {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('asTool', 'asTool() needs options: { name, description?, input? }.');
  }
  for (const key of ['prompt', 'output'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new ConfigurationError(`asTool.${key}`, `\`${key}\` must be a function when given.`);
    }
  }
  const description = options.description ?? agent.config.description;
  if (description === undefined) {
    throw new ConfigurationError(
      'asTool.description',
      `asTool() needs a \`description\` (what the agent "${agent.name}" does, for the model), or give the agent one.`,
    );
  }
  const input = (options.input ?? DEFAULT_INPUT) as z.ZodType;
  const prompt =
    options.prompt ??
    ((value: unknown) =>
      options.input === undefined ? (value as { input: string }).input : JSON.stringify(value));
  const tool = defineTool({
    name: options.name,
    description,
    input,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    execute: async (value, ctx) => {
      const channel = (ctx as unknown as Record<symbol, AgentCallChannel | undefined>)[AGENT_CALL_CHANNEL];
      const resume = channel?.resume;
      const runInput: RunInput = resume
        ? resume.state.withDecisions(Object.fromEntries(resume.decisions))
        : prompt(value as never);
      let result: RunResult;
      try {
        result = await runNested(agent, runInput, {
          signal: ctx.signal,
          deps: ctx.deps,
          host: channel?.host,
        });
      } catch (error) {
        const stop = stopOf(error);
        if (channel && stop) channel.stop = stop;
        throw error;
      }
      if (result.status === 'interrupted') {
        if (!channel) {
          throw new Error(
            `The agent "${agent.name}" waits for approval (${result.interruptions.map((r) => r.toolName).join(', ')}); ` +
              "run it as a tool of an agent's run, which pauses and resumes it.",
          );
        }
        channel.paused = result.state;
        return '';
      }
      if (result.status !== 'completed') {
        throw new Error(`The agent "${agent.name}" stopped without an answer (${result.status}).`);
      }
      return options.output
        ? options.output(result as RunResult<Out> & { status: 'completed' })
        : result.finalOutput;
    },
  });
  return Object.freeze({ ...tool, [AGENT_TOOL]: true });
}

// The OpenAI Agents SDK (`@openai/agents`) as its docs show it: an `Agent` with a zod `tool()`,
// run by a `Runner`, streamed (every event iterated) or not. Its model is the SDK's own
// `OpenAIResponsesModel` over an `openai` client pointed at the emulator; tracing is off (it would
// export spans to the real service). Within a run it sends the whole history each turn, its
// default when no previousResponseId or conversationId is given.
import { Agent, type AgentInputItem, OpenAIResponsesModel, Runner, tool } from '@openai/agents';
import type OpenAI from 'openai';
import {
  ADD_DESCRIPTION,
  ADD_NAME,
  add,
  addInput,
  INSTRUCTIONS,
  MODEL,
  type RunOutcome,
} from './workload.ts';

const addTool = tool({
  name: ADD_NAME,
  description: ADD_DESCRIPTION,
  parameters: addInput,
  execute: (input) => add(input),
});

/** What one contender needs: the agent and a runner with tracing off. */
export interface AgentsSetup {
  agent: Agent;
  runner: Runner;
}

export function createAgentsSetup(client: OpenAI, store?: boolean): AgentsSetup {
  const agent = new Agent({
    name: 'adder',
    instructions: INSTRUCTIONS,
    model: new OpenAIResponsesModel(client, MODEL),
    tools: [addTool],
    ...(store === undefined ? {} : { modelSettings: { store } }),
  });
  return { agent, runner: new Runner({ tracingDisabled: true }) };
}

function finalText(output: unknown): string {
  if (typeof output !== 'string') throw new Error(`The run ended without a text output (${typeof output}).`);
  return output;
}

/** One non-streamed run. */
export async function agentsRun({ agent, runner }: AgentsSetup, prompt: string): Promise<RunOutcome> {
  const result = await runner.run(agent, prompt);
  return { text: finalText(result.finalOutput) };
}

/** One streamed run, iterating every event. */
export async function agentsStream({ agent, runner }: AgentsSetup, prompt: string): Promise<RunOutcome> {
  const result = await runner.run(agent, prompt, { stream: true });
  for await (const _event of result) {
    // every event is read
  }
  await result.completed;
  if (result.error) throw result.error;
  return { text: finalText(result.finalOutput) };
}

/** A stateless conversation: store: false, and the run's `history` sent back as the next input. */
export function agentsStatelessConversation(client: OpenAI): (prompt: string) => Promise<string> {
  const setup = createAgentsSetup(client, false);
  let history: AgentInputItem[] = [];
  return async (prompt) => {
    const result = await setup.runner.run(setup.agent, [...history, { role: 'user', content: prompt }], {
      stream: true,
    });
    for await (const _event of result) {
      // every event is read
    }
    await result.completed;
    if (result.error) throw result.error;
    history = result.history;
    return finalText(result.finalOutput);
  };
}

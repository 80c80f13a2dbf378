// turnkit as an app uses it: `agent.run()`, or `agent.stream()` with every event iterated.
import { type Agent, createAgent, createConversation } from '@turnkit/core';
import { defineTool } from '@turnkit/tools';
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

export const addTool = defineTool({
  name: ADD_NAME,
  description: ADD_DESCRIPTION,
  input: addInput,
  execute: add,
});

/** An agent over `client` with the benchmark's instructions, model and tool (the `server` strategy). */
export function createTurnkitAgent(client: OpenAI, strategy: 'server' | 'stateless' = 'server'): Agent {
  return createAgent({ instructions: INSTRUCTIONS, model: MODEL, tools: [addTool], client, strategy });
}

/** One run with `agent.run()`. */
export async function turnkitRun(agent: Agent, prompt: string): Promise<RunOutcome> {
  const result = await agent.run(prompt);
  return { text: result.output };
}

/** One run with `agent.stream()`, iterating every event before reading the result. */
export async function turnkitStream(agent: Agent, prompt: string): Promise<RunOutcome> {
  const stream = agent.stream(prompt);
  let events = 0;
  for await (const _event of stream) events++;
  const result = await stream.result;
  if (events === 0) throw new Error('agent.stream() yielded no event.');
  return { text: result.output };
}

/** A stateless conversation (store: false, the whole kept item list sent each time). */
export function turnkitStatelessConversation(client: OpenAI): (prompt: string) => Promise<string> {
  const agent = createTurnkitAgent(client, 'stateless');
  const conversation = createConversation({ strategy: 'stateless' });
  return async (prompt) => (await agent.run(prompt, { conversation })).output;
}

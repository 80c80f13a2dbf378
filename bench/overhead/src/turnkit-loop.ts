// turnkit's side: the agent loop as an app uses it, `agent.run()` with the same tool.
import { type Agent, createAgent } from '@turnkit/core';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import {
  ADD_DESCRIPTION,
  ADD_NAME,
  add,
  addInput,
  INSTRUCTIONS,
  MODEL,
  PROMPT,
  type RunOutcome,
} from './workload.ts';

export const addTool = defineTool({
  name: ADD_NAME,
  description: ADD_DESCRIPTION,
  input: addInput,
  execute: add,
});

/** An agent over `client` with the benchmark's instructions, model and tool. */
export function createBenchAgent(client: OpenAI): Agent {
  return createAgent({ instructions: INSTRUCTIONS, model: MODEL, tools: [addTool], client });
}

/** One run of turnkit's loop, to the model's final answer. */
export async function turnkitRun(agent: Agent): Promise<RunOutcome> {
  const result = await agent.run(PROMPT);
  return { text: result.output, requests: result.usage.requests, totalTokens: result.usage.totalTokens };
}

// turnkit's side: the agent loop as an app uses it, `agent.run()` or an iterated `agent.stream()`,
// with the same tool.
import { type Agent, createAgent, type RunEventType } from '@turnkit/core';
import { type AnyTool, defineTool } from '@turnkit/tools';
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
export function createBenchAgent(client: OpenAI, tool: AnyTool = addTool as AnyTool): Agent {
  return createAgent({ instructions: INSTRUCTIONS, model: MODEL, tools: [tool], client });
}

/** One run of turnkit's loop with `agent.run()`, to the model's final answer. */
export async function turnkitRun(agent: Agent, prompt: string = PROMPT): Promise<RunOutcome> {
  const result = await agent.run(prompt);
  return { text: result.output, requests: result.usage.requests, totalTokens: result.usage.totalTokens };
}

/** One run of turnkit's loop with `agent.stream()`, iterating every event, to the final answer. */
export async function turnkitStream(agent: Agent, prompt: string = PROMPT): Promise<RunOutcome> {
  const stream = agent.stream(prompt);
  let events = 0;
  for await (const _event of stream) events++;
  const result = await stream.result;
  if (events === 0) throw new Error('The iterated stream yielded no events.');
  return { text: result.output, requests: result.usage.requests, totalTokens: result.usage.totalTokens };
}

/** What a chat shows of a run: its text as it streams, and its tool calls starting and ending. */
export const SHOWN_TYPES = [
  'text_delta',
  'tool_call_started',
  'tool_call_finished',
] as const satisfies readonly RunEventType[];

/**
 * One run of turnkit's loop with `agent.stream()`, iterating only the events a chat shows
 * (`stream.events({ types: SHOWN_TYPES })`), to the final answer.
 */
export async function turnkitEvents(agent: Agent, prompt: string = PROMPT): Promise<RunOutcome> {
  const stream = agent.stream(prompt);
  let events = 0;
  for await (const _event of stream.events({ types: SHOWN_TYPES })) events++;
  const result = await stream.result;
  if (events === 0) throw new Error('The iterated stream yielded no events.');
  return { text: result.output, requests: result.usage.requests, totalTokens: result.usage.totalTokens };
}

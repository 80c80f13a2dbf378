// The AI SDK (`ai` + `@ai-sdk/openai`) as its docs show it: `generateText` / `streamText` with a
// zod `tool()` and a step limit, on the provider's Responses model (`provider.responses(...)`)
// with its baseURL at the emulator. Streamed runs iterate every part of `fullStream`. Within a run
// it resends the history each step, with items of stored responses as item_reference (its default,
// store: true).
import { createOpenAI } from '@ai-sdk/openai';
import {
  generateText,
  isStepCount,
  type LanguageModel,
  type ModelMessage,
  streamText,
  type ToolSet,
  tool,
} from 'ai';
import { ADD_DESCRIPTION, add, addInput, INSTRUCTIONS, MODEL, type RunOutcome } from './workload.ts';

/** More steps than any run needs: a run stops when the model answers without calling a tool. */
const MAX_STEPS = 20;

const aiSdkTools = {
  add: tool({ description: ADD_DESCRIPTION, inputSchema: addInput, execute: (input) => add(input) }),
} satisfies ToolSet;

export type AiSdkModel = LanguageModel;

export function createAiSdkModel(url: string, fetchFn: typeof fetch): AiSdkModel {
  return createOpenAI({ baseURL: url, apiKey: 'bench', fetch: fetchFn }).responses(MODEL);
}

/** One `generateText` run. */
export async function aiSdkGenerate(model: AiSdkModel, prompt: string): Promise<RunOutcome> {
  const result = await generateText({
    model,
    instructions: INSTRUCTIONS,
    prompt,
    tools: aiSdkTools,
    stopWhen: isStepCount(MAX_STEPS),
  });
  return { text: result.text };
}

/** One `streamText` run, iterating every part of `fullStream`. */
export async function aiSdkStream(model: AiSdkModel, prompt: string): Promise<RunOutcome> {
  const result = streamText({
    model,
    instructions: INSTRUCTIONS,
    prompt,
    tools: aiSdkTools,
    stopWhen: isStepCount(MAX_STEPS),
  });
  for await (const part of result.fullStream) {
    if (part.type === 'error') throw part.error;
  }
  return { text: await result.text };
}

/** A stateless conversation: store: false, the response messages appended to the history. */
export function aiSdkStatelessConversation(model: AiSdkModel): (prompt: string) => Promise<string> {
  const messages: ModelMessage[] = [];
  return async (prompt) => {
    messages.push({ role: 'user', content: prompt });
    const result = streamText({
      model,
      instructions: INSTRUCTIONS,
      messages,
      tools: aiSdkTools,
      stopWhen: isStepCount(MAX_STEPS),
      providerOptions: { openai: { store: false } },
    });
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error;
    }
    messages.push(...(await result.responseMessages));
    return await result.text;
  };
}

// The baseline: the loop a skilled developer writes by hand on the raw `openai` client, with no
// framework. Streamed like turnkit's, chained with previous_response_id like turnkit's, and the
// same tool (same zod schema, same function). Minimal, but correct: it fails on failed streams
// and answers a bad call with an error output instead of crashing.
import type OpenAI from 'openai';
import type {
  FunctionTool,
  Response,
  ResponseFunctionToolCall,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import type { z } from 'zod';
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

/** One tool as the raw loop knows it: its hand-written definition, its schema and its function. */
export interface RawTool<S extends z.ZodType = z.ZodType> {
  definition: FunctionTool;
  input: S;
  execute: (input: z.output<S>) => unknown;
}

/** The tool as the API wants it, written by hand (strict mode, like turnkit's default). */
export const addDefinition: FunctionTool = {
  type: 'function',
  name: ADD_NAME,
  description: ADD_DESCRIPTION,
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
    additionalProperties: false,
  },
  strict: true,
};

export const rawAdd: RawTool<typeof addInput> = { definition: addDefinition, input: addInput, execute: add };

async function callTool(tool: RawTool, call: ResponseFunctionToolCall): Promise<string> {
  if (call.name !== tool.definition.name) return `Error: there is no tool named "${call.name}".`;
  try {
    return JSON.stringify(await tool.execute(tool.input.parse(JSON.parse(call.arguments))));
  } catch (error) {
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function outputText(response: Response): string {
  let text = '';
  for (const item of response.output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}

/** One run of the hand-written loop, to the model's final answer. */
export async function rawRun(
  client: OpenAI,
  prompt: string = PROMPT,
  tool: RawTool = rawAdd as unknown as RawTool,
): Promise<RunOutcome> {
  let input: ResponseInputItem[] = [{ type: 'message', role: 'user', content: prompt }];
  let previousResponseId: string | undefined;
  let requests = 0;
  let totalTokens = 0;
  for (;;) {
    const stream = await client.responses.create({
      model: MODEL,
      instructions: INSTRUCTIONS,
      tools: [tool.definition],
      input,
      ...(previousResponseId ? { previous_response_id: previousResponseId } : {}),
      store: true,
      stream: true,
    });
    requests++;
    const calls: ResponseFunctionToolCall[] = [];
    let response: Response | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_item.done') {
        if (event.item.type === 'function_call') calls.push(event.item);
      } else if (event.type === 'response.completed') {
        response = event.response;
      } else if (event.type === 'response.failed' || event.type === 'error') {
        throw new Error(`The response failed: ${JSON.stringify(event)}`);
      }
    }
    if (!response) throw new Error('The stream ended before response.completed.');
    totalTokens += response.usage?.total_tokens ?? 0;
    if (calls.length === 0) return { text: outputText(response), requests, totalTokens };
    previousResponseId = response.id;
    input = await Promise.all(
      calls.map(
        async (call): Promise<ResponseInputItem> => ({
          type: 'function_call_output',
          call_id: call.call_id,
          output: await callTool(tool, call),
        }),
      ),
    );
  }
}

// The baseline: the loop a skilled developer writes by hand on the raw `openai` client, as in
// bench/overhead/src/raw-loop.ts: chained with previous_response_id and store: true, the tool
// definition written by hand and its input parsed with the same zod schema, a bad call answered
// with an error output instead of a crash, a failed stream thrown. Streamed or not.
import { createParser } from 'eventsource-parser';
import type OpenAI from 'openai';
import type {
  FunctionTool,
  Response,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import {
  ADD_DESCRIPTION,
  ADD_NAME,
  add,
  addInput,
  INSTRUCTIONS,
  MODEL,
  type RunOutcome,
} from './workload.ts';

/** The tool as the API wants it, written by hand (strict mode). */
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

async function callTool(call: ResponseFunctionToolCall): Promise<string> {
  if (call.name !== ADD_NAME) return `Error: there is no tool named "${call.name}".`;
  try {
    return JSON.stringify(await add(addInput.parse(JSON.parse(call.arguments))));
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

function toolCalls(response: Response): ResponseFunctionToolCall[] {
  const calls: ResponseFunctionToolCall[] = [];
  for (const item of response.output) if (item.type === 'function_call') calls.push(item);
  return calls;
}

type TurnBody = { input: ResponseInputItem[]; previous_response_id?: string; store: boolean };

/**
 * The events of a streamed request's body, parsed with `eventsource-parser` instead of the SDK's
 * `Stream` (what turnkit's loop does, written by hand): the request still goes through the client.
 */
async function* bodyEvents(client: OpenAI, body: TurnBody): AsyncGenerator<ResponseStreamEvent> {
  const http = await client.responses
    .create({ model: MODEL, instructions: INSTRUCTIONS, tools: [addDefinition], ...body, stream: true })
    .asResponse();
  if (!http.body) throw new Error('The streamed response has no body.');
  const parsed: ResponseStreamEvent[] = [];
  const parser = createParser({ onEvent: (message) => parsed.push(JSON.parse(message.data)) });
  const decoder = new TextDecoder();
  for await (const chunk of http.body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* parsed;
    parsed.length = 0;
  }
}

/** One streamed request: the function calls as they complete, and the final response. */
async function streamOnce(
  client: OpenAI,
  body: TurnBody,
  ownReader = false,
): Promise<{ response: Response; calls: ResponseFunctionToolCall[] }> {
  const stream = ownReader
    ? bodyEvents(client, body)
    : await client.responses.create({
        model: MODEL,
        instructions: INSTRUCTIONS,
        tools: [addDefinition],
        ...body,
        stream: true,
      });
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
  return { response, calls };
}

async function jsonOnce(
  client: OpenAI,
  body: TurnBody,
): Promise<{ response: Response; calls: ResponseFunctionToolCall[] }> {
  const response = await client.responses.create({
    model: MODEL,
    instructions: INSTRUCTIONS,
    tools: [addDefinition],
    ...body,
  });
  if (response.status !== 'completed') throw new Error(`The response is ${response.status}.`);
  return { response, calls: toolCalls(response) };
}

const outputsFor = (calls: readonly ResponseFunctionToolCall[]): Promise<ResponseInputItem[]> =>
  Promise.all(
    calls.map(
      async (call): Promise<ResponseInputItem> => ({
        type: 'function_call_output',
        call_id: call.call_id,
        output: await callTool(call),
      }),
    ),
  );

/**
 * How the raw loop reads a turn: streamed through the SDK's `Stream`, streamed with the body
 * parsed by `eventsource-parser`, or not streamed.
 */
export type RawMode = 'stream' | 'sse' | 'json';

/** One run of the hand-written loop, to the model's final answer. */
export async function rawRun(client: OpenAI, prompt: string, mode: RawMode): Promise<RunOutcome> {
  const once =
    mode === 'json' ? jsonOnce : (c: OpenAI, body: TurnBody) => streamOnce(c, body, mode === 'sse');
  let input: ResponseInputItem[] = [{ type: 'message', role: 'user', content: prompt }];
  let previousResponseId: string | undefined;
  for (;;) {
    const { response, calls } = await once(client, {
      input,
      ...(previousResponseId ? { previous_response_id: previousResponseId } : {}),
      store: true,
    });
    if (calls.length === 0) return { text: outputText(response) };
    previousResponseId = response.id;
    input = await outputsFor(calls);
  }
}

/**
 * A stateless conversation by hand (store: false, no previous_response_id): the whole item list
 * is sent each time, the response's output items appended as the API returned them.
 */
export function rawStatelessConversation(client: OpenAI): (prompt: string) => Promise<string> {
  const items: ResponseInputItem[] = [];
  return async (prompt) => {
    items.push({ type: 'message', role: 'user', content: prompt });
    for (;;) {
      const { response, calls } = await streamOnce(client, { input: items, store: false });
      items.push(...(response.output as ResponseInputItem[]));
      if (calls.length === 0) return outputText(response);
      items.push(...(await outputsFor(calls)));
    }
  };
}

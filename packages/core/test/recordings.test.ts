import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgent, MaxTurnsExceededError, type RunEvent } from '../src/index.js';

const recordings = fileURLToPath(new URL('../../../../shared/recordings/', import.meta.url));
const chunks = (name: string) =>
  readFileSync(`${recordings}${name}.chunks.txt`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = new OpenAI({ baseURL: emu.azureUrl, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => emu.close());

describe('real recorded Azure streams', () => {
  it('assembles azure-text.1 into the text and usage the service reported', async () => {
    const events = chunks('azure-text.1');
    const completed = events.find((e) => e.type === 'response.completed').response;
    const deltas = events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    emu.enqueue(reply.recording(`${recordings}azure-text.1`));
    const seen: RunEvent[] = [];
    const stream = createAgent({ model: 'gpt-4.1-mini', client }).stream('Hello');
    stream.on('text_delta', (e) => seen.push(e));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(result.output).toBe(deltas);
    expect(result.output).toBe(completed.output[0].content[0].text);
    expect(seen.map((e: any) => e.delta).join('')).toBe(deltas);
    expect(result.lastResponse!.id).toBe(completed.id);
    expect(result.usage.inputTokens).toBe(completed.usage.input_tokens);
    expect(result.usage.outputTokens).toBe(completed.usage.output_tokens);
    // Azure's extra field passes through untouched.
    expect((result.lastResponse as any).content_filters).toEqual(completed.content_filters);
  });

  it('turns azure-tool-call.1 into one tool run and the exact next-turn input', async () => {
    const events = chunks('azure-tool-call.1');
    const call = events.find((e) => e.type === 'response.output_item.done').item;
    const responseId = events.find((e) => e.type === 'response.completed').response.id;
    let received: unknown;
    const weather = defineTool({
      name: 'weather',
      description: 'Weather for a location.',
      input: z.object({ location: z.string() }),
      execute: ({ location }) => {
        received = location;
        return { location, temperature: 16 };
      },
    });
    emu.enqueue(reply.recording(`${recordings}azure-tool-call.1`));
    const agent = createAgent({ model: 'gpt-5.1', client, tools: [weather], maxTurns: 1 });
    const error = await agent.run('Weather in San Francisco?').catch((e) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(received).toBe('San Francisco');
    const next = error.partial.conversation.nextRequest();
    expect(next.previous_response_id).toBe(responseId);
    expect(next.input).toEqual([
      {
        type: 'function_call_output',
        call_id: call.call_id,
        output: '{"location":"San Francisco","temperature":16}',
      },
    ]);
    expect(error.partial.items[1]).toEqual(call);
  });
});

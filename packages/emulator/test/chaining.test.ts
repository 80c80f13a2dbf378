import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { clientFor, jsonOf, post } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};

async function errorOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  throw new Error('expected the request to fail');
}

describe('previous_response_id', () => {
  it('runs a function call turn, then a function_call_output turn chained to it', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }));
    const first = await client.responses.create({
      model: 'm',
      input: 'Weather in Paris?',
      tools: [weatherTool],
    });
    const call = first.output[0];
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    if (call?.type !== 'function_call') throw new Error('no call');
    expect(call.id).toMatch(/^fc_/);
    expect(call.call_id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });

    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp":21}' }],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe('Tool get_weather returned: {"temp":21}');
  });

  it('gives the model the whole chain as context, recursively', async () => {
    const one = await client.responses.create({ model: 'm', input: 'first' });
    const two = await client.responses.create({ model: 'm', input: 'second', previous_response_id: one.id });
    const three = await client.responses.create({ model: 'm', input: 'third', previous_response_id: two.id });
    const items = await client.responses.inputItems.list(three.id, { order: 'asc' });
    const texts = items.data.map((item) =>
      item.type === 'message' ? (item.content[0] as { text: string }).text : item.type,
    );
    expect(texts).toEqual(['first', 'You said: "first"', 'second', 'You said: "second"', 'third']);
    expect(three.usage!.input_tokens).toBeGreaterThan(one.usage!.input_tokens);
  });

  it('does not carry instructions over from the previous response', async () => {
    const first = await client.responses.create({
      model: 'm',
      input: 'Hi',
      instructions: 'Talk like a pirate.',
    });
    const second = await client.responses.create({
      model: 'm',
      input: 'Again',
      previous_response_id: first.id,
    });
    expect(first.instructions).toBe('Talk like a pirate.');
    expect(second.instructions).toBeNull();
  });

  it('rejects an unknown previous_response_id with previous_response_not_found', async () => {
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      previous_response_id: 'resp_nope',
    });
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toEqual({
      error: {
        message: "Previous response with id 'resp_nope' not found.",
        type: 'invalid_request_error',
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      },
    });
  });

  it('rejects a chained request that leaves a pending function call without output', async () => {
    emu.enqueue(
      reply.toolCalls([
        { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_one' },
        { name: 'get_weather', arguments: { city: 'Rome' }, callId: 'call_two' },
      ]),
    );
    const first = await client.responses.create({
      model: 'm',
      input: 'Paris and Rome?',
      tools: [weatherTool],
    });
    const error = await errorOf(
      client.responses.create({
        model: 'm',
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: 'call_one', output: 'sunny' }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toEqual({
      message: 'No tool output found for function call call_two.',
      type: 'invalid_request_error',
      param: 'input',
      code: null,
    });
    const newQuestion = await errorOf(
      client.responses.create({ model: 'm', previous_response_id: first.id, input: 'Never mind.' }),
    );
    expect(newQuestion.status).toBe(400);
    expect(newQuestion.message).toContain('No tool output found for function call call_one.');
  });

  it('rejects a function_call_output whose call_id matches no function call', async () => {
    const first = await client.responses.create({ model: 'm', input: 'Hi' });
    const error = await errorOf(
      client.responses.create({
        model: 'm',
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: 'call_ghost', output: 'x' }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({
      message: 'No tool call found for function call output with call_id call_ghost.',
      param: 'input',
    });
  });

  it('rejects input items that repeat ids already in the chain', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Oslo' }));
    const first = await client.responses.create({ model: 'm', input: 'Oslo?' });
    const call = first.output[0] as { id: string; call_id: string; name: string; arguments: string };
    const error = await errorOf(
      client.responses.create({
        model: 'm',
        previous_response_id: first.id,
        input: [
          {
            type: 'function_call',
            id: call.id,
            call_id: call.call_id,
            name: call.name,
            arguments: call.arguments,
          },
          { type: 'function_call_output', call_id: call.call_id, output: 'cold' },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain(`Duplicate item found with id ${call.id}`);
  });
});

describe('stateless conversations', () => {
  it('accepts the full history with the call and its output in the input', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Lima' }));
    const first = await client.responses.create({
      model: 'm',
      input: 'Lima?',
      store: false,
      tools: [weatherTool],
    });
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    const second = await client.responses.create({
      model: 'm',
      store: false,
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Lima?' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: 'warm' },
      ],
    });
    expect(second.output_text).toBe('Tool get_weather returned: warm');
  });

  it('rejects a history with a function call but no output', async () => {
    const error = await errorOf(
      client.responses.create({
        model: 'm',
        input: [
          { role: 'user', content: 'Hi' },
          { type: 'function_call', call_id: 'call_x', name: 'f', arguments: '{}' },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('No tool output found for function call call_x.');
  });

  it('resolves item_reference inputs to stored items', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Kyiv' }));
    const first = await client.responses.create({ model: 'm', input: 'Kyiv?' });
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    const second = await client.responses.create({
      model: 'm',
      input: [
        { role: 'user', content: 'Kyiv?' },
        { type: 'item_reference', id: call.id! },
        { type: 'function_call_output', call_id: call.call_id, output: 'mild' },
      ],
    });
    expect(second.output_text).toBe('Tool get_weather returned: mild');
  });
});

describe('store', () => {
  it('keeps store:false responses out of GET and out of previous_response_id', async () => {
    const response = await client.responses.create({ model: 'm', input: 'secret', store: false });
    expect(response).toMatchObject({ store: false });
    const got = await errorOf(client.responses.retrieve(response.id));
    expect(got.status).toBe(404);
    const chained = await errorOf(
      client.responses.create({ model: 'm', input: 'next', previous_response_id: response.id }),
    );
    expect(chained.status).toBe(400);
    expect(chained.code).toBe('previous_response_not_found');
    expect(emu.getResponse(response.id)).toBeUndefined();
    expect(emu.responses.map((r) => r.id)).toContain(response.id);
  });

  it('stores responses by default', async () => {
    const response = await client.responses.create({ model: 'm', input: 'keep me' });
    expect(emu.getResponse(response.id)?.status).toBe('completed');
    const retrieved = await client.responses.retrieve(response.id);
    expect(retrieved.output_text).toBe('You said: "keep me"');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { clientFor, eventsOf, jsonOf, post, readFrames } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const MESSAGE_ORDER = [
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
];

describe('POST /responses as JSON', () => {
  it('returns a completed Response with the real fields and usage', async () => {
    emu.enqueue(reply.text('Hello from the emulator.'));
    const response = await clientFor(emu).responses.create({
      model: 'gpt-5.1',
      input: 'Hi',
      instructions: 'Be brief.',
    });
    expect(response.id).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: 'Be brief.',
      model: 'gpt-5.1',
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      temperature: 1,
      top_p: 1,
      store: true,
      previous_response_id: null,
      metadata: {},
      text: { format: { type: 'text' }, verbosity: 'medium' },
      reasoning: { effort: 'none', summary: null },
      truncation: 'disabled',
      background: false,
    });
    expect(response.completed_at).toBeGreaterThanOrEqual(response.created_at);
    expect(response.output).toEqual([
      {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Hello from the emulator.' }],
      },
    ]);
    expect(response.output_text).toBe('Hello from the emulator.');
    const usage = response.usage!;
    expect(usage.input_tokens_details).toEqual({ cached_tokens: 0 });
    expect(usage.output_tokens_details).toEqual({ reasoning_tokens: 0 });
    expect(usage.output_tokens).toBe(Math.ceil('Hello from the emulator.'.length / 4));
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
  });

  it('counts instructions and tools in the input tokens', async () => {
    const client = clientFor(emu);
    const plain = await client.responses.create({ model: 'm', input: 'Hi' });
    const rich = await client.responses.create({
      model: 'm',
      input: 'Hi',
      instructions: 'You are a very careful assistant.',
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} }, strict: false }],
    });
    expect(rich.usage!.input_tokens).toBeGreaterThan(plain.usage!.input_tokens + 8);
  });

  it('echoes request settings and normalizes function tools', async () => {
    const response = await clientFor(emu).responses.create({
      model: 'gpt-5.1',
      input: 'Hi',
      temperature: 0.2,
      metadata: { run: '7' },
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
            additionalProperties: false,
          },
          strict: true,
        },
      ],
    });
    expect(response.temperature).toBe(0.2);
    expect(response.metadata).toEqual({ run: '7' });
    expect(response.tools[0]).toMatchObject({
      type: 'function',
      name: 'get_weather',
      description: null,
      strict: true,
    });
  });

  it('sets x-request-id and the JSON content type', async () => {
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(emu.requests.at(-1)?.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers each of many concurrent requests with its own Response and request id', async () => {
    const inputs = Array.from({ length: 60 }, (_, i) => `request ${i}`);
    const answers = await Promise.all(
      inputs.map(async (input) => {
        const res = await post(`${emu.url}/responses`, { model: 'm', input, store: false });
        return { requestId: res.headers.get('x-request-id'), body: await jsonOf(res) };
      }),
    );
    expect(answers.map((a) => a.body.output[0].content[0].text)).toEqual(
      inputs.map((input) => `You said: "${input}"`),
    );
    const logged = new Map(emu.requests.map((r) => [r.requestId, (r.body as { input: string }).input]));
    expect(answers.map((a) => logged.get(a.requestId ?? ''))).toEqual(inputs);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(inputs.length);
  });
});

describe('POST /responses as SSE', () => {
  it('streams the real lifecycle and message event order with contiguous sequence numbers', async () => {
    emu.enqueue(reply.text('The quick brown fox jumps over the lazy dog.'));
    const stream = await clientFor(emu).responses.create({ model: 'gpt-5.1', input: 'Hi', stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types[1]).toBe('response.in_progress');
    expect(types.at(-1)).toBe('response.completed');
    const compact = types.slice(2, -1).filter((t, i, all) => t !== all[i - 1]);
    expect(compact).toEqual(MESSAGE_ORDER);
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    expect(deltas.length).toBeGreaterThan(3);
    const created = events[0] as { response: { status: string; output: unknown[]; usage: unknown } };
    expect(created.response).toMatchObject({
      status: 'in_progress',
      output: [],
      usage: null,
      completed_at: null,
    });
    const completed = events.at(-1) as {
      response: { output_text?: string; usage: unknown; output: unknown[] };
    };
    const reassembled = deltas.map((d) => (d as { delta: string }).delta).join('');
    expect(reassembled).toBe('The quick brown fox jumps over the lazy dog.');
    expect((completed.response.output[0] as { content: Array<{ text: string }> }).content[0]!.text).toBe(
      reassembled,
    );
    expect(completed.response.usage).not.toBeNull();
  });

  it('sends event and data lines, the SSE content type, obfuscation, logprobs and no [DONE]', async () => {
    emu.enqueue(reply.text('Hello there, world'));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const { frames, text } = await readFrames(res);
    expect(text).not.toContain('[DONE]');
    expect(text.startsWith('event: response.created\ndata: {')).toBe(true);
    expect(text.endsWith('}\n\n')).toBe(true);
    for (const frame of frames) {
      expect(frame.lines).toHaveLength(2);
      expect(frame.event).toBe(JSON.parse(frame.data).type);
    }
    const events = eventsOf(frames);
    for (const e of events.filter((e) => e.type === 'response.output_text.delta')) {
      expect(e).toMatchObject({ logprobs: [], content_index: 0, output_index: 0 });
      expect(typeof e.obfuscation).toBe('string');
      expect((e.obfuscation as string).length + (e.delta as string).length).toBe(16);
    }
    expect(events.find((e) => e.type === 'response.output_text.done')).toMatchObject({
      text: 'Hello there, world',
      logprobs: [],
    });
    expect(events.some((e) => 'error' in e)).toBe(false);
  });

  it('omits obfuscation when stream_options.include_obfuscation is false', async () => {
    emu.enqueue(reply.toolCall('f', { a: 1 }));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      stream: true,
      stream_options: { include_obfuscation: false },
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} }, strict: false }],
    });
    const events = eventsOf((await readFrames(res)).frames);
    const deltas = events.filter((e) => e.type.endsWith('.delta'));
    expect(deltas.length).toBeGreaterThan(0);
    for (const d of deltas) expect(d).not.toHaveProperty('obfuscation');
  });

  it('streams function calls in the real order, with empty arguments first and no name on done', async () => {
    emu.enqueue(
      reply.toolCall('get_weather', { city: 'San Francisco', unit: 'celsius' }, { callId: 'call_abc' }),
    );
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Weather?', stream: true });
    const events = eventsOf((await readFrames(res)).frames);
    const types = events.slice(2, -1).map((e) => e.type);
    expect(types[0]).toBe('response.output_item.added');
    expect(types.at(-2)).toBe('response.function_call_arguments.done');
    expect(types.at(-1)).toBe('response.output_item.done');
    expect(new Set(types.slice(1, -2))).toEqual(new Set(['response.function_call_arguments.delta']));
    expect(events[2]).toMatchObject({
      item: {
        type: 'function_call',
        status: 'in_progress',
        arguments: '',
        call_id: 'call_abc',
        name: 'get_weather',
      },
    });
    const done = events.find((e) => e.type === 'response.function_call_arguments.done')!;
    expect(done).not.toHaveProperty('name');
    const args = events
      .filter((e) => e.type === 'response.function_call_arguments.delta')
      .map((e) => e.delta)
      .join('');
    expect(args).toBe('{"city":"San Francisco","unit":"celsius"}');
    expect(done.arguments).toBe(args);
    expect(JSON.parse(args)).toEqual({ city: 'San Francisco', unit: 'celsius' });
  });

  it('streams several output items with increasing output indexes', async () => {
    emu.enqueue(
      reply.items([
        { type: 'message', text: 'Checking both.' },
        { type: 'function_call', name: 'a', arguments: {} },
        { type: 'function_call', name: 'b', arguments: '{"x":1}' },
      ]),
    );
    const stream = clientFor(emu).responses.stream({ model: 'm', input: 'Hi' });
    const final = await stream.finalResponse();
    expect(final.output.map((o) => o.type)).toEqual(['message', 'function_call', 'function_call']);
    expect(final.output_text).toBe('Checking both.');
    const calls = final.output.filter((o) => o.type === 'function_call');
    expect(new Set(calls.map((c) => c.call_id)).size).toBe(2);
  });

  it('keeps multi-byte text intact across deltas', async () => {
    const text = 'Grüße aus Zürich 👋🏽 — 東京は晴れです。Ünïcödé-everywhere-and-a-very-long-word-indeed';
    emu.enqueue(reply.text(text));
    const stream = clientFor(emu).responses.stream({ model: 'm', input: 'Hi' });
    let streamed = '';
    stream.on('response.output_text.delta', (e) => {
      streamed += e.delta;
    });
    const final = await stream.finalResponse();
    expect(streamed).toBe(text);
    expect(final.output_text).toBe(text);
  });
});

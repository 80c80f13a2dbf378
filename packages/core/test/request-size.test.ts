import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createAgent,
  createConversation,
  DEFAULT_MAX_REQUEST_BYTES,
  RequestTooLargeError,
} from '../src/index.js';
import { RequestSizer } from '../src/runner/request-size.js';
import { createBodies, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e) => {
  emu = e;
  // Retries on: a request that cannot succeed must not be sent again and again.
  client = new OpenAI({ baseURL: e.url, apiKey: 'test', maxRetries: 2 });
});

const dump = (size: number) =>
  defineTool({
    name: 'dump',
    description: 'Returns a big blob.',
    input: z.object({}),
    // No per-tool cap (tools cap outputs at 1 MiB by default): the request-level check is tested here.
    maxOutputBytes: Number.POSITIVE_INFINITY,
    execute: () => 'x'.repeat(size),
  });
const posts = () => emu.requests.filter((r) => r.method === 'POST');

describe('a request bigger than maxRequestBytes', () => {
  it('is not sent: the run stops naming its size, the limit and the biggest item, which the conversation keeps', async () => {
    emu.enqueue(reply.toolCall('dump', {}, { callId: 'call_dump' }));
    const conversation = createConversation();
    const agent = createAgent({ model: 'm', client, tools: [dump(30_000)], maxRequestBytes: 20_000 });
    const error = await agent.run('Dump it', { conversation }).catch((e) => e);
    expect(error).toBeInstanceOf(RequestTooLargeError);
    expect(error.code).toBe('request_too_large');
    expect(error.limitBytes).toBe(20_000);
    expect(error.bytes).toBeGreaterThan(30_000);
    expect(error.largest[0]).toMatchObject({ index: 0, type: 'function_call_output', id: 'call_dump' });
    expect(error.largest[0].bytes).toBeGreaterThan(30_000);
    expect(error.message).toMatch(/more than maxRequestBytes \(20000\)/);
    expect(error.message).toContain('function_call_output call_dump');
    expect(posts()).toHaveLength(1);
    expect(conversation.pending).toHaveLength(1);
    expect(conversation.pending[0]).toMatchObject({ type: 'function_call_output', call_id: 'call_dump' });

    // Nothing was lost: with room for it, the same conversation sends the kept output.
    expect(error.largest[0].item).toBe(conversation.pending[0]);
    emu.enqueue(reply.text('Got the blob.'));
    const result = await agent.run([], { conversation, maxRequestBytes: 1_000_000 });
    expect(result.output).toBe('Got the blob.');
    const sent = createBodies(emu).at(-1);
    expect(sent.input[0].output).toHaveLength(30_000);
    // The size the error named is the size of the body the SDK then sent.
    expect(Buffer.byteLength(JSON.stringify(sent))).toBe(error.bytes);
  });

  it('can be repaired by replacing the big output with a shorter one, and the run continues', async () => {
    emu.enqueue(reply.toolCall('dump', {}, { callId: 'call_big' }));
    const conversation = createConversation();
    const agent = createAgent({ model: 'm', client, tools: [dump(30_000)], maxRequestBytes: 20_000 });
    const error = await agent.run('Dump it', { conversation }).catch((e) => e);
    const [biggest] = error.largest;
    await conversation.repair({ drop: [biggest.item] });
    conversation.push([
      { type: 'function_call_output', call_id: biggest.id, output: 'The dump was too large to send.' },
    ]);
    emu.enqueue(reply.text('Understood, too large.'));
    const result = await agent.run([], { conversation });
    expect(result.output).toBe('Understood, too large.');
    expect(createBodies(emu).at(-1).input).toEqual([
      { type: 'function_call_output', call_id: 'call_big', output: 'The dump was too large to send.' },
    ]);
  });

  it('is caught by the default limit before a 60 MB tool output (uncapped) is uploaded', async () => {
    emu.enqueue(reply.toolCall('dump', {}));
    const agent = createAgent({ model: 'm', client, tools: [dump(60 * 1024 * 1024)] });
    const error = await agent.run('Dump it').catch((e) => e);
    expect(error).toBeInstanceOf(RequestTooLargeError);
    expect(error.limitBytes).toBe(DEFAULT_MAX_REQUEST_BYTES);
    expect(error.bytes).toBeGreaterThan(60 * 1024 * 1024);
    expect(posts()).toHaveLength(1);
  });

  it('refuses a limit that is not a whole number of bytes', async () => {
    expect(() => createAgent({ model: 'm', client, maxRequestBytes: 0 })).toThrow(ConfigurationError);
    await expect(createAgent({ model: 'm', client }).run('hi', { maxRequestBytes: -5 })).rejects.toThrow(
      /run\.maxRequestBytes/,
    );
  });
});

describe('the size a RequestSizer counts', () => {
  const bodies: Array<[string, Record<string, unknown>]> = [
    [
      'a streamed turn: settings, instructions, tools, new items',
      {
        temperature: 0.2,
        reasoning: { effort: 'low', summary: null },
        model: 'gpt-5.1',
        instructions: 'You add numbers with the add tool, one step at a time, then summarise.',
        tools: [{ type: 'function', name: 'add', parameters: { type: 'object' }, strict: true }],
        input: [{ type: 'function_call_output', call_id: 'call_1', output: '{"sum":3}' }],
        previous_response_id: 'resp_0123456789abcdef',
        store: true,
        stream: true,
        background: false,
      },
    ],
    [
      'text that JSON escapes or UTF-8 widens, in keys, values and long instructions',
      {
        model: 'modèle "quoted" \\ back\nslash',
        instructions: `${'Réponds en français, s’il te plaît — 你好. '.repeat(20)}\u0001\u2028`,
        clé: 'ü',
        input: [{ role: 'user', content: 'Tab\there, emoji 🙂, lone surrogate \ud800.' }],
      },
    ],
    [
      'members JSON leaves out, and list entries it writes as null',
      {
        model: 'm',
        instructions: undefined,
        metadata: { toJSON: () => undefined },
        user: () => 'x',
        input: [undefined, { type: 'message', role: 'user', content: [] }, () => 1],
        max_output_tokens: Number.NaN,
      },
    ],
    [
      'text that escapes to 6 bytes a character, and lone surrogates',
      {
        model: '\u0001\u0002\u001f'.repeat(40),
        input: [
          { type: 'function_call_output', call_id: '\ud800\udfff\ud800', output: '\u0000'.repeat(100) },
        ],
      },
    ],
    ['an empty body', {}],
    ['an input that is text', { model: 'm', input: 'Hi' }],
  ];

  it.each(bodies)('is the UTF-8 length of JSON.stringify(body): %s', (_name, body) => {
    const exact = Buffer.byteLength(JSON.stringify(body), 'utf8');
    for (const resent of [false, true]) {
      const fits = new RequestSizer(exact, { resent });
      const tight = new RequestSizer(1, { resent });
      const counted = () => {
        try {
          tight.check(body);
        } catch (error) {
          return (error as RequestTooLargeError).bytes;
        }
        return undefined;
      };
      // One byte short: refused, however cheaply it is first estimated.
      const short = new RequestSizer(exact - 1, { resent });
      // Twice each: the second time the objects' sizes are remembered ones.
      for (let turn = 0; turn < 2; turn++) {
        expect(() => fits.check(body)).not.toThrow();
        expect(counted()).toBe(exact);
        if (exact > 2) expect(() => short.check(body)).toThrow(RequestTooLargeError);
      }
    }
  });
});

import { type Emulator, reply } from '@turnkit/emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createAgent,
  createConversation,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  type RunEvent,
  readResponseStream,
  StreamStalledError,
} from '../src/index.js';
import { startStallingProxy } from './fixtures/stalling-proxy.js';
import { createBodies, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e) => {
  emu = e;
  // A client time limit does not cover a body that stops arriving: the idle timeout does.
  client = new OpenAI({ baseURL: e.url, apiKey: 'test', maxRetries: 0, timeout: 30_000 });
});

let proxy: Awaited<ReturnType<typeof startStallingProxy>>;
let proxied: OpenAI;
beforeAll(async () => {
  proxy = await startStallingProxy(emu);
  proxied = new OpenAI({ baseURL: proxy.url, apiKey: 'test', maxRetries: 0, timeout: 30_000 });
});
afterAll(() => proxy.close());

const gets = () => emu.requests.filter((r) => r.method === 'GET');
/** Every event of the turn waits this long: far longer than the idle timeouts below. */
const STALL = 20_000;

describe('a stream that stops sending', () => {
  it('fails the turn with StreamStalledError after streamIdleTimeoutMs (stateless), and the conversation continues', async () => {
    emu.enqueue(reply.text('This answer never comes.', { delayMs: STALL }));
    const conversation = createConversation({ strategy: 'stateless' });
    const agent = createAgent({ model: 'm', client, streamIdleTimeoutMs: 50 });
    const stream = agent.stream('Hello?', { conversation });
    const failed: RunEvent[] = [];
    stream.on('turn_failed', (e) => failed.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(StreamStalledError);
    expect(error.code).toBe('stream_stalled');
    expect(error.idleMs).toBe(50);
    expect(error.message).toMatch(/sent nothing for 50 ms/);
    expect(failed).toHaveLength(1);
    expect(error.partial.conversation.pending).toEqual([
      { type: 'message', role: 'user', content: 'Hello?' },
    ]);
    emu.enqueue(reply.text('Here I am.'));
    const result = await agent.run([], { conversation });
    expect(result.output).toBe('Here I am.');
  });

  it('takes the response from the service when it finished it (server strategy)', async () => {
    emu.enqueue(reply.text('Finished on the service.'));
    proxy.stallAfter(3); // created, in_progress, the message's output_item.added: then silence
    const stream = createAgent({ model: 'm', client: proxied, streamIdleTimeoutMs: 50 }).stream('Hello?');
    const messages: string[] = [];
    stream.on('message', (e) => messages.push(e.text));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(result.output).toBe('Finished on the service.');
    expect(messages).toEqual(['Finished on the service.']);
    expect(gets().map((r) => r.path)).toEqual([`/v1/responses/${result.responses[0]!.id}`]);
  });

  it('is reopened after the last event seen in background mode, missing and repeating nothing', async () => {
    const text = 'Slow but steady.';
    emu.enqueue(reply.text(text, { delayMs: 100 }));
    const stream = createAgent({ model: 'm', client, background: true, streamIdleTimeoutMs: 60 }).stream(
      'Go',
    );
    const deltas: string[] = [];
    const sequence: number[] = [];
    const resumed: RunEvent[] = [];
    stream.on('text_delta', (e) => deltas.push(e.delta));
    stream.on('raw', (e) => sequence.push(e.event.sequence_number));
    stream.on('stream_resumed', (e) => resumed.push(e));
    const result = await stream.result;
    expect(result.output).toBe(text);
    expect(deltas.join('')).toBe(text);
    expect(sequence).toEqual(sequence.map((_, i) => i));
    expect(resumed.length).toBeGreaterThan(0);
    expect(gets().length).toBe(resumed.length);
  });

  it('is reopened after the last event seen when it goes silent mid-stream in background mode', async () => {
    const text = 'Reopened after the silence.';
    emu.enqueue(reply.text(text));
    proxy.stallAfter(5);
    const agent = createAgent({ model: 'm', client: proxied, background: true, streamIdleTimeoutMs: 50 });
    const stream = agent.stream('Go');
    const resumed: RunEvent[] = [];
    const deltas: string[] = [];
    stream.on('stream_resumed', (e) => resumed.push(e));
    stream.on('text_delta', (e) => deltas.push(e.delta));
    const result = await stream.result;
    expect(result.output).toBe(text);
    expect(deltas.join('')).toBe(text);
    expect(resumed).toMatchObject([{ after: 4, attempt: 1 }]);
  });

  it('is given up after three reopenings without an event in background mode, and the response is cancelled', async () => {
    emu.enqueue(reply.text('Never.', { delayMs: STALL }));
    const agent = createAgent({ model: 'm', client, background: true, streamIdleTimeoutMs: 40 });
    const stream = agent.stream('Go');
    const resumed: RunEvent[] = [];
    stream.on('stream_resumed', (e) => resumed.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(StreamStalledError);
    expect(resumed.map((e) => (e as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    const cancel = emu.requests.find((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancel?.path).toBe(`/v1/responses/${error.responseId}/cancel`);
    expect((await client.responses.retrieve(error.responseId)).status).toBe('cancelled');
    expect(createBodies(emu)).toHaveLength(1);
  });

  it('counts only silence: events that keep coming never stall, however long the stream', async () => {
    async function* slowButAlive() {
      yield { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', output: [] } } as any;
      for (let i = 1; i <= 6; i++) {
        await new Promise((r) => setTimeout(r, 15));
        yield { type: 'keepalive', sequence_number: i } as any;
      }
      yield {
        type: 'response.completed',
        sequence_number: 7,
        response: { id: 'resp_1', output: [], status: 'completed' },
      } as any;
    }
    const response = await readResponseStream(
      slowButAlive(),
      () => {},
      { runId: 'r', turn: 1 },
      {
        idleTimeoutMs: 60,
      },
    );
    expect(response.id).toBe('resp_1');
  });

  it('counts only silence on a real response stream too: events every 15 ms never stall a 60 ms timeout', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    emu.enqueue(reply.text(text, { delayMs: 15 }));
    const started = performance.now();
    const result = await createAgent({ model: 'm', client, streamIdleTimeoutMs: 60 }).run('Count slowly.');
    expect(result.output).toBe(text);
    // The stream lasted several idle periods: only the gaps between its events were short.
    expect(performance.now() - started).toBeGreaterThan(3 * 60);
  });

  it('has a default idle timeout, and refuses one that is not a whole number of milliseconds', () => {
    expect(createAgent({ model: 'm', client }).config.streamIdleTimeoutMs).toBe(
      DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    );
    expect(createAgent({ model: 'm', client, streamIdleTimeoutMs: 0 }).config.streamIdleTimeoutMs).toBe(0);
    expect(() => createAgent({ model: 'm', client, streamIdleTimeoutMs: -1 })).toThrow(ConfigurationError);
    expect(() => createAgent({ model: 'm', client, streamIdleTimeoutMs: 1.5 })).toThrow(
      /streamIdleTimeoutMs.*whole number/,
    );
  });
});

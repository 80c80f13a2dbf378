import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createAgent, RunAbortedError, type RunEvent } from '../src/index.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

describe('background responses', () => {
  it('creates every turn in the background and completes the run', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild in Paris.'));
    const agent = createAgent({ model: 'm', client, tools: [getWeather], background: true });
    const result = await agent.run('Weather in Paris?');
    expect(result.status).toBe('completed');
    expect(result.output).toBe('Mild in Paris.');
    expect(createBodies(emu).map((b) => [b.background, b.store, b.stream])).toEqual([
      [true, true, true],
      [true, true, true],
    ]);
  });

  it('reopens a dropped stream after the last event seen, missing and repeating nothing', async () => {
    const text = 'The forecast for the whole week is sunny with light winds.';
    emu.enqueue(reply.text(text, { fault: { type: 'disconnect', afterEvents: 6 } }));
    const agent = createAgent({ model: 'm', client, background: true });
    const deltas: string[] = [];
    const resumed: RunEvent[] = [];
    const sequence: number[] = [];
    const stream = agent.stream('Forecast?');
    stream.on('text_delta', (e) => deltas.push(e.delta));
    stream.on('stream_resumed', (e) => resumed.push(e));
    stream.on('raw', (e) => sequence.push(e.event.sequence_number));
    const result = await stream.result;
    expect(result.output).toBe(text);
    expect(deltas.join('')).toBe(text);
    expect(resumed).toHaveLength(1);
    expect(sequence).toEqual(sequence.map((_, i) => i));
    const get = emu.requests.find((r) => r.method === 'GET');
    expect(get?.path).toMatch(/\/responses\/resp_/);
    expect(get?.query).toMatchObject({ stream: 'true', starting_after: String((resumed[0] as any).after) });
  });

  it('cancels the response on the service when the run is aborted', async () => {
    emu.enqueue(reply.text('A long answer that takes its time to arrive, word by word.', { delayMs: 30 }));
    const controller = new AbortController();
    const agent = createAgent({ model: 'm', client, background: true });
    const stream = agent.stream('Tell me slowly', { signal: controller.signal });
    stream.on('text_delta', () => controller.abort());
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    const cancel = emu.requests.find((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancel).toBeDefined();
    const id = cancel!.path.split('/').at(-2)!;
    expect((await client.responses.retrieve(id)).status).toBe('cancelled');
  });

  it('refuses background with the stateless strategy', () => {
    expect(() => createAgent({ model: 'm', client, background: true, strategy: 'stateless' })).toThrow(
      ConfigurationError,
    );
    expect(() => createAgent({ model: 'm', client, background: 'yes' as any })).toThrow(/true or false/);
  });
});

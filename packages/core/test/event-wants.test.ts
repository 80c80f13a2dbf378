import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAgent, type RunEvent, type RunEventType, type RunObserver } from '../src/index.js';
import { getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** The types of a run with one tool call and a text answer, in the order a listener of all of them hears them. */
const EVERY_TYPE: RunEventType[] = [
  'run_started',
  'turn_started',
  'output_item',
  'usage',
  'turn_finished',
  'tool_call_started',
  'tool_call_finished',
  'text_delta',
  'message',
  'run_finished',
];

describe('events are built for whoever hears them', () => {
  it('reaches a listener attached mid-run from the next event on, raw events of the turn in progress included', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('It is mild today.'));
    const stream = createAgent({ model: 'm', client, tools: [getWeather] }).stream('Weather?');
    const late: RunEvent[] = [];
    const lateRaw: string[] = [];
    // Nobody listens to anything until the second turn's first text delta…
    stream.once('turn_finished', () => {
      stream.once('text_delta', (first) => {
        late.push(first);
        // …then listeners for every type, and for raw events in the middle of that turn's stream.
        for (const type of EVERY_TYPE) stream.on(type, (e) => late.push(e));
        stream.on('raw', (e) => lateRaw.push(e.event.type));
      });
    });
    const result = await stream.result;
    expect(result.output).toBe('It is mild today.');
    const deltas = late.filter((e) => e.type === 'text_delta');
    expect(deltas.map((e) => (e as { delta: string }).delta).join('')).toBe('It is mild today.');
    expect(late.map((e) => e.type).filter((t) => t !== 'text_delta')).toEqual([
      'output_item',
      'message',
      'usage',
      'turn_finished',
      'run_finished',
    ]);
    expect(late.every((e) => e.turn === 2)).toBe(true);
    expect(lateRaw).toContain('response.output_item.done');
    expect(lateRaw.at(-1)).toBe('response.completed');
  });

  it('times a tool call for a tool_call_finished listener attached while the call runs', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild.'));
    const stream = createAgent({ model: 'm', client, tools: [getWeather] }).stream('Weather?');
    const finished: RunEvent[] = [];
    stream.once('tool_call_started', () => stream.on('tool_call_finished', (e) => finished.push(e)));
    await stream.result;
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ type: 'tool_call_finished', name: 'get_weather', ok: true });
    expect((finished[0] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives an observer every event type but raw when nothing else listens', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Sunny.'));
    const seen: RunEventType[] = [];
    const observer: RunObserver = { observe: () => ({ event: (e) => void seen.push(e.type) }) };
    const agent = createAgent({ model: 'm', client, tools: [getWeather], observers: [observer] });
    const result = await agent.run('Weather?');
    expect(result.output).toBe('Sunny.');
    expect([...new Set(seen)]).toEqual(EVERY_TYPE);
    expect(seen.filter((t) => t === 'text_delta').length).toBeGreaterThan(0);
  });

  it('gives the iterator every event, raw ones included, and listeners the same typed events', async () => {
    emu.enqueue(reply.text('Hello there.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const messages: string[] = [];
    stream.on('message', (e) => messages.push(e.text));
    const types = new Set<RunEventType>();
    for await (const event of stream) types.add(event.type);
    expect(types).toEqual(
      new Set([
        'run_started',
        'turn_started',
        'raw',
        'text_delta',
        'output_item',
        'message',
        'usage',
        'turn_finished',
        'run_finished',
      ]),
    );
    expect(messages).toEqual(['Hello there.']);
  });

  it('serves next() calls made without waiting for each other in order, and refuses a second iteration', async () => {
    emu.enqueue(reply.text('One two three.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const iterator = stream[Symbol.asyncIterator]();
    const steps = await Promise.all(Array.from({ length: 4 }, () => iterator.next()));
    expect(steps.map((s) => (s.done ? 'done' : s.value.type))).toEqual([
      'run_started',
      'turn_started',
      'raw',
      'raw',
    ]);
    const rest: string[] = [];
    for (let step = await iterator.next(); !step.done; step = await iterator.next())
      rest.push(step.value.type);
    expect(rest.at(-1)).toBe('run_finished');
    expect(rest).toContain('message');
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(/iterated only once/);
  });
});

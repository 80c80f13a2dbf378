import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createAgent,
  type RunEvent,
  type RunEventType,
  type RunResult,
  RunStream,
} from '../src/index.js';
import { RUN_EVENT_TYPES } from '../src/run/run-event-types.js';
import { getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const SHOWN: RunEventType[] = ['text_delta', 'tool_call_started', 'tool_call_finished'];

describe('stream.events({ types })', () => {
  it('iterates only the asked types, in the order a listener of every type hears them', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('It is mild in Paris.'));
    const stream = createAgent({ model: 'm', client, tools: [getWeather] }).stream('Weather?');
    const heard: RunEvent[] = [];
    for (const type of RUN_EVENT_TYPES) stream.on(type, (e) => heard.push(e));
    const iterated: RunEvent[] = [];
    for await (const event of stream.events({ types: SHOWN })) iterated.push(event);
    const result = await stream.result;
    expect(result.output).toBe('It is mild in Paris.');
    expect(iterated).toEqual(heard.filter((e) => SHOWN.includes(e.type)));
    expect(iterated.map((e) => e.type).filter((t) => t !== 'text_delta')).toEqual([
      'tool_call_started',
      'tool_call_finished',
    ]);
    expect(
      iterated
        .filter((e) => e.type === 'text_delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe('It is mild in Paris.');
    expect(heard.some((e) => e.type === 'raw')).toBe(true);
  });

  it('iterates every event without options, as `for await … of stream` does', async () => {
    emu.enqueue(reply.text('Hello there.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const heard: RunEvent[] = [];
    for (const type of RUN_EVENT_TYPES) stream.on(type, (e) => heard.push(e));
    const iterated: RunEvent[] = [];
    for await (const event of stream.events()) iterated.push(event);
    expect(iterated).toEqual(heard);
    expect(new Set(iterated.map((e) => e.type))).toContain('raw');
  });

  it('tells the run that nobody wants the other types, unless a listener hears them', async () => {
    const asked: Array<[RunEventType, boolean]> = [];
    const stream = new RunStream(async (emit) => {
      for (const type of ['raw', 'text_delta', 'message', 'tool_call_finished'] as const) {
        asked.push([type, emit.wants!(type)]);
      }
      emit({ type: 'text_delta', delta: 'Hi', itemId: 'msg_1', runId: 'r', turn: 1, agent: 'a', depth: 0 });
      emit({ type: 'message', text: 'Hi', itemId: 'msg_1', runId: 'r', turn: 1, agent: 'a', depth: 0 });
      return { output: 'Hi' } as RunResult;
    });
    const messages: string[] = [];
    stream.on('message', (e) => messages.push(e.text));
    const types: RunEventType[] = [];
    for await (const event of stream.events({ types: ['text_delta', 'tool_call_finished'] })) {
      types.push(event.type);
    }
    expect(asked).toEqual([
      ['raw', false],
      ['text_delta', true],
      ['message', true],
      ['tool_call_finished', true],
    ]);
    expect(types).toEqual(['text_delta']);
    expect(messages).toEqual(['Hi']);
  });

  it("throws the run's error once the run has ended, though run_failed is not among the types", async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 500 }));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const types: RunEventType[] = [];
    const iterate = async () => {
      for await (const event of stream.events({ types: ['run_started', 'text_delta'] }))
        types.push(event.type);
    };
    const error = (await iterate().catch((e: unknown) => e)) as { code?: string };
    expect(error.code).toBe('service_error');
    expect(types).toEqual(['run_started']);
    await expect(stream.result).rejects.toBe(error);
  });

  it('stops buffering when the loop is left early, and the run goes on to its result', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild.'));
    const stream = createAgent({ model: 'm', client, tools: [getWeather] }).stream('Weather?');
    const first: RunEventType[] = [];
    for await (const event of stream.events({ types: ['tool_call_started', 'tool_call_finished'] })) {
      first.push(event.type);
      break;
    }
    expect(first).toEqual(['tool_call_started']);
    expect((await stream.result).output).toBe('Mild.');
  });

  it('counts as the stream’s one iteration', async () => {
    emu.enqueue(reply.text('Once.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    for await (const _event of stream.events({ types: ['message'] })) {
      // drained
    }
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(/iterated only once/);
    await expect(stream.events().next()).rejects.toThrow(/iterated only once/);
  });

  it('refuses types that are not event types, naming the field and the names it takes', () => {
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const refusal = (options: unknown) => {
      try {
        stream.events(options as never);
      } catch (error) {
        return error as ConfigurationError;
      }
      throw new Error('events() accepted the options');
    };
    const unknown = refusal({ types: ['text_delta', 'text-delta'] });
    expect(unknown).toBeInstanceOf(ConfigurationError);
    expect(unknown.option).toBe('events.types[1]');
    expect(unknown.message).toContain('"text-delta", not an event type');
    expect(unknown.message).toContain('tool_call_finished');
    expect(refusal({ types: 'text_delta' }).option).toBe('events.types');
    expect(refusal(['text_delta']).option).toBe('events');
    expect(refusal('text_delta').option).toBe('events');
    expect(refusal(null).option).toBe('events');
  });
});

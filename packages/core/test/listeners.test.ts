import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAgent, createConversation, type RunEvent, TurnkitError } from '../src/index.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const bug = () => new Error('listener bug');
const gets = () => emu.requests.filter((r) => r.method === 'GET');

describe('a listener that throws', () => {
  it('is the caller error: the stream is read to its end, nothing is retried, and the run rejects with listener_failed', async () => {
    emu.enqueue(reply.text('The whole answer arrives.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const messages: string[] = [];
    stream.on('text_delta', () => {
      throw bug();
    });
    stream.on('message', (e) => messages.push(e.text));
    const error = await stream.result.catch((e) => e);
    expect(TurnkitError.is(error)).toBe(true);
    expect(error.code).toBe('listener_failed');
    expect(error.eventType).toBe('text_delta');
    expect(error.cause.message).toBe('listener bug');
    expect(error.message).toMatch(/listener bug/);
    expect(error.message).not.toMatch(/connection dropped/);
    expect(messages).toEqual(['The whole answer arrives.']);
    expect(error.partial.status).toBe('completed');
    expect(error.partial.output).toBe('The whole answer arrives.');
    expect(createBodies(emu)).toHaveLength(1);
  });

  it('delivers the event to the listeners after it', async () => {
    emu.enqueue(reply.text('Hello.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const heard: string[] = [];
    stream.on('message', () => {
      throw bug();
    });
    stream.on('message', (e) => heard.push(e.text));
    stream.once('message', (e) => heard.push(`once: ${e.text}`));
    await stream.result.catch(() => {});
    expect(heard).toEqual(['Hello.', 'once: Hello.']);
  });

  it('does not make a background run reopen its stream, and loses no message', async () => {
    emu.enqueue(reply.text('Background answer.'));
    const stream = createAgent({ model: 'm', client, background: true }).stream('Hi');
    const seen: RunEvent[] = [];
    stream.on('text_delta', () => {
      throw bug();
    });
    stream.on('message', (e) => seen.push(e));
    stream.on('stream_resumed', (e) => seen.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error.code).toBe('listener_failed');
    expect(seen.map((e) => e.type)).toEqual(['message']);
    expect(gets()).toEqual([]);
    expect(error.partial.status).toBe('completed');
    expect(error.partial.output).toBe('Background answer.');
  });

  it('lets the tools of the turn finish and keeps their outputs, so the run continues from the conversation', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }));
    const conversation = createConversation();
    const agent = createAgent({ model: 'm', client, tools: [getWeather] });
    const stream = agent.stream('go', { conversation });
    const finished: RunEvent[] = [];
    stream.on('tool_call_started', () => {
      throw bug();
    });
    stream.on('tool_call_finished', (e) => finished.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error.code).toBe('listener_failed');
    expect(finished).toHaveLength(1);
    expect(conversation.unansweredCalls).toEqual([]);
    expect(createBodies(emu)).toHaveLength(1);
    emu.enqueue(reply.text('It is 18 degrees.'));
    const result = await agent.run([], { conversation: error.partial.conversation });
    expect(result.output).toBe('It is 18 degrees.');
    expect(JSON.parse(createBodies(emu).at(-1).input[0].output)).toMatchObject({ temperature: 18 });
  });

  it('in run_failed does not replace the typed error, which keeps its partial result', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'X' }));
    const stream = createAgent({ model: 'm', client, tools: [getWeather], maxTurns: 1 }).stream('go');
    stream.on('run_failed', () => {
      throw bug();
    });
    const error = await stream.result.catch((e) => e);
    expect(error.code).toBe('max_turns_exceeded');
    expect(error.partial.turns).toBe(1);
    expect(error.listenerError.code).toBe('listener_failed');
    expect(error.listenerError.cause.message).toBe('listener bug');
  });

  it('in run_finished turns the finished result into a listener_failed error carrying it', async () => {
    emu.enqueue(reply.text('Done.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    stream.on('run_finished', () => {
      throw bug();
    });
    const error = await stream.result.catch((e) => e);
    expect(error.code).toBe('listener_failed');
    expect(error.eventType).toBe('run_finished');
    expect(error.partial.output).toBe('Done.');
  });
});

describe('an iterating consumer', () => {
  it('that throws in its loop body gets its own error, and the run goes on unchanged', async () => {
    emu.enqueue(reply.text('Still answered in full.'));
    const stream = createAgent({ model: 'm', client, background: true }).stream('Hi');
    const caught = await (async () => {
      for await (const event of stream) if (event.type === 'text_delta') throw bug();
    })().catch((e) => e);
    expect(caught.message).toBe('listener bug');
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(result.output).toBe('Still answered in full.');
    expect(gets()).toEqual([]);
  });

  it('sees every event of a run whose listener throws, then the listener_failed error', async () => {
    emu.enqueue(reply.text('All of it.'));
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    stream.on('text_delta', () => {
      throw bug();
    });
    const types: string[] = [];
    const error = await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch((e) => e);
    expect(error.code).toBe('listener_failed');
    expect(types).toContain('message');
    expect(types).toContain('run_finished');
    expect(types.at(-1)).toBe('run_failed');
  });
});

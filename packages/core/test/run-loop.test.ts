import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  addUsage,
  ConfigurationError,
  createAgent,
  createConversation,
  emptyUsage,
  InputError,
  MaxTurnsExceededError,
  RunAbortedError,
  type RunEvent,
  RunFailedError,
  TurnkitError,
} from '../src/index.js';
import { createBodies, getWeather, sleeper, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const bodies = () => createBodies(emu);

describe('the agent loop', () => {
  it('answers with the text the model streamed', async () => {
    emu.enqueue(reply.text('Hello from the model.'));
    const agent = createAgent({ model: 'gpt-test', client, instructions: 'Be brief.' });
    const result = await agent.run('Hi');
    expect(result.status).toBe('completed');
    expect(result.output).toBe('Hello from the model.');
    expect(result.turns).toBe(1);
    expect(bodies()[0]).toMatchObject({
      model: 'gpt-test',
      instructions: 'Be brief.',
      stream: true,
      store: true,
    });
    expect(bodies()[0].input).toEqual([{ type: 'message', role: 'user', content: 'Hi' }]);
  });

  it('runs a function call and sends its output back under the same call_id', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('It is 18 degrees in Paris.'));
    const agent = createAgent({ model: 'gpt-test', client, tools: [getWeather] });
    const result = await agent.run('Weather in Paris?');
    expect(result.output).toBe('It is 18 degrees in Paris.');
    expect(result.turns).toBe(2);
    const [first, second] = bodies();
    expect(first.tools).toEqual([getWeather.definition]);
    const call = result.responses[0]!.output.find((i) => i.type === 'function_call') as any;
    expect(second.previous_response_id).toBe(result.responses[0]!.id);
    expect(second.input).toHaveLength(1);
    expect(second.input[0]).toMatchObject({ type: 'function_call_output', call_id: call.call_id });
    expect(JSON.parse(second.input[0].output)).toEqual({
      city: 'Paris',
      unit: 'c',
      temperature: 18,
      sky: 'clear',
    });
    expect(result.items.map((i) => i.type)).toEqual([
      'message',
      'function_call',
      'function_call_output',
      'message',
    ]);
  });

  it('sums usage over every turn', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Oslo' }), reply.text('Sunny.'));
    const agent = createAgent({ model: 'gpt-test', client, tools: [getWeather] });
    const result = await agent.run('Weather in Oslo?');
    const [a, b] = result.responses.map((r) => r.usage!);
    expect(result.usage.inputTokens).toBe(a!.input_tokens + b!.input_tokens);
    expect(result.usage.outputTokens).toBe(a!.output_tokens + b!.output_tokens);
    expect(result.usage.totalTokens).toBe(a!.total_tokens + b!.total_tokens);
    expect(result.usage.requests).toBe(2);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('sums usage over several runs with the exported addUsage and emptyUsage', async () => {
    emu.enqueue(reply.text('One.'), reply.toolCall('get_weather', { city: 'Oslo' }), reply.text('Two.'));
    const agent = createAgent({ model: 'gpt-test', client, tools: [getWeather] });
    const first = await agent.run('First?');
    const second = await agent.run('Second?');
    const total = [first, second].reduce((sum, r) => addUsage(sum, r.usage), emptyUsage());
    expect(total.requests).toBe(3);
    expect(total.inputTokens).toBe(first.usage.inputTokens + second.usage.inputTokens);
    expect(total.totalTokens).toBe(first.usage.totalTokens + second.usage.totalTokens);
    expect(emptyUsage()).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cachedInputTokens: 0,
      reasoningTokens: 0,
      requests: 0,
    });
  });

  it('runs the parallel calls of one turn concurrently, no more than the cap at once', async () => {
    let running = 0;
    let peak = 0;
    const slow = defineTool({
      name: 'slow',
      description: 'Takes a while.',
      input: z.object({ n: z.number() }),
      execute: async ({ n }) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 30));
        running--;
        return n * 2;
      },
    });
    emu.enqueue(
      reply.toolCalls([1, 2, 3, 4, 5].map((n) => ({ name: 'slow', arguments: { n } }))),
      reply.text('done'),
    );
    const agent = createAgent({ model: 'gpt-test', client, tools: [slow], toolConcurrency: 2 });
    await agent.run('go');
    expect(peak).toBe(2);
    const outputs = bodies()[1].input;
    expect(outputs.map((o: any) => o.output)).toEqual(['2', '4', '6', '8', '10']);
  });

  it('tells the model about arguments that are not JSON, without running the tool', async () => {
    let ran = false;
    const tool = defineTool({
      name: 't',
      description: 'd',
      input: z.object({ a: z.string() }),
      execute: () => {
        ran = true;
        return 'x';
      },
    });
    emu.enqueue(reply.toolCall('t', '{"a": '), reply.text('ok'));
    const result = await createAgent({ model: 'm', client, tools: [tool] }).run('go');
    expect(ran).toBe(false);
    expect(result.status).toBe('completed');
    expect(bodies()[1].input[0].output).toMatch(/invalid arguments|not valid JSON|JSON/i);
  });

  it('tells the model which fields broke the schema', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 42 }), reply.text('ok'));
    await createAgent({ model: 'm', client, tools: [getWeather] }).run('go');
    expect(bodies()[1].input[0].output).toMatch(/city/);
  });

  it('tells the model when it calls a tool that does not exist, naming the ones that do', async () => {
    emu.enqueue(reply.toolCall('get_wether', { city: 'Rome' }), reply.text('ok'));
    const events: RunEvent[] = [];
    const stream = createAgent({ model: 'm', client, tools: [getWeather] }).stream('go');
    stream.on('tool_call_finished', (e) => events.push(e));
    await stream.result;
    expect(bodies()[1].input[0].output).toMatch(/no tool named "get_wether".*get_weather/);
    expect(events[0]).toMatchObject({ ok: false, errorCode: 'tool_unknown' });
  });

  it('turns a tool that throws into an error output the model reads', async () => {
    const broken = defineTool({
      name: 'broken',
      description: 'd',
      input: z.object({}),
      execute: () => {
        throw new Error('disk full');
      },
    });
    emu.enqueue(reply.toolCall('broken', {}), reply.text('Sorry.'));
    const result = await createAgent({ model: 'm', client, tools: [broken] }).run('go');
    expect(result.output).toBe('Sorry.');
    expect(bodies()[1].input[0].output).toMatch(/disk full/);
    expect(bodies()[1].input[0].output).not.toMatch(/at .*\.ts:\d+/);
  });

  it('stops a tool at its time limit and tells the model', async () => {
    const seen = { aborted: false };
    const base = sleeper('wait', 5_000, seen);
    const limited = defineTool({
      name: 'wait',
      description: 'Waits.',
      input: z.object({}),
      timeoutMs: 50,
      execute: base.execute,
    });
    emu.enqueue(reply.toolCall('wait', {}), reply.text('ok'));
    const started = Date.now();
    await createAgent({ model: 'm', client, tools: [limited] }).run('go');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(bodies()[1].input[0].output).toMatch(/time|timed out/i);
    expect(seen.aborted).toBe(true);
  });

  it('stops at maxTurns with the partial result, and the conversation continues from there', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'A' }), reply.toolCall('get_weather', { city: 'B' }));
    const agent = createAgent({ model: 'm', client, tools: [getWeather], maxTurns: 2 });
    const error = await agent.run('go').catch((e) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(TurnkitError.is(error)).toBe(true);
    expect(error.code).toBe('max_turns_exceeded');
    expect(error.partial.turns).toBe(2);
    expect(error.partial.items.filter((i: any) => i.type === 'function_call_output')).toHaveLength(2);
    emu.enqueue(reply.text('Both done.'));
    const next = await agent.run([], { conversation: error.partial.conversation });
    expect(next.output).toBe('Both done.');
    const last = bodies().at(-1);
    expect(last.previous_response_id).toBe(error.partial.responses[1].id);
    expect(last.input.map((i: any) => i.type)).toEqual(['function_call_output']);
  });

  it('cancels the run and the tools in flight when the signal aborts', async () => {
    const seen = { aborted: false };
    emu.enqueue(reply.toolCall('wait', {}));
    const controller = new AbortController();
    const agent = createAgent({ model: 'm', client, tools: [sleeper('wait', 10_000, seen)] });
    const stream = agent.stream('go', { signal: controller.signal });
    stream.on('tool_call_started', () =>
      setTimeout(() => controller.abort(new Error('user pressed stop')), 20),
    );
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect(error.message).toMatch(/user pressed stop/);
    expect(seen.aborted).toBe(true);
    expect(error.partial.turns).toBe(1);
  });

  it('sends the cancelled outputs of an aborted run with the next input', async () => {
    emu.enqueue(reply.toolCall('wait', {}));
    const controller = new AbortController();
    const conversation = createConversation();
    const agent = createAgent({ model: 'm', client, tools: [sleeper('wait', 10_000)] });
    const stream = agent.stream('go', { signal: controller.signal, conversation });
    stream.on('tool_call_started', () => setTimeout(() => controller.abort(), 20));
    await stream.result.catch(() => {});
    emu.enqueue(reply.text('Fine.'));
    const result = await agent.run('never mind', { conversation });
    expect(result.output).toBe('Fine.');
    const last = bodies().at(-1);
    expect(last.input[0]).toMatchObject({
      type: 'function_call_output',
      output: expect.stringMatching(/cancelled/),
    });
    expect(last.input[1]).toMatchObject({ role: 'user', content: 'never mind' });
  });

  it('stops with RunFailedError when an approver throws, and answers the orphaned call on the next run', async () => {
    const guarded = defineTool({
      name: 'guarded',
      description: 'Needs approval.',
      input: z.object({}),
      needsApproval: true,
      execute: () => 'ran',
    });
    emu.enqueue(reply.toolCall('guarded', {}));
    const conversation = createConversation();
    const agent = createAgent({ model: 'm', client, tools: [guarded] });
    const error = await agent
      .run('go', {
        conversation,
        approver: () => {
          throw new Error('approver bug');
        },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error.message).toMatch(/approver bug/);
    expect(conversation.unansweredCalls).toHaveLength(1);
    emu.enqueue(reply.text('Fine.'));
    const result = await agent.run('never mind', { conversation });
    expect(result.output).toBe('Fine.');
    const last = bodies().at(-1);
    expect(last.input[0]).toMatchObject({
      type: 'function_call_output',
      output: expect.stringMatching(/interrupted/),
    });
    expect(last.input[1]).toMatchObject({ role: 'user', content: 'never mind' });
  });

  it('aborts before the first request when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await createAgent({ model: 'm', client })
      .run('go', { signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect(bodies()).toHaveLength(0);
  });

  it('continues a conversation across runs with previous_response_id', async () => {
    emu.enqueue(reply.text('Nice to meet you, Ada.'), reply.text('Your name is Ada.'));
    const agent = createAgent({ model: 'm', client });
    const first = await agent.run('My name is Ada.');
    const second = await agent.run('What is my name?', { conversation: first.conversation });
    expect(second.output).toBe('Your name is Ada.');
    expect(bodies()[1].previous_response_id).toBe(first.responses[0]!.id);
    expect(bodies()[1].input).toEqual([{ type: 'message', role: 'user', content: 'What is my name?' }]);
  });

  it('passes deps and run information to tools', async () => {
    let seen: unknown;
    const tool = defineTool({
      name: 'whoami',
      description: 'd',
      input: z.object({}),
      execute: (_i, ctx) => {
        seen = { deps: ctx.deps, turn: ctx.turn, runId: ctx.runId, callId: ctx.callId };
        return 'ok';
      },
    });
    emu.enqueue(reply.toolCall('whoami', {}), reply.text('ok'));
    const result = await createAgent({ model: 'm', client, tools: [tool] }).run('go', { deps: { db: 'x' } });
    expect(seen).toMatchObject({
      deps: { db: 'x' },
      turn: 1,
      runId: result.runId,
      callId: expect.stringMatching(/^call_/),
    });
  });
});

describe('events', () => {
  it('reports each step in order, the same through the emitter and the iterator', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('It is mild.'));
    const stream = createAgent({ model: 'm', client, tools: [getWeather] }).stream('go');
    const heard: string[] = [];
    for (const type of [
      'run_started',
      'turn_started',
      'tool_call_started',
      'tool_call_finished',
      'usage',
      'turn_finished',
      'message',
      'run_finished',
    ] as const) {
      stream.on(type, (e) => heard.push(e.type));
    }
    const seen: RunEvent[] = [];
    for await (const event of stream) seen.push(event);
    const typed = seen
      .map((e) => e.type)
      .filter((t) => t !== 'raw' && t !== 'text_delta' && t !== 'output_item');
    expect(typed).toEqual([
      'run_started',
      'turn_started',
      'usage',
      'turn_finished',
      'tool_call_started',
      'tool_call_finished',
      'turn_started',
      'message',
      'usage',
      'turn_finished',
      'run_finished',
    ]);
    expect(heard).toEqual(typed);
    const text = seen
      .filter((e) => e.type === 'text_delta')
      .map((e: any) => e.delta)
      .join('');
    expect(text).toBe('It is mild.');
    expect(seen.filter((e) => e.type === 'text_delta').length).toBeGreaterThan(1);
    expect((await stream.result).output).toBe('It is mild.');
  });

  it('throws the run error from the iterator after a run_failed event', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'X' }));
    const stream = createAgent({ model: 'm', client, tools: [getWeather], maxTurns: 1 }).stream('go');
    const types: string[] = [];
    const error = await (async () => {
      for await (const e of stream) types.push(e.type);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(types.at(-1)).toBe('run_failed');
  });
});

describe('bad configuration and input', () => {
  it('refuses two tools with one name', () => {
    expect(() => createAgent({ model: 'm', client, tools: [getWeather, getWeather] })).toThrow(/unique/);
  });
  it('refuses a maxTurns that is not a positive whole number', () => {
    expect(() => createAgent({ model: 'm', client, maxTurns: 0 })).toThrow(ConfigurationError);
    expect(() => createAgent({ model: 'm', client, maxTurns: 1.5 })).toThrow(/maxTurns/);
  });
  it('refuses settings that turnkit manages', () => {
    expect(() => createAgent({ model: 'm', client, settings: { stream: false } as any })).toThrow(
      /settings.stream/,
    );
  });
  it('refuses something that is not a tool', () => {
    expect(() => createAgent({ model: 'm', client, tools: [{ name: 'x' } as any] })).toThrow(/defineTool/);
  });
  it('fails a run with no client with a message that says how to give one', async () => {
    const error = await createAgent({ model: 'm' })
      .run('hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/connectFromEnv/);
  });
  it('fails a run with no model', async () => {
    await expect(createAgent({ client }).run('hi')).rejects.toThrow(/model/);
  });
  it('fails a run with no input', async () => {
    await expect(createAgent({ model: 'm', client }).run('')).rejects.toBeInstanceOf(InputError);
    await expect(createAgent({ model: 'm', client }).run([{ foo: 1 } as any])).rejects.toThrow(
      /Input item 0/,
    );
    expect(bodies()).toHaveLength(0);
  });
});

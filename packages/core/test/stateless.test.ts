import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  Conversation,
  createAgent,
  createConversation,
  InputError,
  type RunEvent,
  replayableOutput,
} from '../src/index.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const creates = () => createBodies(emu);
const reasoning = { effort: 'low', summary: 'auto' } as const;

describe('the stateless strategy', () => {
  it('sends store:false, the whole item list and no previous_response_id', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild.'));
    const agent = createAgent({ model: 'm', client, tools: [getWeather], strategy: 'stateless' });
    const result = await agent.run('Weather?');
    const [first, second] = creates();
    expect(first.store).toBe(false);
    expect(first.include).toEqual(['reasoning.encrypted_content']);
    expect(second.previous_response_id).toBeUndefined();
    expect(second.input.map((i: any) => i.type ?? i.role)).toEqual([
      'message',
      'function_call',
      'function_call_output',
    ]);
    // The call goes back without what only described the output (its id and status)...
    const { id: _id, status: _status, ...call } = result.responses[0]!.output[0] as any;
    expect(second.input[1]).toEqual(call);
    // ...while the conversation keeps it as the service sent it.
    expect(result.conversation.history[1]).toEqual(result.responses[0]!.output[0]);
    expect(result.conversation.history).toHaveLength(4);
  });

  it('merges the include it needs with the include the agent sets', async () => {
    emu.enqueue(reply.text('ok'));
    const agent = createAgent({
      model: 'm',
      client,
      strategy: 'stateless',
      settings: { include: ['message.output_text.logprobs'] },
    });
    await agent.run('hi');
    expect(creates()[0].include).toEqual(['message.output_text.logprobs', 'reasoning.encrypted_content']);
  });

  it('sends reasoning back exactly as the final response had it, followed by its item', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild.'));
    const agent = createAgent({
      model: 'm',
      client,
      tools: [getWeather],
      strategy: 'stateless',
      settings: { reasoning },
    });
    const events: RunEvent[] = [];
    const stream = agent.stream('Weather?');
    stream.on('reasoning', (e) => events.push(e));
    stream.on('reasoning_delta', (e) => events.push(e));
    const result = await stream.result;
    const firstOutput = result.responses[0]!.output;
    const rs = firstOutput.find((i) => i.type === 'reasoning') as any;
    expect(rs.encrypted_content).toBeTruthy();
    const second = creates()[1];
    const index = second.input.findIndex((i: any) => i.type === 'reasoning');
    expect(second.input[index]).toEqual(rs);
    expect(second.input[index + 1].type).toBe('function_call');
    expect(events.some((e) => e.type === 'reasoning_delta')).toBe(true);
    expect(events.find((e) => e.type === 'reasoning')).toMatchObject({ itemId: rs.id, encrypted: true });
    // The emulated model remembers only what it is sent: the reasoning it carried comes back intact.
    const memory = await agent.run('What do you remember?', { conversation: result.conversation });
    expect(memory.output).toContain('Weather?');
  });

  it('never replays reasoning without encrypted content, or reasoning that nothing followed', () => {
    const rs = (id: string, encrypted_content?: string) =>
      ({ type: 'reasoning', id, summary: [], encrypted_content }) as any;
    const msg = { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [] } as any;
    expect(replayableOutput([rs('rs_1'), msg])).toEqual([msg]);
    expect(replayableOutput([rs('rs_2', 'blob'), msg])).toEqual([rs('rs_2', 'blob'), msg]);
    expect(replayableOutput([msg, rs('rs_3', 'blob')])).toEqual([msg]);
  });

  it('refuses a conversation of the other strategy', async () => {
    const agent = createAgent({ model: 'm', client, strategy: 'stateless' });
    await expect(
      agent.run('hi', { conversation: createConversation({ strategy: 'server' }) }),
    ).rejects.toBeInstanceOf(InputError);
    expect(() => createConversation({ strategy: 'local' as any })).toThrow(/server.*stateless/);
  });
});

describe('compaction', () => {
  it('refuses a compaction threshold below 1000', () => {
    expect(() => createAgent({ model: 'm', client, compactThreshold: 999 })).toThrow(ConfigurationError);
    expect(() => createAgent({ model: 'm', client, compactThreshold: 999 })).toThrow(/at least 1000/);
    expect(() => createAgent({ model: 'm', client, settings: { context_management: [] } as any })).toThrow(
      /context_management/,
    );
  });

  it('sends context_management and, in stateless mode, drops everything before the compaction item', async () => {
    const agent = createAgent({ model: 'm', client, strategy: 'stateless', compactThreshold: 1000 });
    const conversation = createConversation({ strategy: 'stateless' });
    const compactions: RunEvent[] = [];
    for (let i = 0; i < 40 && compactions.length === 0; i++) {
      const stream = agent.stream(`Note ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(6)}`, {
        conversation,
      });
      stream.on('compaction', (e) => compactions.push(e));
      await stream.result;
    }
    expect(compactions).toHaveLength(1);
    expect(compactions[0]).toMatchObject({ source: 'server', keptItems: 1 });
    expect((compactions[0] as any).droppedItems).toBeGreaterThan(2);
    expect(creates()[0].context_management).toEqual([{ type: 'compaction', compact_threshold: 1000 }]);
    expect(conversation.history.map((i) => i.type)).toEqual(['compaction']);
    await agent.run('What do you remember?', { conversation });
    const last = creates().at(-1);
    expect(last.input[0].type).toBe('compaction');
    expect(last.input).toHaveLength(2);
  });

  it('keeps a function call that a compaction in the same response would cut off from its output', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild.'));
    const agent = createAgent({
      model: 'm',
      client,
      tools: [getWeather],
      strategy: 'stateless',
      compactThreshold: 1000,
    });
    const result = await agent.run(
      `Weather in Paris? ${'Context that pushes past the threshold. '.repeat(120)}`,
    );
    expect(result.status).toBe('completed');
    const first = result.responses[0]!.output.map((i) => i.type);
    expect(first.slice(-2)).toEqual(['function_call', 'compaction']);
    const second = creates()[1];
    expect(second.input.map((i: any) => i.type)).toEqual([
      'compaction',
      'function_call',
      'function_call_output',
    ]);
  });

  it('keeps everything in server mode, where the service holds the history', async () => {
    const agent = createAgent({ model: 'm', client, compactThreshold: 1000 });
    const conversation = createConversation();
    let compacted = false;
    for (let i = 0; i < 40 && !compacted; i++) {
      const stream = agent.stream(`Note ${i}: ${'lorem ipsum dolor sit amet '.repeat(10)}`, { conversation });
      stream.on('compaction', (e) => {
        compacted = true;
        expect(e.droppedItems).toBe(0);
      });
      await stream.result;
    }
    expect(compacted).toBe(true);
    expect(creates().at(-1).previous_response_id).toBeTruthy();
    expect(creates().every((b) => b.input.length === 1)).toBe(true);
  });

  it('compacts on demand from the items (stateless); the result is the next input', async () => {
    const agent = createAgent({ model: 'm', client, strategy: 'stateless' });
    const conversation = createConversation({ strategy: 'stateless' });
    await agent.run('My name is Ada.', { conversation });
    await agent.run('I live in Paris.', { conversation });
    const compact = await agent.compact(conversation);
    expect(compact.items.map((i) => i.type)).toEqual(['message', 'message', 'compaction']);
    expect(compact.droppedItems).toBe(1);
    const body = emu.requests.at(-1)!.body as any;
    expect(body.input).toHaveLength(4);
    const memory = await agent.run('What do you remember?', { conversation });
    expect(creates().at(-1).input.slice(0, 3)).toEqual(compact.items);
    expect(memory.output).toContain('My name is Ada.');
    expect(memory.output).toContain('I live in Paris.');
  });

  it('compacts on demand from previous_response_id (server) and starts a new chain from it', async () => {
    const agent = createAgent({ model: 'm', client });
    const conversation = createConversation();
    await agent.run('My name is Ada.', { conversation });
    const last = conversation.lastResponseId;
    const compact = await agent.compact(conversation);
    expect((emu.requests.at(-1)!.body as any).previous_response_id).toBe(last);
    expect(compact.items.at(-1)!.type).toBe('compaction');
    const memory = await agent.run('What do you remember?', { conversation });
    const body = creates().at(-1);
    expect(body.previous_response_id).toBeUndefined();
    expect(body.input.slice(0, compact.items.length)).toEqual(compact.items);
    expect(memory.output).toContain('My name is Ada.');
  });

  it('refuses to compact an empty conversation', async () => {
    await expect(createAgent({ model: 'm', client }).compact(new Conversation())).rejects.toThrow(
      /nothing to compact/,
    );
  });
});

describe('a long stateless conversation', () => {
  it('keeps every fact across 50 turns with tool calls, reasoning and compactions, and never sends a pruned item', async () => {
    const lookup = defineTool({
      name: 'lookup',
      description: 'Looks a code word up.',
      input: z.object({ word: z.string() }),
      execute: ({ word }) => `${word} means ${word.length}`,
    });
    const agent = createAgent({
      model: 'm',
      client,
      tools: [lookup],
      strategy: 'stateless',
      compactThreshold: 1000,
      settings: { reasoning },
    });
    const conversation = createConversation({ strategy: 'stateless' });
    let compactions = 0;
    for (let i = 1; i <= 50; i++) {
      if (i % 5 === 0)
        emu.enqueue(reply.toolCall('lookup', { word: `W${i}` }, { match: { inputIncludes: `Fact ${i}:` } }));
      const stream = agent.stream(
        `Fact ${i}: the code word is W${i}. ${'Filler to grow the context. '.repeat(4)}`,
        {
          conversation,
        },
      );
      stream.on('compaction', () => compactions++);
      await stream.result;
    }
    const memory = await agent.run('What do you remember?', { conversation });
    for (let i = 1; i <= 50; i++) expect(memory.output).toContain(`Fact ${i}: the code word is W${i}.`);
    expect(compactions).toBeGreaterThanOrEqual(2);

    // Replay the traffic: what a compaction made obsolete never appears in a later request.
    const pruned = new Set<string>();
    const bodies = creates();
    const outputs = emu.responses;
    expect(outputs).toHaveLength(bodies.length);
    bodies.forEach((body, k) => {
      for (const item of body.input) expect(pruned.has(JSON.stringify(item))).toBe(false);
      const compactionsIn = body.input.filter((i: any) => i.type === 'compaction');
      expect(compactionsIn.length).toBeLessThanOrEqual(1);
      if (compactionsIn.length) expect(body.input[0].type).toBe('compaction');
      body.input.forEach((item: any, j: number) => {
        if (item.type === 'reasoning') {
          expect(item.encrypted_content).toBeTruthy();
          expect(body.input[j + 1]).toBeDefined();
        }
      });
      const output = outputs[k]!.output as any[];
      const cut = output.findIndex((i) => i.type === 'compaction');
      if (cut >= 0) {
        for (const item of [...body.input, ...output.slice(0, cut)]) pruned.add(JSON.stringify(item));
      }
    });
    expect(pruned.size).toBeGreaterThan(0);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Conversation,
  ConversationItemRejectedError,
  createAgent,
  createConversation,
  RunState,
} from '../src/index.js';
import { deleteInvoice } from './fixtures/invoice-tools.js';
import { createBodies, useEmulator } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/run-state/0.1.0.json', import.meta.url));

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const fileFact = defineTool({
  name: 'file_fact',
  description: 'Files a fact on a shelf.',
  input: z.object({ fact: z.number() }),
  execute: ({ fact }) => `filed ${fact}`,
});

const TURNS = 20;
const fact = (n: number) => `Fact ${n}: locker ${n * 7} holds a blue notebook.`;

/**
 * Runs a stateless conversation of {@link TURNS} user turns over HTTP (every 5th turn the model
 * calls the tool twice in one response) and asks what the model remembers at the end.
 */
async function converse(settings: { reasoning?: { effort: 'low' } }) {
  const agent = createAgent({ model: 'gpt-5.1', client, tools: [fileFact], strategy: 'stateless', settings });
  const conversation = createConversation({ strategy: 'stateless' });
  for (let n = 1; n <= TURNS; n++) {
    if (n % 5 === 0) {
      emu.enqueue(
        reply.toolCalls([
          { name: 'file_fact', arguments: { fact: n } },
          { name: 'file_fact', arguments: { fact: n + 1000 } },
        ]),
      );
    }
    const result = await agent.run(fact(n), { conversation });
    expect(result.status).toBe('completed');
  }
  const recall = await agent.run('What do you remember?', { conversation });
  return { conversation, recall, last: createBodies(emu).at(-1) };
}

const isCall = (item: any) => item.type === 'function_call';
const isAssistant = (item: any) => (item.type ?? 'message') === 'message' && item.role === 'assistant';

describe('what a stateless request carries of the items it replays', () => {
  it('sends messages and calls without their output-only fields after 20 turns, and the conversation still works', async () => {
    const { conversation, recall, last } = await converse({});
    expect(recall.finalOutput).toContain(fact(1));
    expect(recall.finalOutput).toContain(fact(TURNS));
    const replayed = last.input.filter((item: any) => isCall(item) || isAssistant(item));
    expect(replayed.filter(isCall)).toHaveLength(8);
    expect(replayed.filter(isAssistant).length).toBeGreaterThanOrEqual(TURNS);
    for (const item of replayed) {
      expect(item).not.toHaveProperty('id');
      expect(item).not.toHaveProperty('status');
      if (isAssistant(item)) expect(item).toEqual({ role: 'assistant', content: expect.any(String) });
    }
    const wire = JSON.stringify(last.input);
    for (const field of ['"id"', '"status"', '"annotations"', '"logprobs"'])
      expect(wire).not.toContain(field);
    // The conversation (and what it would save) keeps every item as the service sent it.
    const kept = conversation.history.filter((item: any) => isCall(item) || isAssistant(item)) as any[];
    expect(kept.every((item) => typeof item.id === 'string' && item.status === 'completed')).toBe(true);
    expect(kept.filter(isAssistant).every((m) => m.content[0].annotations && m.content[0].logprobs)).toBe(
      true,
    );
  });

  it('keeps reasoning whole, and the id of the item each reasoning item is followed by', async () => {
    const { conversation, recall, last } = await converse({ reasoning: { effort: 'low' } });
    expect(recall.finalOutput).toContain(fact(1));
    const byId = new Map(conversation.history.map((item: any) => [item.id, item]));
    const input: any[] = last.input;
    const reasoning = input.filter((item) => item.type === 'reasoning');
    expect(reasoning.length).toBeGreaterThan(TURNS);
    for (const rs of reasoning) {
      expect(rs.id).toMatch(/^rs_/);
      expect(typeof rs.encrypted_content).toBe('string');
      expect(rs).toEqual(byId.get(rs.id));
    }
    let followers = 0;
    let others = 0;
    input.forEach((item, i) => {
      if (!isCall(item) && !isAssistant(item)) return;
      expect(item).not.toHaveProperty(isCall(item) ? 'status' : 'logprobs');
      if (input[i - 1]?.type === 'reasoning') {
        followers++;
        // The reasoning item's following item: sent with the id the service gave it.
        const { status: _status, ...call } = byId.get(item.id) as any;
        if (isCall(item)) expect(item).toEqual(call);
        else expect(item.content.every((part: any) => !('logprobs' in part))).toBe(true);
      } else {
        others++;
        expect(item).not.toHaveProperty('id');
      }
    });
    // Every model turn starts with reasoning; the second of two parallel calls follows the first.
    expect(followers).toBe(reasoning.length);
    expect(others).toBe(4);
  });

  it('sends the short form for a conversation saved by an earlier release, which keeps the full items', async () => {
    // Frozen by release 0.1.0: a stateless run paused at a call the service sent with id and status.
    const state = RunState.fromJSON(readFileSync(fixture, 'utf8'));
    const saved = state.conversation.history.find(isCall) as any;
    expect(saved).toMatchObject({ id: expect.any(String), status: 'completed' });
    emu.enqueue(reply.text('Done.'));
    const agent = createAgent({
      name: state.agentName,
      model: 'm',
      client,
      tools: [deleteInvoice],
      strategy: 'stateless',
    });
    const result = await agent.run(state.withDecisions({ [state.approvals[0]!.id]: true }));
    expect(result.status).toBe('completed');
    const { id: _id, status: _status, ...call } = saved;
    expect(createBodies(emu)[0].input.find(isCall)).toEqual(call);
    expect(result.conversation.history.find(isCall)).toEqual(saved);
  });

  it("names the conversation's own item when the service refuses one that was sent trimmed", async () => {
    // An assistant message with a field the service refuses: sent as kept, less its logprobs.
    const odd = {
      type: 'message',
      id: 'msg_odd',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Hi.', annotations: [], logprobs: [] }],
      cache_control: { type: 'ephemeral' },
    };
    const conversation = Conversation.fromJSON({
      schemaVersion: 1,
      strategy: 'stateless',
      lastResponseId: null,
      history: [{ type: 'message', role: 'user', content: 'Hello' }, odd],
      pending: [],
      unanswered: [],
    });
    const agent = createAgent({ model: 'm', client, strategy: 'stateless' });
    const error = await agent.run('Again', { conversation }).catch((e: unknown) => e);
    expect(createBodies(emu)[0].input[1]).toEqual({
      ...odd,
      content: [{ type: 'output_text', text: 'Hi.', annotations: [] }],
    });
    expect(error).toBeInstanceOf(ConversationItemRejectedError);
    const rejected = error as ConversationItemRejectedError;
    expect(rejected.itemIndex).toBe(1);
    expect(rejected.itemId).toBe('msg_odd');
    expect(rejected.item).toBe(conversation.history[1]);
    await conversation.repair({ drop: [rejected.item!] });
    emu.enqueue(reply.text('Fine.'));
    expect((await agent.run('Again', { conversation })).finalOutput).toBe('Fine.');
  });
});

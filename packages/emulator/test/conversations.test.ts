import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('the Conversations API', () => {
  it('creates, retrieves, updates and deletes a conversation', async () => {
    const created = await client.conversations.create({ metadata: { topic: 'demo' } });
    expect(created).toEqual({
      id: expect.stringMatching(/^conv_[0-9a-f]{50}$/),
      object: 'conversation',
      created_at: expect.any(Number),
      metadata: { topic: 'demo' },
    });
    expect(await client.conversations.retrieve(created.id)).toEqual(created);
    const updated = await client.conversations.update(created.id, { metadata: { topic: 'other' } });
    expect(updated.metadata).toEqual({ topic: 'other' });
    expect(await client.conversations.delete(created.id)).toEqual({
      id: created.id,
      object: 'conversation.deleted',
      deleted: true,
    });
    const gone = await client.conversations.retrieve(created.id).catch((e) => e);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('adds, lists, retrieves and deletes items, validated like input items', async () => {
    const conversation = await client.conversations.create({ items: [{ role: 'user', content: 'First' }] });
    const added = await client.conversations.items.create(conversation.id, {
      items: [{ type: 'message', role: 'assistant', content: 'Second' }],
    });
    expect(added.data).toHaveLength(1);
    expect(added.data[0]).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
    });
    const page = await client.conversations.items.list(conversation.id, { order: 'asc' });
    expect(page.data.map((item) => ((item as AnyJson).content[0] as AnyJson).text)).toEqual([
      'First',
      'Second',
    ]);
    const one = await client.conversations.items.retrieve(added.data[0]!.id as string, {
      conversation_id: conversation.id,
    });
    expect(one).toEqual(added.data[0]);
    const after = await client.conversations.items.delete(added.data[0]!.id as string, {
      conversation_id: conversation.id,
    });
    expect(after.id).toBe(conversation.id);
    expect((await client.conversations.items.list(conversation.id)).data).toHaveLength(1);
    const bad = await client.conversations.items
      .create(conversation.id, { items: [{ role: 'robot', content: 'x' } as never] })
      .catch((e) => e);
    expect(bad.status).toBe(400);
    expect(bad.param).toBe('items[0].role');
  });

  it('carries a conversation through responses: its items are the context, the turn is added to it', async () => {
    const conversation = await client.conversations.create({
      items: [{ role: 'user', content: 'My name is Ann' }],
    });
    const first = await client.responses.create({
      model: 'm',
      input: 'What do you remember?',
      conversation: conversation.id,
    });
    expect(first.output_text).toBe('I remember: "My name is Ann"');
    expect((first as AnyJson).conversation).toEqual({ id: conversation.id });
    const second = await client.responses.create({
      model: 'm',
      input: 'I live in Paris',
      conversation: { id: conversation.id },
    });
    expect(second.status).toBe('completed');
    const third = await client.responses.create({
      model: 'm',
      input: 'What do you remember?',
      conversation: conversation.id,
    });
    expect(third.output_text).toBe('I remember: "My name is Ann"; "I live in Paris"');
    const items = await client.conversations.items.list(conversation.id, { order: 'asc', limit: 100 });
    expect(items.data.map((item) => (item as AnyJson).role)).toEqual([
      'user',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
  });

  it('refuses an unknown conversation and one combined with previous_response_id', async () => {
    const unknown = await client.responses
      .create({ model: 'm', input: 'Hi', conversation: 'conv_nope' })
      .catch((e) => e);
    expect(unknown.status).toBe(404);
    expect(unknown.param).toBe('conversation');
    const first = await client.responses.create({ model: 'm', input: 'Hi' });
    const conversation = await client.conversations.create({});
    const both = await client.responses
      .create({ model: 'm', input: 'Hi', conversation: conversation.id, previous_response_id: first.id })
      .catch((e) => e);
    expect(both.status).toBe(400);
    expect(both.param).toBe('conversation');
  });

  it('is served under the Azure v1 prefix as its REST reference documents it', async () => {
    const azure = new OpenAI({ baseURL: emu.azureUrl, apiKey: 'test', maxRetries: 0 });
    const conversation = await azure.conversations.create({});
    expect(conversation.object).toBe('conversation');
  });
});

describe('the Files API', () => {
  it('lists uploads newest first, filtered by purpose, and forgets deleted ones', async () => {
    const a = await client.files.create({
      file: await toFile(Buffer.from('a'), 'a.txt'),
      purpose: 'assistants',
    });
    const b = await client.files.create({
      file: await toFile(Buffer.from('bb'), 'b.txt'),
      purpose: 'user_data',
    });
    const all = await client.files.list();
    expect(all.data.map((f) => f.id)).toEqual([b.id, a.id]);
    expect((await client.files.list({ purpose: 'assistants' })).data.map((f) => f.id)).toEqual([a.id]);
    expect(await client.files.retrieve(a.id)).toEqual(a);
    expect(Buffer.from(await (await client.files.content(b.id)).arrayBuffer()).toString()).toBe('bb');
    await client.files.delete(a.id);
    expect((await client.files.list()).data.map((f) => f.id)).toEqual([b.id]);
  });
});

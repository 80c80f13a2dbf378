import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  Conversation,
  ConversationItemRejectedError,
  createAgent,
  createConversation,
  createFileSession,
  createMemorySession,
  InputError,
} from '../src/index.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** Flips one character in the middle of every reasoning blob the session file holds. */
async function tamperReasoning(file: string): Promise<string[]> {
  const ids: string[] = [];
  const lines = (await readFile(file, 'utf8')).split('\n').map((line) => {
    if (!line) return line;
    const entry = JSON.parse(line);
    for (const item of entry.record.output ?? []) {
      if (item.type !== 'reasoning') continue;
      const blob: string = item.encrypted_content;
      const at = Math.floor(blob.length / 2);
      item.encrypted_content = `${blob.slice(0, at)}${blob[at] === 'A' ? 'B' : 'A'}${blob.slice(at + 1)}`;
      ids.push(item.id);
    }
    return JSON.stringify(entry);
  });
  await writeFile(file, lines.join('\n'));
  return ids;
}

describe('repairing a conversation', () => {
  it('names a tampered reasoning item the service rejects, and repair() drops it for good', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'turnkit-repair-')), 'chat.jsonl');
    const agent = createAgent({ model: 'm', client, strategy: 'stateless' });
    const first = createConversation({ strategy: 'stateless', session: createFileSession(file) });
    emu.enqueue(reply.text('Noted, Ada.', { reasoning: true }));
    await agent.run('My name is Ada.', { conversation: first });
    const [id] = await tamperReasoning(file);
    expect(id).toMatch(/^rs_/);

    const conversation = await Conversation.resume(createFileSession(file), { strategy: 'stateless' });
    for (const attempt of ['Who am I?', 'Still there?']) {
      const failed = agent.run(attempt, { conversation });
      await expect(failed).rejects.toBeInstanceOf(ConversationItemRejectedError);
      await expect(failed).rejects.toMatchObject({
        code: 'bad_request',
        status: 400,
        apiCode: 'invalid_encrypted_content',
        itemId: id,
        itemIndex: 1,
      });
      await expect(failed).rejects.toThrow(`conversation.repair({ drop: ['${id}'] })`);
    }

    const dropped = await conversation.repair({ drop: [id!] });
    expect(dropped.map((i) => i.type)).toEqual(['reasoning']);
    const reloaded = await Conversation.resume(createFileSession(file), { strategy: 'stateless' });
    expect(reloaded.toJSON()).toEqual(conversation.toJSON());
    expect(reloaded.history.some((i) => i.type === 'reasoning')).toBe(false);
    const done = await agent.run('What do you remember?', { conversation: reloaded });
    expect(done.status).toBe('completed');
    expect(done.output).toContain('My name is Ada.');
    const sent = createBodies(emu).at(-1).input;
    expect(sent.filter((i: any) => i.role === 'user').map((i: any) => i.content)).toEqual([
      'My name is Ada.',
      'Who am I?',
      'Still there?',
      'What do you remember?',
    ]);
  });

  it('names a pending input item without an id by its index, and repair() drops it by reference', async () => {
    const session = createMemorySession();
    const conversation = createConversation({ session });
    const agent = createAgent({ model: 'm', client });
    const bad = { type: 'function_call_output', call_id: 'call_x', output: 5 } as never;
    const failed = await agent.run([bad], { conversation }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ConversationItemRejectedError);
    expect(failed).toMatchObject({ itemIndex: 0, itemId: undefined, param: 'input[0].output' });
    expect((failed as Error).message).toMatch(/repair\(\{ drop: \[error\.item\] \}\)/);
    await conversation.repair({ drop: [(failed as ConversationItemRejectedError).item!] });
    expect(conversation.pending).toEqual([]);
    expect((await agent.run('hello', { conversation })).status).toBe('completed');
    const restored = await Conversation.resume(session);
    expect(restored.toJSON()).toEqual(conversation.toJSON());
  });

  it('drops a function call together with its output, and refuses an id it does not hold', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild.'), reply.text('ok'));
    const agent = createAgent({ model: 'm', client, tools: [getWeather], strategy: 'stateless' });
    const result = await agent.run('Weather?');
    const conversation = result.conversation;
    const call = conversation.history.find((i) => i.type === 'function_call') as { id: string };
    await expect(conversation.repair({ drop: ['fc_nope'] })).rejects.toBeInstanceOf(InputError);
    expect(conversation.history).toHaveLength(4);
    const dropped = await conversation.repair({ drop: [call.id] });
    expect(dropped.map((i) => i.type)).toEqual(['function_call', 'function_call_output']);
    expect(conversation.history.map((i) => i.type)).toEqual(['message', 'message']);
    expect((await agent.run('Thanks', { conversation })).status).toBe('completed');
  });
});

import type { Emulator } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { compactConversation, createAgent } from '../src/index.js';
import { useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const compactBodies = () =>
  emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses/compact')).map((r) => r.body);

describe('compactConversation', () => {
  it('sends instructions and the prompt cache settings of /responses/compact', async () => {
    const agent = createAgent({ model: 'm', client, strategy: 'stateless' });
    const run = await agent.run('Invoice INV-7 is due on Friday.');
    const result = await compactConversation({
      conversation: run.conversation,
      client,
      model: 'm',
      instructions: 'Keep every invoice number.',
      promptCacheKey: 'invoices',
      promptCacheRetention: '24h',
    });
    expect(result.items.at(-1)?.type).toBe('compaction');
    expect(compactBodies()).toEqual([
      expect.objectContaining({
        model: 'm',
        instructions: 'Keep every invoice number.',
        prompt_cache_key: 'invoices',
        prompt_cache_retention: '24h',
      }),
    ]);
  });

  it('sends none of them when they are not given', async () => {
    const run = await createAgent({ model: 'm', client, strategy: 'stateless' }).run('Hello');
    await compactConversation({ conversation: run.conversation, client, model: 'm' });
    const [body] = compactBodies();
    expect(Object.keys(body as object).sort()).toEqual(['input', 'model']);
  });
});

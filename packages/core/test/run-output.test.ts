import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../src/index.js';
import { useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

describe('RunResult.output', () => {
  it('is the final answer of a response that labels its commentary apart', async () => {
    emu.enqueue(
      reply.items([
        { type: 'message', text: 'Let me check the ledger.', phase: 'commentary' },
        { type: 'message', text: 'INV-7 is paid.', phase: 'final_answer' },
      ]),
    );
    const result = await createAgent({ model: 'm', client }).run('Is INV-7 paid?');
    expect(result.output).toBe('INV-7 is paid.');
    expect(result.lastResponse?.output).toHaveLength(2);
  });

  it('keeps several unlabelled messages apart', async () => {
    emu.enqueue(
      reply.items([
        { type: 'message', text: 'First part.' },
        { type: 'message', text: 'Second part.' },
      ]),
    );
    const result = await createAgent({ model: 'm', client }).run('Go');
    expect(result.output).toBe('First part.\n\nSecond part.');
  });
});

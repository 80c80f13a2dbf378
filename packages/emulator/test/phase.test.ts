import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, ScriptError, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('message phase', () => {
  it('labels scripted messages as commentary or final answer, in the items and their events', async () => {
    emu.enqueue(
      reply.items([
        { type: 'message', text: 'Let me check the ledger.', phase: 'commentary' },
        { type: 'message', text: 'INV-7 is paid.', phase: 'final_answer' },
      ]),
    );
    const stream = await clientFor(emu).responses.create({
      model: 'm',
      input: 'Is INV-7 paid?',
      stream: true,
    });
    const added: AnyJson[] = [];
    let final: AnyJson;
    for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
      if (event.type === 'response.output_item.added') added.push(event.item);
      if (event.type === 'response.completed') final = event.response;
    }
    expect(added.map((item) => item.phase)).toEqual(['commentary', 'final_answer']);
    expect(final.output.map((item: AnyJson) => [item.phase, item.content[0].text])).toEqual([
      ['commentary', 'Let me check the ledger.'],
      ['final_answer', 'INV-7 is paid.'],
    ]);
  });

  it('leaves phase out of messages that set none, and refuses an unknown one', async () => {
    emu.enqueue(reply.text('Plain.'));
    const response = await clientFor(emu).responses.create({ model: 'm', input: 'Hi' });
    expect(response.output[0]).not.toHaveProperty('phase');
    expect(() => emu.enqueue({ output: [{ type: 'message', text: 'x', phase: 'draft' as never }] })).toThrow(
      ScriptError,
    );
  });
});

import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const code = [{ type: 'code_interpreter' as const, container: { type: 'auto' as const } }];

function textPart(response: { output: unknown[] }): AnyJson {
  const message = response.output.find((item) => (item as AnyJson).type === 'message') as AnyJson;
  return message.content[0];
}

function expectRealShaped(logprobs: AnyJson[], text: string, top: number): void {
  expect(logprobs.map((l) => l.token).join('')).toBe(text);
  for (const entry of logprobs) {
    expect(entry.bytes).toEqual([...Buffer.from(entry.token, 'utf8')]);
    expect(entry.logprob).toBeLessThanOrEqual(0);
    expect(entry.top_logprobs).toHaveLength(top);
    if (top === 0) continue;
    expect(entry.top_logprobs[0]).toEqual({ token: entry.token, bytes: entry.bytes, logprob: entry.logprob });
    const values = entry.top_logprobs.map((t: AnyJson) => t.logprob);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(new Set(entry.top_logprobs.map((t: AnyJson) => t.token)).size).toBe(top);
    expect(values.reduce((sum: number, v: number) => sum + Math.exp(v), 0)).toBeLessThanOrEqual(1);
  }
}

describe('include on GET /responses/{id}', () => {
  it('adds the encrypted reasoning of a stored response, which a stateless request accepts', async () => {
    const created = await client.responses.create({ model: 'gpt-5-mini', input: 'My name is Ann' });
    expect(created.output[0]).not.toHaveProperty('encrypted_content');
    const plain = await client.responses.retrieve(created.id);
    expect(plain.output[0]).not.toHaveProperty('encrypted_content');
    const full = await client.responses.retrieve(created.id, { include: ['reasoning.encrypted_content'] });
    const reasoning = full.output[0] as AnyJson;
    expect(reasoning.encrypted_content).toMatch(/^gAAAAA/);
    expect(emu.readEncryptedContent(reasoning.encrypted_content)?.item).toBe(reasoning.id);
    const next = await client.responses.create({
      model: 'gpt-5-mini',
      store: false,
      input: [
        { role: 'user', content: 'My name is Ann' },
        ...(full.output as AnyJson[]),
        { role: 'user', content: 'What do you remember?' },
      ],
    });
    expect(next.output_text).toBe('I remember: "My name is Ann"');
  });

  it('refuses an include value the API does not have', async () => {
    const created = await client.responses.create({ model: 'm', input: 'Hi' });
    const error = await client.responses
      .retrieve(created.id, { include: ['everything' as never] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('include[0]');
    expect(error.code).toBe('invalid_value');
  });

  it('adds the code interpreter outputs a response was created without', async () => {
    emu.enqueue(reply.code('print(6 * 7)', { message: 'It is 42.' }));
    const created = await client.responses.create({ model: 'm', input: 'Compute', tools: code });
    expect((created.output[0] as AnyJson).outputs).toBeNull();
    const full = await client.responses.retrieve(created.id, { include: ['code_interpreter_call.outputs'] });
    expect((full.output[0] as AnyJson).outputs).toEqual([{ type: 'logs', logs: '42\n' }]);
  }, 30_000);

  it('adds logprobs equal to those a create request with the include gets', async () => {
    emu.enqueue(reply.text('Bonjour à tous, mes amis.'), reply.text('Bonjour à tous, mes amis.'));
    const include: ['message.output_text.logprobs'] = ['message.output_text.logprobs'];
    const created = await client.responses.create({ model: 'gpt-4.1', input: 'Hi', top_logprobs: 2 });
    expect(textPart(created).logprobs).toEqual([]);
    const later = await client.responses.retrieve(created.id, { include });
    const direct = await client.responses.create({ model: 'gpt-4.1', input: 'Hi', top_logprobs: 2, include });
    expect(textPart(later).logprobs).toEqual(textPart(direct).logprobs);
    expectRealShaped(textPart(later).logprobs, 'Bonjour à tous, mes amis.', 2);
  });
});

describe('logprobs', () => {
  it('come with include message.output_text.logprobs, one per token of the text, top_logprobs each', async () => {
    emu.enqueue(reply.text('The weather in Paris is sunny, 21 °C.'));
    const response = await client.responses.create({
      model: 'gpt-4.1',
      input: 'Weather?',
      include: ['message.output_text.logprobs'],
      top_logprobs: 3,
    });
    expectRealShaped(textPart(response).logprobs, 'The weather in Paris is sunny, 21 °C.', 3);
  });

  it('stream with each delta carrying the logprobs of its own tokens', async () => {
    emu.enqueue(reply.text('Streaming text, with 🎉 emoji and longwordsthatgetcut.'));
    const stream = await client.responses.create({
      model: 'gpt-4.1',
      input: 'Go',
      include: ['message.output_text.logprobs'],
      top_logprobs: 1,
      stream: true,
    });
    const deltas: AnyJson[] = [];
    let done: AnyJson;
    let final: AnyJson;
    for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
      if (event.type === 'response.output_text.delta') deltas.push(event);
      if (event.type === 'response.output_text.done') done = event;
      if (event.type === 'response.completed') final = event.response;
    }
    for (const delta of deltas) {
      expect(delta.logprobs.map((l: AnyJson) => l.token).join('')).toBe(delta.delta);
      expect(delta.logprobs[0].top_logprobs).toEqual([
        { token: delta.logprobs[0].token, logprob: delta.logprobs[0].logprob },
      ]);
    }
    const text = 'Streaming text, with 🎉 emoji and longwordsthatgetcut.';
    expect(done.logprobs.map((l: AnyJson) => l.token).join('')).toBe(text);
    expectRealShaped(textPart(final).logprobs, text, 1);
  });

  it('are empty without the include, as in every recording', async () => {
    const response = await client.responses.create({ model: 'gpt-4.1', input: 'Hi', top_logprobs: 3 });
    expect(textPart(response).logprobs).toEqual([]);
  });
});

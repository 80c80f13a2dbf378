import type OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, ScriptError, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor, jsonOf, post, RECORDINGS } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function errorOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  throw new Error('expected the request to fail');
}

async function streamEvents(body: Record<string, unknown>): Promise<ResponseStreamEvent[]> {
  const stream = await client.responses.create({ model: 'm', ...body, stream: true } as never);
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream as unknown as AsyncIterable<ResponseStreamEvent>) events.push(event);
  return events;
}

/** One stateless turn: sends the items so far plus a user message; returns the new items. */
async function statelessTurn(history: AnyJson[], text: string): Promise<AnyJson[]> {
  const response = await client.responses.create({
    model: 'm',
    store: false,
    reasoning: { effort: 'low' },
    input: [...history, { role: 'user', content: text }],
  });
  return [{ role: 'user', content: text }, ...response.output];
}

describe('store: false', () => {
  it('is neither retrievable nor usable as previous_response_id', async () => {
    const response = await client.responses.create({ model: 'm', input: 'secret', store: false });
    expect((await errorOf(client.responses.retrieve(response.id))).status).toBe(404);
    const chained = await errorOf(
      client.responses.create({ model: 'm', input: 'again', previous_response_id: response.id }),
    );
    expect(chained.status).toBe(400);
    expect(chained.code).toBe('previous_response_not_found');
  });
});

describe('reasoning items', () => {
  it('come first when the request sets a reasoning effort, and not for effort none', async () => {
    const reasoned = await client.responses.create({ model: 'm', input: 'Hi', reasoning: { effort: 'low' } });
    expect(reasoned.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(reasoned.output[0]).toEqual({
      id: expect.stringMatching(/^rs_[0-9a-f]{50}$/),
      type: 'reasoning',
      summary: [],
    });
    expect(reasoned.reasoning).toEqual({ effort: 'low', summary: null });
    const plain = await client.responses.create({ model: 'm', input: 'Hi', reasoning: { effort: 'none' } });
    expect(plain.output.map((item) => item.type)).toEqual(['message']);
  });

  it('carry a summary only when reasoning.summary is set', async () => {
    const response = await client.responses.create({
      model: 'm',
      input: 'Hi there',
      reasoning: { effort: 'medium', summary: 'auto' },
    });
    const item = response.output[0] as AnyJson;
    expect(item.summary).toEqual([
      {
        type: 'summary_text',
        text: '**Thinking about turn 1**\n\nThe last user message is "Hi there". I know of 1 user message.',
      },
    ]);
  });

  it('carry encrypted_content for store: false or include, not for a stored response without include', async () => {
    const stored = await client.responses.create({ model: 'm', input: 'Hi', reasoning: { effort: 'low' } });
    expect(stored.output[0]).not.toHaveProperty('encrypted_content');
    const included = await client.responses.create({
      model: 'm',
      input: 'Hi',
      reasoning: { effort: 'low' },
      include: ['reasoning.encrypted_content'],
    });
    expect((included.output[0] as AnyJson).encrypted_content).toMatch(/^gAAAAA[A-Za-z0-9+/]+=*$/);
    const stateless = await client.responses.create({
      model: 'm',
      input: 'Hi',
      store: false,
      reasoning: { effort: 'low' },
    });
    const item = stateless.output[0] as AnyJson;
    expect(Object.keys(item)).toEqual(['id', 'type', 'encrypted_content', 'summary']);
    expect(Buffer.from(item.encrypted_content, 'base64').toString('latin1')).not.toContain('Hi');
  });

  it('count reasoning tokens in output_tokens, more for a higher effort', async () => {
    const low = await client.responses.create({ model: 'm', input: 'Hi', reasoning: { effort: 'low' } });
    const high = await client.responses.create({ model: 'm', input: 'Hi', reasoning: { effort: 'high' } });
    const lowReasoning = low.usage!.output_tokens_details.reasoning_tokens;
    expect(lowReasoning).toBeGreaterThan(0);
    expect(high.usage!.output_tokens_details.reasoning_tokens).toBe(lowReasoning * 4);
    const plain = await client.responses.create({ model: 'm', input: 'Hi' });
    expect(low.usage!.output_tokens).toBe(lowReasoning + plain.usage!.output_tokens);
  });

  it('stream in the real order, with a truncated encrypted_content in output_item.added', async () => {
    emu.enqueue(reply.text('Done.', { reasoning: ['First I think.', 'Then I answer.'] }));
    const events = await streamEvents({
      input: 'Go',
      store: false,
      reasoning: { effort: 'high', summary: 'detailed' },
    });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const types = events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    const part = [
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
    ];
    expect(types.slice(0, 3 + 2 * part.length)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      ...part,
      ...part,
    ]);
    expect(types[3 + 2 * part.length]).toBe('response.output_item.done');
    const added = events.find((e) => e.type === 'response.output_item.added') as AnyJson;
    const done = events.find((e) => e.type === 'response.output_item.done') as AnyJson;
    expect(added.item.summary).toEqual([]);
    expect(done.item.encrypted_content.startsWith(added.item.encrypted_content)).toBe(true);
    expect(added.item.encrypted_content.length).toBeLessThan(done.item.encrypted_content.length);
    const summaryDone = events.filter((e) => e.type === 'response.reasoning_summary_text.done') as AnyJson[];
    expect(summaryDone.map((e) => [e.summary_index, e.text])).toEqual([
      [0, 'First I think.'],
      [1, 'Then I answer.'],
    ]);
    const delta = events.find((e) => e.type === 'response.reasoning_summary_text.delta') as AnyJson;
    expect(Object.keys(delta)).toEqual([
      'type',
      'sequence_number',
      'item_id',
      'output_index',
      'summary_index',
      'delta',
      'obfuscation',
    ]);
    expect(done.item.summary.map((s: AnyJson) => s.text)).toEqual(['First I think.', 'Then I answer.']);
    const completed = events.at(-1) as AnyJson;
    expect(completed.response.output[0]).toEqual(done.item);
  });

  it('come from a script even without a reasoning effort, placed where the script puts them', async () => {
    emu.enqueue(
      reply.items([
        { type: 'message', text: 'Let me check.' },
        { type: 'reasoning', summary: 'I need the weather.' },
        { type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } },
      ]),
    );
    const response = await client.responses.create({
      model: 'm',
      input: 'Weather?',
      reasoning: { summary: 'auto' },
    });
    expect(response.output.map((item) => item.type)).toEqual(['message', 'reasoning', 'function_call']);
    expect((response.output[1] as AnyJson).summary[0].text).toBe('I need the weather.');
  });

  it('must be followed by the item they reason about in a script', () => {
    const problem =
      'a reasoning item must be followed by the item it reasons about (not another reasoning item)';
    expect(() => emu.enqueue({ output: [{ type: 'reasoning' }] })).toThrow(
      new ScriptError(0, 'output[0]', problem),
    );
    expect(() =>
      emu.enqueue({ output: [{ type: 'reasoning' }, { type: 'reasoning' }, { type: 'message', text: 'x' }] }),
    ).toThrow(new ScriptError(0, 'output[0]', problem));
    expect(() =>
      emu.enqueue({ output: [{ type: 'reasoning', summary: 3 } as never, { type: 'message', text: 'x' }] }),
    ).toThrow('turn 0: output[0].summary: expected a string or an array of strings');
  });

  it('reject an unknown reasoning effort', async () => {
    const error = await errorOf(
      client.responses.create({ model: 'm', input: 'Hi', reasoning: { effort: 'extreme' as never } }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe('reasoning.effort');
    expect(error.code).toBe('invalid_value');
  });
});

describe('encrypted memory', () => {
  it('restores what the model knew when the client sends every item back with store: false', async () => {
    let history: AnyJson[] = [];
    history = [...history, ...(await statelessTurn(history, 'My name is Ann'))];
    history = [...history, ...(await statelessTurn(history, 'I live in Paris'))];
    const last = await client.responses.create({
      model: 'm',
      store: false,
      input: [...history, { role: 'user', content: 'What do you remember?' }],
    });
    expect(last.output_text).toBe('I remember: "My name is Ann"; "I live in Paris"');
  });

  it('remembers through the encrypted reasoning alone when earlier messages are left out', async () => {
    const first = await statelessTurn([], 'My name is Ann');
    const second = await statelessTurn(first.slice(1), 'I live in Paris'); // no first user message
    const third = await client.responses.create({
      model: 'm',
      store: false,
      input: [...second.slice(1), { role: 'user', content: 'what do you REMEMBER' }],
    });
    expect(third.output_text).toBe('I remember: "My name is Ann"; "I live in Paris"');
    const memory = emu.readEncryptedContent((second[1] as AnyJson).encrypted_content);
    expect(memory).toMatchObject({
      kind: 'reasoning',
      turn: 2,
      remembered: ['My name is Ann', 'I live in Paris'],
    });
    expect(memory?.followedBy).toEqual({ type: 'message', id: (second[2] as AnyJson).id });
  });

  it('knows nothing of what was not sent', async () => {
    await statelessTurn([], 'My name is Ann');
    const response = await client.responses.create({
      model: 'm',
      store: false,
      input: 'What do you remember?',
    });
    expect(response.output_text).toBe('I remember nothing.');
  });

  it('answers 400 invalid_encrypted_content for tampered, forged, partial or foreign content', async () => {
    const [user, reasoning, message] = await statelessTurn([], 'My name is Ann');
    const blob: string = reasoning.encrypted_content;
    const flipped = blob.slice(0, 40) + (blob[40] === 'A' ? 'B' : 'A') + blob.slice(41);
    const other = await startEmulator();
    const foreign = (
      await clientFor(other).responses.create({
        model: 'm',
        input: 'Hi',
        store: false,
        reasoning: { effort: 'low' },
      })
    ).output[0] as AnyJson;
    await other.close();
    const events = await streamEvents({ input: 'Hi', store: false, reasoning: { effort: 'low' } });
    const partial = (events.find((e) => e.type === 'response.output_item.added') as AnyJson).item;
    const forged = `gAAAAA${Buffer.alloc(60, 7).toString('base64')}`;
    for (const encrypted of [flipped, forged, partial.encrypted_content, foreign.encrypted_content]) {
      const res = await post(`${emu.url}/responses`, {
        model: 'm',
        store: false,
        input: [user, { ...reasoning, encrypted_content: encrypted }, message],
      });
      expect(res.status).toBe(400);
      expect((await jsonOf(res)).error).toEqual({
        message: `The encrypted content for item ${reasoning.id} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_encrypted_content',
      });
    }
  });

  it('opens content sealed by another emulator with the same encryptionKey', async () => {
    const a = await startEmulator({ encryptionKey: 'shared secret' });
    const b = await startEmulator({ encryptionKey: 'shared secret' });
    const first = await clientFor(a).responses.create({
      model: 'm',
      input: 'My name is Ann',
      store: false,
      reasoning: { effort: 'low' },
    });
    const second = await clientFor(b).responses.create({
      model: 'm',
      store: false,
      input: [...(first.output as ResponseInputItem[]), { role: 'user', content: 'What do you remember?' }],
    });
    await Promise.all([a.close(), b.close()]);
    expect(second.output_text).toBe('I remember: "My name is Ann"');
  });

  it('accepts back the encrypted content a replayed recording served, and nothing else', async () => {
    emu.enqueue(reply.recording(`${RECORDINGS}/openai-reasoning-encrypted-content.1`));
    const recorded = await client.responses.create({ model: 'm', input: 'Compute', store: false });
    const [reasoning, message] = recorded.output as AnyJson[];
    expect(reasoning.encrypted_content).toMatch(/^gAAAAABpPM/);
    const next = await client.responses.create({
      model: 'm',
      store: false,
      input: [reasoning, message, { role: 'user', content: 'What do you remember?' }],
    });
    expect(next.output_text).toBe('I remember nothing.');
    const tampered = { ...reasoning, encrypted_content: `${reasoning.encrypted_content.slice(0, -4)}AAAA` };
    const error = await errorOf(
      client.responses.create({ model: 'm', store: false, input: [tampered, message] }),
    );
    expect(error.code).toBe('invalid_encrypted_content');
  });

  it('names a blob without an item id by its ends', async () => {
    const [user, reasoning, message] = await statelessTurn([], 'Hi');
    const { id: _id, ...anonymous } = reasoning;
    const blob = `${reasoning.encrypted_content.slice(0, -8)}AAAAAAA=`;
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      store: false,
      input: [user, { ...anonymous, encrypted_content: blob }, message],
    });
    expect((await jsonOf(res)).error.message).toBe(
      `The encrypted content gAAA...AAA= could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
    );
  });
});

describe('replayed reasoning items', () => {
  it('need their following item', async () => {
    const [user, reasoning, message] = await statelessTurn([], 'Hi');
    const expected = {
      message: `Item '${reasoning.id}' of type 'reasoning' was provided without its required following item.`,
      type: 'invalid_request_error',
      param: 'input',
      code: null,
    };
    const wrongFollower = { ...message, id: 'msg_other' };
    for (const input of [
      [user, reasoning],
      [user, reasoning, { role: 'user', content: 'next' }],
      [user, reasoning, wrongFollower],
    ]) {
      const res = await post(`${emu.url}/responses`, { model: 'm', store: false, input });
      expect(res.status).toBe(400);
      expect((await jsonOf(res)).error).toEqual(expected);
    }
    const { id: _id, ...withoutId } = message;
    const ok = await post(`${emu.url}/responses`, {
      model: 'm',
      store: false,
      input: [user, reasoning, withoutId],
    });
    expect(ok.status).toBe(200);
  });

  it('without encrypted_content are 404 under store: false, and resumed by id when stored', async () => {
    const [user, reasoning, message] = await statelessTurn([], 'My name is Ann');
    const { encrypted_content: _e, ...bare } = reasoning;
    const notFound = await post(`${emu.url}/responses`, {
      model: 'm',
      store: false,
      input: [user, bare, message],
    });
    expect(notFound.status).toBe(404);
    expect((await jsonOf(notFound)).error).toEqual({
      message: `Item with id '${reasoning.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
      type: 'invalid_request_error',
      param: 'input',
      code: null,
    });

    const stored = await client.responses.create({
      model: 'm',
      input: 'My name is Bob',
      reasoning: { effort: 'low' },
    });
    const [storedReasoning, storedMessage] = stored.output as AnyJson[];
    const resumed = await client.responses.create({
      model: 'm',
      input: [storedReasoning, storedMessage, { role: 'user', content: 'What do you remember?' }],
    });
    expect(resumed.output_text).toBe('I remember: "My name is Bob"');
    const referenced = await client.responses.create({
      model: 'm',
      input: [
        { type: 'item_reference', id: storedReasoning.id },
        { type: 'item_reference', id: storedMessage.id },
        { role: 'user', content: 'What do you remember?' },
      ],
    });
    expect(referenced.output_text).toBe('I remember: "My name is Bob"');
    const unknown = await errorOf(
      client.responses.create({
        model: 'm',
        input: [{ type: 'reasoning', id: 'rs_unknown', summary: [] }, storedMessage],
      }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.message).toContain("Item with id 'rs_unknown' not found.");
  });

  it('need a summary', async () => {
    const [user, reasoning, message] = await statelessTurn([], 'Hi');
    const { summary: _s, ...noSummary } = reasoning;
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      store: false,
      input: [user, noSummary, message],
    });
    expect((await jsonOf(res)).error).toMatchObject({
      param: 'input[1].summary',
      code: 'missing_required_parameter',
    });
  });
});

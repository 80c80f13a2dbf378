import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor, jsonOf, post } from './helpers.js';

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

const compaction = [{ type: 'compaction' as const, compact_threshold: 1000 }];
/** About 1,100 tokens: past a 1,000-token threshold on its own. */
const LONG = `Remember the plan: ${'step '.repeat(880)}end.`;

describe('server-side compaction', () => {
  it('adds a compaction item after the message once the context passes compact_threshold', async () => {
    const response = await client.responses.create({
      model: 'm',
      input: LONG,
      store: false,
      context_management: compaction,
    });
    expect(response.output.map((item) => item.type)).toEqual(['message', 'compaction']);
    const item = response.output[1] as AnyJson;
    expect(Object.keys(item)).toEqual(['id', 'type', 'encrypted_content']);
    expect(item.id).toMatch(/^cmp_[0-9a-f]{50}$/);
    expect(emu.readEncryptedContent(item.encrypted_content)).toMatchObject({
      kind: 'compaction',
      turn: 1,
      remembered: [LONG],
    });
    expect(response).not.toHaveProperty('context_management');
  });

  it('adds no compaction item below the threshold', async () => {
    const response = await client.responses.create({
      model: 'm',
      input: 'Short.',
      context_management: compaction,
    });
    expect(response.output.map((item) => item.type)).toEqual(['message']);
  });

  it('streams the compaction item with a truncated encrypted_content first, then the full one', async () => {
    const stream = await client.responses.create({
      model: 'm',
      input: LONG,
      stream: true,
      context_management: compaction,
    });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const tail = events.slice(-3) as AnyJson[];
    expect(tail.map((e) => [e.type, e.output_index])).toEqual([
      ['response.output_item.added', 1],
      ['response.output_item.done', 1],
      ['response.completed', undefined],
    ]);
    const [added, done, completed] = tail;
    expect(added.item.id).toBe(done.item.id);
    expect(done.item.encrypted_content.startsWith(added.item.encrypted_content)).toBe(true);
    expect(added.item.encrypted_content.length).toBeLessThan(done.item.encrypted_content.length / 2);
    expect(completed.response.output[1]).toEqual(done.item);
  });

  it('lets a request that starts from the compaction item remember everything, for few input tokens', async () => {
    const first = await client.responses.create({
      model: 'm',
      input: 'My name is Ann',
      store: false,
      reasoning: { effort: 'low' },
      context_management: compaction,
    });
    const history = [
      { role: 'user' as const, content: 'My name is Ann' },
      ...(first.output as ResponseInputItem[]),
    ];
    const second = await client.responses.create({
      model: 'm',
      store: false,
      reasoning: { effort: 'low' },
      context_management: compaction,
      input: [...history, { role: 'user', content: LONG }],
    });
    const cmp = second.output.at(-1) as AnyJson;
    expect(cmp.type).toBe('compaction');
    expect(second.usage!.input_tokens).toBeGreaterThan(1000);
    const third = await client.responses.create({
      model: 'm',
      store: false,
      input: [cmp, { role: 'user', content: 'What do you remember?' }],
    });
    expect(third.output_text).toBe(`I remember: "My name is Ann"; "${LONG}"`);
    expect(third.usage!.input_tokens).toBeLessThan(200);
  });

  it('answers 400 invalid_encrypted_content for a tampered compaction item', async () => {
    const response = await client.responses.create({
      model: 'm',
      input: LONG,
      store: false,
      context_management: compaction,
    });
    const cmp = response.output[1] as AnyJson;
    const tampered = `${cmp.encrypted_content.slice(0, 30)}${cmp.encrypted_content.slice(31)}`;
    const error = await errorOf(
      client.responses.create({
        model: 'm',
        input: [
          { ...cmp, encrypted_content: tampered },
          { role: 'user', content: 'Go on' },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_encrypted_content');
    expect((error.error as AnyJson).message).toBe(
      `The encrypted content for item ${cmp.id} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
    );
  });

  it('prunes a previous_response_id chain at its compaction item', async () => {
    const first = await client.responses.create({ model: 'm', input: LONG, context_management: compaction });
    expect(first.output.at(-1)?.type).toBe('compaction');
    const next = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: 'What do you remember?',
    });
    expect(next.output_text).toBe(`I remember: "${LONG}"`);
    expect(next.usage!.input_tokens).toBeLessThan(200);
    const counted = await client.responses.inputTokens.count({
      model: 'm',
      previous_response_id: first.id,
      input: 'What do you remember?',
    });
    expect(counted.input_tokens).toBe(next.usage!.input_tokens);
  });
});

describe('context_management validation', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['not an array', { type: 'compaction' }, 'context_management', 'invalid_type'],
    ['an entry that is not an object', ['compaction'], 'context_management[0]', 'invalid_type'],
    [
      'an entry without type',
      [{ compact_threshold: 2000 }],
      'context_management[0].type',
      'missing_required_parameter',
    ],
    ['another type', [{ type: 'truncation' }], 'context_management[0].type', 'invalid_value'],
    [
      'a threshold below 1000',
      [{ type: 'compaction', compact_threshold: 999 }],
      'context_management[0].compact_threshold',
      'integer_below_min_value',
    ],
    [
      'a fractional threshold',
      [{ type: 'compaction', compact_threshold: 1500.5 }],
      'context_management[0].compact_threshold',
      'invalid_type',
    ],
    [
      'an unknown key',
      [{ type: 'compaction', every: 3 }],
      'context_management[0].every',
      'unknown_parameter',
    ],
  ];
  for (const [what, value, param, code] of cases) {
    it(`rejects ${what} with a 400 on ${param}`, async () => {
      const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', context_management: value });
      expect(res.status).toBe(400);
      expect((await jsonOf(res)).error).toMatchObject({ type: 'invalid_request_error', param, code });
    });
  }

  it('names the minimum in the threshold error', async () => {
    const error = await errorOf(
      client.responses.create({
        model: 'm',
        input: 'Hi',
        context_management: [{ type: 'compaction', compact_threshold: 10 }],
      }),
    );
    expect((error.error as AnyJson).message).toBe(
      "Invalid 'context_management[0].compact_threshold': integer below minimum value. Expected a value >= 1000, but got 10 instead.",
    );
  });
});

describe('POST /responses/compact', () => {
  it('compacts input items into the user messages and one compaction item', async () => {
    const input: ResponseInputItem[] = [
      { role: 'user', content: 'My name is Ann' },
      { role: 'assistant', content: 'Hello Ann!' },
      { role: 'user', content: [{ type: 'input_text', text: 'I live in Paris' }] },
    ];
    const compacted = await client.responses.compact({ model: 'm', input });
    expect(compacted).toMatchObject({ object: 'response.compaction', id: expect.stringMatching(/^resp_/) });
    expect(compacted.created_at).toBeGreaterThan(0);
    const [ann, paris, cmp] = compacted.output as AnyJson[];
    expect(compacted.output).toHaveLength(3);
    expect(ann).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      status: 'completed',
      content: [{ type: 'input_text', text: 'My name is Ann' }],
      role: 'user',
    });
    expect(paris.content).toEqual([{ type: 'input_text', text: 'I live in Paris' }]);
    expect(cmp).toEqual({
      id: expect.stringMatching(/^cmp_/),
      type: 'compaction',
      encrypted_content: expect.any(String),
    });
    expect(compacted.usage.input_tokens).toBeGreaterThan(0);
    expect(compacted.usage.total_tokens).toBe(compacted.usage.input_tokens + compacted.usage.output_tokens);
    expect((await errorOf(client.responses.retrieve(compacted.id))).status).toBe(404);

    const next = await client.responses.create({
      model: 'm',
      store: false,
      input: [
        ...(compacted.output as ResponseInputItem[]),
        { role: 'user', content: 'What do you remember?' },
      ],
    });
    expect(next.output_text).toBe('I remember: "My name is Ann"; "I live in Paris"');
  });

  it('compacts a previous_response_id chain, also under the Azure path', async () => {
    const first = await client.responses.create({ model: 'm', input: 'one' });
    const second = await client.responses.create({
      model: 'm',
      input: 'two',
      previous_response_id: first.id,
    });
    const azure = new OpenAI({ baseURL: emu.azureUrl, apiKey: 'test', maxRetries: 0 });
    const compacted = await azure.responses.compact({
      model: 'm',
      previous_response_id: second.id,
      input: [],
    });
    const texts = compacted.output.map((item) =>
      item.type === 'message' ? (item.content[0] as { text: string }).text : item.type,
    );
    expect(texts).toEqual(['one', 'two', 'compaction']);
    const memory = emu.readEncryptedContent((compacted.output[2] as AnyJson).encrypted_content);
    expect(memory).toMatchObject({ kind: 'compaction', remembered: ['one', 'two'], turn: 3 });
  });

  it('validates its request like POST /responses', async () => {
    const cases: Array<[unknown, number, string, string | null]> = [
      [{ input: 'Hi' }, 400, 'model', 'missing_required_parameter'],
      [{ model: 'm' }, 400, 'input', 'missing_required_parameter'],
      [{ model: 'm', input: 'Hi', stream: true }, 400, 'stream', 'unknown_parameter'],
      [
        { model: 'm', previous_response_id: 'resp_nope' },
        400,
        'previous_response_id',
        'previous_response_not_found',
      ],
      [
        { model: 'm', input: [{ type: 'compaction', encrypted_content: 'gAAAAAbad' }] },
        400,
        null as never,
        'invalid_encrypted_content',
      ],
    ];
    for (const [body, status, param, code] of cases) {
      const res = await post(`${emu.url}/responses/compact`, body);
      expect(res.status).toBe(status);
      expect((await jsonOf(res)).error).toMatchObject({ param, code });
    }
  });
});

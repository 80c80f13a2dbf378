import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { patternExample, valueFromSchema } from '../src/model/json-from-schema.js';
import { clientFor, eventsOf, jsonOf, post, readFrames } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const invoice = {
  type: 'object',
  properties: {
    number: { type: 'string', pattern: '^INV-\\d{4}$' },
    summary: { type: 'string' },
    total: { type: 'number', minimum: 10 },
    currency: { type: 'string', enum: ['EUR', 'USD'] },
    due: { type: 'string', format: 'date' },
    paid: { type: 'boolean' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { item: { type: 'string' }, qty: { type: 'integer' } },
        required: ['item', 'qty'],
        additionalProperties: false,
      },
    },
    note: { type: ['string', 'null'] },
  },
  required: ['number', 'summary', 'total', 'currency', 'due', 'paid', 'lines', 'note'],
  additionalProperties: false,
};
const format = (schema: object, extra: object = {}) => ({
  text: { format: { type: 'json_schema', name: 'invoice', schema, strict: true, ...extra } },
});

describe('text.format on the default model', () => {
  it('answers a json_schema format with JSON made from the schema, the echo in its first free string', async () => {
    const client = clientFor(emu);
    const response = await client.responses.create({
      model: 'm',
      input: 'INV-7 please',
      ...format(invoice),
    } as never);
    expect(JSON.parse(response.output_text)).toEqual({
      number: 'INV-0000',
      summary: 'You said: "INV-7 please"',
      total: 10,
      currency: 'EUR',
      due: '2026-01-01',
      paid: true,
      lines: [{ item: 'item', qty: 0 }],
      note: 'note',
    });
    expect(response.text?.format).toMatchObject({ type: 'json_schema', name: 'invoice', strict: true });
  });

  it('gives the same JSON for the same request', async () => {
    const client = clientFor(emu);
    const body = { model: 'm', input: 'same', ...format(invoice) } as never;
    const a = await client.responses.create(body);
    const b = await client.responses.create(body);
    expect(a.output_text).toBe(b.output_text);
  });

  it('answers json_object with a JSON object holding its message', async () => {
    const response = await clientFor(emu).responses.create({
      model: 'm',
      input: 'Hi in JSON',
      text: { format: { type: 'json_object' } },
    });
    expect(JSON.parse(response.output_text)).toEqual({ message: 'You said: "Hi in JSON"' });
  });

  it('follows local $refs and ends a recursive schema with the nullable branch', () => {
    const tree = {
      type: 'object',
      properties: { name: { type: 'string' }, child: { anyOf: [{ $ref: '#' }, { type: 'null' }] } },
      required: ['name', 'child'],
      additionalProperties: false,
    };
    const value = valueFromSchema(tree, 'root') as any;
    expect(value.name).toBe('root');
    let depth = 0;
    for (let node = value.child; node; node = node.child) depth++;
    expect(depth).toBeGreaterThan(2);
    expect(depth).toBeLessThan(10);
  });

  it('writes the shortest string a simple pattern matches, and gives up on one it cannot follow', () => {
    expect(patternExample('^INV-\\d+$')).toBe('INV-0');
    expect(patternExample('^[A-Z]{3}-(?:north|south)$')).toBe('AAA-north');
    expect(patternExample('^\\w+@\\w+\\.com$')).toBe('a@a.com');
    expect(patternExample('^(?=.*\\d)x$')).toBeUndefined();
  });
});

describe('text.format validation', () => {
  async function refused(body: object) {
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', ...body });
    return { status: res.status, error: (await jsonOf(res)).error };
  }

  it('refuses a strict schema that breaks strict mode with the service message', async () => {
    const open = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    expect(await refused(format(open))).toEqual({
      status: 400,
      error: {
        message:
          "Invalid schema for response_format 'invoice': In context=(), 'additionalProperties' is required to be supplied and to be false.",
        type: 'invalid_request_error',
        param: 'text.format.schema',
        code: 'invalid_json_schema',
      },
    });
    const nested = {
      type: 'object',
      properties: {
        address: { type: 'object', properties: { zip: { type: 'string' } }, additionalProperties: false },
      },
      required: ['address'],
      additionalProperties: false,
    };
    expect((await refused(format(nested))).error.message).toBe(
      "Invalid schema for response_format 'invoice': In context=('properties', 'address'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'zip'.",
    );
  });

  it('takes the same schema without strict mode', async () => {
    const open = { type: 'object', properties: { a: { type: 'string' } } };
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      ...format(open, { strict: false }),
    });
    expect(res.status).toBe(200);
  });

  it('refuses a json_schema format without a name or a schema, or with a bad name', async () => {
    expect(
      (await refused({ text: { format: { type: 'json_schema', schema: invoice } } })).error,
    ).toMatchObject({
      param: 'text.format.name',
      code: 'missing_required_parameter',
    });
    expect((await refused({ text: { format: { type: 'json_schema', name: 'x' } } })).error).toMatchObject({
      param: 'text.format.schema',
      code: 'missing_required_parameter',
    });
    expect((await refused(format(invoice, { name: 'my invoice' }))).error).toMatchObject({
      param: 'text.format.name',
      code: 'invalid_value',
    });
  });
});

describe('scripted turns under a text.format', () => {
  it('refuses a scripted message that does not match the schema, naming the turn and the field', async () => {
    emu.enqueue(reply.text('{"number":"INV-0001","total":"12"}'));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', ...format(invoice) });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect((await jsonOf(res)).error.message).toBe(
      'Script error: turn 0: output[0].text: does not match text.format \'invoice\': at $: missing required property "summary"',
    );
  });

  it('refuses a scripted message that is not JSON under json_object, and takes one that is', async () => {
    emu.enqueue(reply.text('Sure!'), reply.text('{"ok":true}'));
    const body = { model: 'm', input: 'Hi', text: { format: { type: 'json_object' } } };
    const bad = await post(`${emu.url}/responses`, body);
    expect((await jsonOf(bad)).error.message).toBe(
      "Script error: turn 0: output[0].text: is not JSON, but the request asks for text.format 'json_object'",
    );
    const good = await clientFor(emu).responses.create(body as never);
    expect(good.output_text).toBe('{"ok":true}');
  });

  it('does not check messages against a schema sent without strict mode', async () => {
    emu.enqueue(reply.text('not json at all'));
    const response = await clientFor(emu).responses.create({
      model: 'm',
      input: 'Hi',
      ...format(invoice, { strict: false }),
    } as never);
    expect(response.output_text).toBe('not json at all');
  });

  it('streams a scripted refusal as refusal events', async () => {
    emu.enqueue(reply.refusal("I can't help with that."));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      stream: true,
      ...format(invoice),
    });
    const events = eventsOf((await readFrames(res)).frames);
    const types = events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'response.refusal.delta',
        'response.refusal.done',
        'response.content_part.done',
      ]),
    );
    expect(types).not.toContain('response.output_text.delta');
    expect(
      events
        .filter((e) => e.type === 'response.refusal.delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe("I can't help with that.");
    const completed = events.at(-1) as any;
    expect(completed.type).toBe('response.completed');
    expect(completed.response.output[0].content).toEqual([
      { type: 'refusal', refusal: "I can't help with that." },
    ]);
  });
});

describe('tool_choice, parallel_tool_calls and max_output_tokens', () => {
  const weather = {
    type: 'function',
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
    strict: true,
  };
  const time = { type: 'function', name: 'get_time', parameters: { type: 'object', properties: {} } };

  it('makes the default model call the first function for "required", with arguments from its schema', async () => {
    const response = await clientFor(emu).responses.create({
      model: 'm',
      input: 'Paris',
      tools: [weather, time] as never,
      tool_choice: 'required',
    });
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect(JSON.parse((response.output[0] as any).arguments)).toEqual({ city: 'Paris', unit: 'c' });
  });

  it('makes the default model call the function a tool_choice names', async () => {
    const response = await clientFor(emu).responses.create({
      model: 'm',
      input: 'What time is it?',
      tools: [weather, time] as never,
      tool_choice: { type: 'function', name: 'get_time' },
    });
    expect(response.output[0]).toMatchObject({ type: 'function_call', name: 'get_time', arguments: '{}' });
  });

  it('makes at most one function call per turn with parallel_tool_calls: false, scripted or not', async () => {
    emu.enqueue(
      reply.toolCalls([
        { name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } },
        { name: 'get_time' },
      ]),
    );
    const client = clientFor(emu);
    const one = await client.responses.create({
      model: 'm',
      input: 'Weather and time?',
      tools: [weather, time] as never,
      parallel_tool_calls: false,
    });
    expect(one.output.map((i: any) => i.name)).toEqual(['get_weather']);
    emu.enqueue(
      reply.toolCalls([
        { name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } },
        { name: 'get_time' },
      ]),
    );
    const two = await client.responses.create({
      model: 'm',
      input: 'Again',
      tools: [weather, time] as never,
    });
    expect(two.output.map((i: any) => i.name)).toEqual(['get_weather', 'get_time']);
  });

  it('stops at max_output_tokens with an incomplete response and a cut message', async () => {
    const long = 'word '.repeat(200);
    emu.enqueue(reply.text(long));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Talk',
      stream: true,
      max_output_tokens: 16,
    });
    const events = eventsOf((await readFrames(res)).frames);
    const last = events.at(-1) as any;
    expect(last.type).toBe('response.incomplete');
    expect(last.response.status).toBe('incomplete');
    expect(last.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(last.response.usage.output_tokens).toBeLessThanOrEqual(16);
    const message = last.response.output[0];
    expect(message.status).toBe('incomplete');
    expect(message.content[0].text).toBe(long.slice(0, 64));
    const deltas = events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(deltas).toBe(long.slice(0, 64));
  });

  it('leaves a response that fits max_output_tokens complete', async () => {
    const response = await clientFor(emu).responses.create({
      model: 'm',
      input: 'Hi',
      max_output_tokens: 100,
    });
    expect(response.status).toBe('completed');
    expect(response.incomplete_details).toBeNull();
  });
});

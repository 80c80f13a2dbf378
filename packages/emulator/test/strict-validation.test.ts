import OpenAI from 'openai';
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

async function refusal(body: Record<string, unknown>): Promise<AnyJson> {
  try {
    await client.responses.create({ model: 'm', input: 'Hi', ...body } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    return (error as InstanceType<typeof OpenAI.APIError>).error;
  }
  throw new Error('expected a 400');
}

function fn(parameters: unknown): Record<string, unknown> {
  return { tools: [{ type: 'function', name: 'f', parameters }] };
}

describe('function tool schemas', () => {
  it('are checked against the JSON Schema meta-schema, in the words of the real service', async () => {
    expect(await refusal(fn({ type: 'object', properties: 'nope' }))).toEqual({
      message: "Invalid schema for function 'f': 'nope' is not of type 'object'.",
      type: 'invalid_request_error',
      param: 'tools[0].parameters',
      code: 'invalid_function_parameters',
    });
    const typo = await refusal(fn({ type: 'object', properties: { city: { type: 'strin' } } }));
    expect(typo.message).toBe(
      "Invalid schema for function 'f': 'strin' is not valid under any of the given schemas.",
    );
    const list = await refusal(fn({ type: 'object', properties: { path: [] } }));
    expect(list.message).toBe("Invalid schema for function 'f': [] is not of type 'object', 'boolean'.");
    const required = await refusal(fn({ type: 'object', properties: {}, required: 'city' }));
    expect(required.message).toBe("Invalid schema for function 'f': 'city' is not of type 'array'.");
    const count = await refusal(fn({ type: 'object', properties: { s: { type: 'string', minLength: -1 } } }));
    expect(count.message).toBe("Invalid schema for function 'f': -1 is less than the minimum of 0.");
  });

  it('accept the keywords real schemas use', async () => {
    const parameters = {
      type: 'object',
      $defs: { unit: { type: 'string', enum: ['c', 'f'] } },
      properties: {
        city: { type: ['string', 'null'], description: 'A city', minLength: 1 },
        unit: { $ref: '#/$defs/unit' },
        days: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 7 },
        when: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
        pair: { type: 'array', items: [{ type: 'number' }, { type: 'number' }] },
      },
      required: ['city'],
      additionalProperties: false,
    };
    const response = await client.responses.create({ model: 'm', input: 'Hi', ...fn(parameters) } as never);
    expect(response.status).toBe('completed');
  });
});

describe('text.format schemas', () => {
  it('answer a reference that resolves to nothing with the real body', async () => {
    const schema = {
      type: 'object',
      properties: {
        elements: {
          type: 'array',
          items: { type: 'object', properties: { shared: { $ref: '#/$defs/Shared' } } },
        },
      },
    };
    expect(await refusal({ text: { format: { type: 'json_schema', name: 'response', schema } } })).toEqual({
      message:
        "Invalid schema for response_format 'response': In context=('properties', 'elements', 'items', 'properties', 'shared'), reference to component '#/$defs/Shared' which was not found in the schema.",
      type: 'invalid_request_error',
      param: 'text.format.schema',
      code: 'invalid_json_schema',
    });
  });

  it('are checked against the meta-schema too', async () => {
    const schema = { type: 'object', properties: { a: { type: 'strin' } } };
    const error = await refusal({ text: { format: { type: 'json_schema', name: 'answer', schema } } });
    expect(error.code).toBe('invalid_json_schema');
    expect(error.message).toBe(
      "Invalid schema for response_format 'answer': 'strin' is not valid under any of the given schemas.",
    );
  });
});

describe('hosted search tools', () => {
  it('echo web_search with the defaults of the real recording', async () => {
    const response = await client.responses.create({
      model: 'm',
      input: 'Hi',
      tools: [{ type: 'web_search' }],
    });
    expect(response.tools).toEqual([
      {
        type: 'web_search',
        filters: null,
        search_context_size: 'medium',
        user_location: { type: 'approximate', city: null, country: 'US', region: null, timezone: null },
      },
    ]);
  });

  it('refuse web_search options outside the API reference', async () => {
    const bad = (tool: Record<string, unknown>) => refusal({ tools: [{ type: 'web_search', ...tool }] });
    expect((await bad({ search_context_size: 'huge' })).param).toBe('tools[0].search_context_size');
    expect((await bad({ search_context_size: 'huge' })).code).toBe('invalid_value');
    expect(await bad({ max_results: 3 })).toMatchObject({
      message: "Unknown parameter: 'tools[0].max_results'.",
      code: 'unknown_parameter',
    });
    expect((await bad({ filters: { allowed_domains: 'example.com' } })).param).toBe(
      'tools[0].filters.allowed_domains',
    );
    const many = Array.from({ length: 101 }, (_, i) => `d${i}.example`);
    expect((await bad({ filters: { allowed_domains: many } })).code).toBe('array_above_max_length');
    expect((await bad({ user_location: { type: 'exact' } })).param).toBe('tools[0].user_location.type');
    expect((await bad({ user_location: { city: 7 } })).code).toBe('invalid_type');
  });

  it('accept the blocked_domains filter the Azure guide documents', async () => {
    const tools = [
      { type: 'web_search', filters: { allowed_domains: ['who.int'], blocked_domains: ['x.example'] } },
    ];
    const response = await client.responses.create({ model: 'm', input: 'Hi', tools } as never);
    expect((response.tools[0] as AnyJson).filters).toEqual(tools[0]!.filters);
  });

  it('refuse a web_search_preview location without its type', async () => {
    const error = await refusal({
      tools: [{ type: 'web_search_preview', user_location: { city: 'Paris' } }],
    });
    expect(error).toMatchObject({ param: 'tools[0].user_location.type', code: 'missing_required_parameter' });
  });

  it('refuse file_search options outside the API reference', async () => {
    const bad = (tool: Record<string, unknown>) => refusal({ tools: [{ type: 'file_search', ...tool }] });
    expect((await bad({})).code).toBe('missing_required_parameter');
    expect((await bad({ vector_store_ids: 'vs_1' })).code).toBe('invalid_type');
    const ids = { vector_store_ids: ['vs_1'] };
    expect((await bad({ ...ids, max_num_results: 0 })).code).toBe('integer_below_min_value');
    expect((await bad({ ...ids, max_num_results: 51 })).code).toBe('integer_above_max_value');
    expect((await bad({ ...ids, ranking_options: { ranker: 'best' } })).param).toBe(
      'tools[0].ranking_options.ranker',
    );
    expect((await bad({ ...ids, ranking_options: { score_threshold: 2 } })).code).toBe(
      'decimal_above_max_value',
    );
    expect((await bad({ ...ids, filters: { type: 'like', key: 'a', value: 'b' } })).param).toBe(
      'tools[0].filters.type',
    );
    expect((await bad({ ...ids, filters: { type: 'and', filters: [{ type: 'eq', key: 'a' }] } })).param).toBe(
      'tools[0].filters.filters[0].value',
    );
  });
});

describe('content parts and messages', () => {
  it('refuse a key a text part does not have, as the real service does', async () => {
    const input = [
      { role: 'user', content: [{ type: 'input_text', text: 'Hi', cache_control: { type: 'ephemeral' } }] },
    ];
    expect(await refusal({ input })).toEqual({
      message: "Unknown parameter: 'input[0].content[0].cache_control'.",
      type: 'invalid_request_error',
      param: 'input[0].content[0].cache_control',
      code: 'unknown_parameter',
    });
  });

  it('check refusal and output_text parts of assistant messages', async () => {
    const assistant = (part: Record<string, unknown>) => ({
      input: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [part] },
        { role: 'user', content: 'Again' },
      ],
    });
    expect((await refusal(assistant({ type: 'refusal' }))).param).toBe('input[1].content[0].refusal');
    expect((await refusal(assistant({ type: 'output_text', text: 'x', annotations: 'none' }))).code).toBe(
      'invalid_type',
    );
    const response = await client.responses.create({
      model: 'm',
      ...assistant({ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }),
    } as never);
    expect(response.status).toBe('completed');
  });

  it('refuse an unknown message key, status or phase', async () => {
    expect((await refusal({ input: [{ role: 'user', content: 'Hi', name: 'ann' }] })).param).toBe(
      'input[0].name',
    );
    expect((await refusal({ input: [{ role: 'user', content: 'Hi', status: 'done' }] })).code).toBe(
      'invalid_value',
    );
    const phase = { role: 'assistant', content: 'Ok', phase: 'draft' };
    expect((await refusal({ input: [phase, { role: 'user', content: 'Hi' }] })).param).toBe('input[0].phase');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { jsonOf, post } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ models: ['gpt-5.1', 'm'] });
});
afterAll(() => emu.close());

async function errorFor(body: unknown): Promise<{ status: number; error: Record<string, unknown> }> {
  const res = await post(`${emu.url}/responses`, body);
  const json = await jsonOf(res);
  expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return { status: res.status, error: json.error };
}

const strictParams = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};
const fn = (extra: Record<string, unknown>) => ({
  type: 'function',
  name: 'f',
  parameters: strictParams,
  ...extra,
});

describe('request validation', () => {
  it.each([
    [
      'a missing model',
      { input: 'Hi' },
      'model',
      'missing_required_parameter',
      "Missing required parameter: 'model'.",
    ],
    [
      'a model of the wrong type',
      { model: 5, input: 'Hi' },
      'model',
      'invalid_type',
      "Invalid type for 'model': expected a string, but got an integer instead.",
    ],
    [
      'an unknown model',
      { model: 'gpt-nope', input: 'Hi' },
      'model',
      'model_not_found',
      "The requested model 'gpt-nope' does not exist.",
    ],
    [
      'a missing input',
      { model: 'm' },
      'input',
      'missing_required_parameter',
      "Missing required parameter: 'input'.",
    ],
    [
      'an input of the wrong type',
      { model: 'm', input: 42 },
      'input',
      'invalid_type',
      "Invalid type for 'input': expected a string or an array, but got an integer instead.",
    ],
    [
      'an input item that is not an object',
      { model: 'm', input: ['Hi'] },
      'input[0]',
      'invalid_type',
      "Invalid type for 'input[0]': expected an object, but got a string instead.",
    ],
    [
      'an unknown input item type',
      { model: 'm', input: [{ type: 'bogus' }] },
      'input[0].type',
      'invalid_value',
      null,
    ],
    [
      'an unknown role',
      { model: 'm', input: [{ role: 'robot', content: 'Hi' }] },
      'input[0].role',
      'invalid_value',
      "Invalid value: 'robot'. Supported values are: 'assistant', 'system', 'developer', and 'user'.",
    ],
    [
      'input_text in an assistant message',
      { model: 'm', input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }] },
      'input[0].content[0].type',
      'invalid_value',
      "Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'.",
    ],
    [
      'a message without content',
      { model: 'm', input: [{ role: 'user' }] },
      'input[0].content',
      'missing_required_parameter',
      null,
    ],
    [
      'a function_call_output without call_id',
      { model: 'm', input: [{ type: 'function_call_output', output: 'x' }] },
      'input[0].call_id',
      'missing_required_parameter',
      null,
    ],
    [
      'a function_call with object arguments',
      { model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] },
      'input[0].arguments',
      'invalid_type',
      null,
    ],
    [
      'an unknown parameter',
      { model: 'm', input: 'Hi', foo: 1 },
      'foo',
      'unknown_parameter',
      "Unknown parameter: 'foo'.",
    ],
    [
      'a temperature below the minimum',
      { model: 'm', input: 'Hi', temperature: -1 },
      'temperature',
      'decimal_below_min_value',
      "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -1 instead.",
    ],
    [
      'a top_p above the maximum',
      { model: 'm', input: 'Hi', top_p: 2 },
      'top_p',
      'decimal_above_max_value',
      null,
    ],
    ['a store of the wrong type', { model: 'm', input: 'Hi', store: 'yes' }, 'store', 'invalid_type', null],
    [
      'metadata with a non-string value',
      { model: 'm', input: 'Hi', metadata: { a: 1 } },
      'metadata.a',
      'invalid_type',
      null,
    ],
    [
      'stream_options without stream',
      { model: 'm', input: 'Hi', stream_options: {} },
      'stream_options',
      'invalid_value',
      null,
    ],
    [
      'an unknown include',
      { model: 'm', input: 'Hi', include: ['nope'] },
      'include[0]',
      'invalid_value',
      null,
    ],
    [
      'background mode with store: false',
      { model: 'm', input: 'Hi', background: true, store: false },
      'background',
      'invalid_value',
      "Background mode requires 'store' to be true: a background response is stored so it can be polled, streamed again and cancelled.",
    ],
    [
      'a background that is not a boolean',
      { model: 'm', input: 'Hi', background: 'yes' },
      'background',
      'invalid_type',
      "Invalid type for 'background': expected a boolean, but got a string instead.",
    ],
  ])('rejects %s with 400', async (_name, body, param, code, message) => {
    const { status, error } = await errorFor(body);
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code });
    if (message) expect(error.message).toBe(message);
  });

  it('rejects a non-object body', async () => {
    const { status, error } = await errorFor([1, 2]);
    expect(status).toBe(400);
    expect(error.message).toBe('Invalid body: expected a JSON object, but got an array instead.');
  });

  it('answers validation errors of a streamed request as JSON, not SSE', async () => {
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      stream: true,
      temperature: -1,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
  });
});

describe('tool validation', () => {
  it.each([
    [
      'a missing function name',
      [{ type: 'function', parameters: strictParams }],
      'tools[0].name',
      'missing_required_parameter',
      null,
    ],
    [
      'a function name with spaces',
      [fn({ name: 'get weather' })],
      'tools[0].name',
      'invalid_value',
      "Invalid 'tools[0].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.",
    ],
    [
      'a function name longer than 64 characters',
      [fn({ name: 'x'.repeat(65) })],
      'tools[0].name',
      'invalid_value',
      null,
    ],
    ['an unknown tool type', [{ type: 'teleport' }], 'tools[0].type', 'invalid_value', null],
    [
      'parameters that are not an object schema',
      [fn({ parameters: { type: 'string' } })],
      'tools[0].parameters',
      'invalid_function_parameters',
      `Invalid schema for function 'f': schema must be a JSON Schema of 'type: "object"', got 'type: "string"'.`,
    ],
    [
      'parameters that are an array',
      [fn({ parameters: [] })],
      'tools[0].parameters',
      'invalid_function_parameters',
      null,
    ],
    [
      'a strict schema without additionalProperties: false',
      [
        fn({
          strict: true,
          parameters: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        }),
      ],
      'tools[0].parameters',
      'invalid_function_parameters',
      "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.",
    ],
    [
      'a strict schema with a property missing from required',
      [
        fn({
          strict: true,
          parameters: {
            type: 'object',
            properties: { a: { type: 'string' }, unit: { type: 'string' } },
            required: ['a'],
            additionalProperties: false,
          },
        }),
      ],
      'tools[0].parameters',
      'invalid_function_parameters',
      "Invalid schema for function 'f': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'unit'.",
    ],
    [
      'a strict schema with a loose nested object',
      [
        { type: 'function', name: 'ok', parameters: strictParams, strict: true },
        fn({
          strict: true,
          parameters: {
            type: 'object',
            properties: {
              place: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
            required: ['place'],
            additionalProperties: false,
          },
        }),
      ],
      'tools[1].parameters',
      'invalid_function_parameters',
      "Invalid schema for function 'f': In context=('properties', 'place'), 'additionalProperties' is required to be supplied and to be false.",
    ],
    [
      'a strict schema with a loose object in array items',
      [
        fn({
          strict: true,
          parameters: {
            type: 'object',
            properties: { list: { type: 'array', items: { type: 'object', properties: {} } } },
            required: ['list'],
            additionalProperties: false,
          },
        }),
      ],
      'tools[0].parameters',
      'invalid_function_parameters',
      null,
    ],
    [
      'duplicate tool names',
      [fn({}), fn({})],
      'tools[1].name',
      'duplicate_tool_name',
      "Duplicate tool name: 'f' is defined in both tools[0] and tools[1]. Tool names must be unique.",
    ],
  ])('rejects %s with 400', async (_name, tools, param, code, message) => {
    const { status, error } = await errorFor({ model: 'm', input: 'Hi', tools });
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code });
    if (message) expect(error.message).toBe(message);
  });

  it('rejects a tool_choice naming a function that is not in tools', async () => {
    const { error } = await errorFor({
      model: 'm',
      input: 'Hi',
      tools: [fn({})],
      tool_choice: { type: 'function', name: 'other' },
    });
    expect(error).toMatchObject({
      param: 'tool_choice',
      message: "Tool choice 'other' not found in 'tools' parameter.",
    });
  });

  it('accepts a non-strict loose schema and echoes strict: false', async () => {
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      tools: [{ type: 'function', name: 'loose', parameters: { type: 'object', properties: { a: {} } } }],
    });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.tools[0]).toEqual({
      type: 'function',
      description: null,
      name: 'loose',
      parameters: { type: 'object', properties: { a: {} } },
      strict: false,
    });
  });

  it('accepts hosted tools and strict schemas with $defs and anyOf', async () => {
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      tools: [
        { type: 'code_interpreter', container: { type: 'auto' } },
        {
          type: 'function',
          name: 'book',
          strict: true,
          parameters: {
            type: 'object',
            properties: { when: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/slot' }] } },
            required: ['when'],
            additionalProperties: false,
            $defs: {
              slot: {
                type: 'object',
                properties: { h: { type: 'integer' } },
                required: ['h'],
                additionalProperties: false,
              },
            },
          },
        },
      ],
    });
    expect(res.status).toBe(200);
  });
});

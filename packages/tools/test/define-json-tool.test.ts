import { describe, expect, it } from 'vitest';
import { defineJsonTool, parseToolInput, ToolDefinitionError } from '../src/index.js';

const parameters = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Order id' },
    limit: { type: 'integer' },
    verbose: { type: ['boolean', 'null'] },
  },
  required: ['id'],
};

function definitionError(define: () => unknown): ToolDefinitionError {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolDefinitionError);
    return error as ToolDefinitionError;
  }
  throw new Error('expected a ToolDefinitionError');
}

describe('defineJsonTool', () => {
  it('sends the schema as given, without $schema, and not strict by default', () => {
    const tool = defineJsonTool({
      name: 'lookup_order',
      description: 'Look up an order.',
      parameters,
      execute: () => 1,
    });
    expect(tool.strict).toBe(false);
    expect(tool.definition).toEqual({
      type: 'function',
      name: 'lookup_order',
      description: 'Look up an order.',
      parameters: {
        type: 'object',
        properties: parameters.properties,
        required: ['id'],
      },
      strict: false,
    });
    expect(parameters.$schema).toBeDefined();
    expect(tool.parameters).not.toBe(parameters);
  });

  it('accepts an arguments object with the required properties of the declared types', () => {
    const tool = defineJsonTool({ name: 'lookup_order', description: 'd', parameters, execute: () => 1 });
    expect(parseToolInput(tool, '{"id":"A-1","limit":3,"verbose":null,"other":true}')).toEqual({
      ok: true,
      value: { id: 'A-1', limit: 3, verbose: null, other: true },
    });
  });

  it('refuses arguments that are not an object, lack a required property or have the wrong top-level type', () => {
    const tool = defineJsonTool({ name: 'lookup_order', description: 'd', parameters, execute: () => 1 });
    expect(parseToolInput(tool, '[]')).toMatchObject({ ok: false, error: { issues: [{ path: '' }] } });
    expect(parseToolInput(tool, '{"limit":1.5,"verbose":"yes"}')).toMatchObject({
      ok: false,
      error: {
        issues: [
          { path: 'id', message: 'Required' },
          { path: 'limit', message: 'Expected integer, received number' },
          { path: 'verbose', message: 'Expected boolean or null, received string' },
        ],
      },
    });
  });

  it('refuses unknown properties when the schema is closed', () => {
    const tool = defineJsonTool({
      name: 't',
      description: 'd',
      parameters: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      execute: () => 1,
    });
    expect(parseToolInput(tool, '{"b":1}')).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'b', message: 'Unknown property' }] },
    });
  });

  it('accepts a schema that already meets strict mode with strict: true', () => {
    const strictParameters = {
      type: 'object',
      properties: {
        id: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        note: { type: ['string', 'null'] },
      },
      required: ['id', 'tags', 'note'],
      additionalProperties: false,
    };
    const tool = defineJsonTool({
      name: 't',
      description: 'd',
      parameters: strictParameters,
      strict: true,
      execute: () => 1,
    });
    expect(tool.definition.strict).toBe(true);
    expect(tool.parameters).toEqual(strictParameters);
  });

  it.each([
    [
      'an open object',
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      '',
      /does not set `additionalProperties: false`/,
    ],
    [
      'an optional property',
      { type: 'object', properties: { a: { type: 'string' } }, required: [], additionalProperties: false },
      '',
      /properties "a" are not listed in `required`/,
    ],
    [
      'an unsupported keyword',
      {
        type: 'object',
        properties: { a: { type: 'string', minLength: 1 } },
        required: ['a'],
        additionalProperties: false,
      },
      'properties.a',
      /keyword `minLength`/,
    ],
    [
      'oneOf',
      {
        type: 'object',
        properties: { a: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
        required: ['a'],
        additionalProperties: false,
      },
      'properties.a',
      /Use `anyOf`/,
    ],
  ])('refuses %s with strict: true, naming the path', (_, schema, path, message) => {
    const error = definitionError(() =>
      defineJsonTool({ name: 't', description: 'd', parameters: schema, strict: true, execute: () => 1 }),
    );
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });

  it('refuses parameters that are not an object schema', () => {
    expect(
      definitionError(() =>
        defineJsonTool({ name: 't', description: 'd', parameters: { type: 'string' }, execute: () => 1 }),
      ).message,
    ).toMatch(/must describe a JSON object/);
    expect(
      definitionError(() =>
        defineJsonTool({
          name: 't',
          description: 'd',
          parameters: null as unknown as object as never,
          execute: () => 1,
        }),
      ).message,
    ).toMatch(/`parameters` must be a JSON Schema object/);
  });

  it('checks the common options like defineTool', () => {
    expect(
      definitionError(() => defineJsonTool({ name: 'a b', description: 'd', parameters, execute: () => 1 }))
        .message,
    ).toMatch(/1 to 64 characters/);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ToolDefinitionError } from '../src/index.js';

const input = z.object({ city: z.string() });
const execute = ({ city }: { city: string }) => `sunny in ${city}`;

function definitionError(define: () => unknown): ToolDefinitionError {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolDefinitionError);
    return error as ToolDefinitionError;
  }
  throw new Error('expected a ToolDefinitionError');
}

describe('defineTool', () => {
  it('builds a strict function tool whose definition is what goes into tools[]', () => {
    const tool = defineTool({ name: 'get_weather', description: 'Get the weather.', input, execute });
    expect(tool.kind).toBe('function');
    expect(tool.strict).toBe(true);
    expect(tool.timeoutMs).toBeUndefined();
    expect(tool.needsApproval).toBe(false);
    expect(tool.input).toBe(input);
    expect(tool.definition).toEqual({
      type: 'function',
      name: 'get_weather',
      description: 'Get the weather.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      },
      strict: true,
    });
    expect(tool.parameters).toBe(tool.definition.parameters);
  });

  it('keeps the options it was given', () => {
    const needsApproval = () => true;
    const tool = defineTool({
      name: 'delete-invoice_2',
      description: 'Delete an invoice.',
      input,
      execute,
      strict: false,
      timeoutMs: 1500,
      needsApproval,
    });
    expect([tool.strict, tool.definition.strict, tool.timeoutMs, tool.needsApproval]).toEqual([
      false,
      false,
      1500,
      needsApproval,
    ]);
    expect(tool.parameters).toEqual({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    });
  });

  it('returns a frozen tool with a frozen schema', () => {
    const tool = defineTool({ name: 't', description: 'd', input, execute });
    expect(Object.isFrozen(tool)).toBe(true);
    expect(Object.isFrozen(tool.definition)).toBe(true);
    expect(Object.isFrozen((tool.parameters as { properties: object }).properties)).toBe(true);
  });

  it('accepts a refined or transformed object schema', () => {
    const tool = defineTool({
      name: 'range',
      description: 'A range.',
      input: z
        .object({ from: z.number(), to: z.number() })
        .refine((range) => range.from <= range.to, 'from must not exceed to')
        .transform(({ from, to }) => ({ length: to - from })),
      execute: ({ length }) => length,
    });
    expect(tool.parameters).toMatchObject({ required: ['from', 'to'] });
  });

  it.each([
    ['an empty name', ''],
    ['a name with spaces', 'get weather'],
    ['a name with dots', 'weather.get'],
    ['a name longer than 64 characters', 'a'.repeat(65)],
    ['a non-string name', 42],
  ])('refuses %s', (_, name) => {
    const error = definitionError(() =>
      defineTool({ name: name as string, description: 'd', input, execute }),
    );
    expect(error.message).toMatch(/1 to 64 characters of letters, digits, "_" or "-"/);
  });

  it('accepts a 64-character name', () => {
    expect(defineTool({ name: 'a'.repeat(64), description: 'd', input, execute }).name).toHaveLength(64);
  });

  it.each([
    ['an empty description', ''],
    ['a blank description', '   '],
    ['a missing description', undefined],
  ])('refuses %s', (_, description) => {
    const error = definitionError(() =>
      defineTool({ name: 'get_weather', description: description as string, input, execute }),
    );
    expect(error.toolName).toBe('get_weather');
    expect(error.message).toMatch(/needs a non-empty `description`/);
  });

  it.each([
    ['zero', 0],
    ['a negative number', -5],
    ['infinity', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
    ['a string', '100'],
  ])('refuses a timeoutMs of %s', (_, timeoutMs) => {
    const error = definitionError(() =>
      defineTool({ name: 't', description: 'd', input, execute, timeoutMs: timeoutMs as number }),
    );
    expect(error.message).toMatch(/`timeoutMs` must be a positive, finite number/);
  });

  it('refuses a missing execute function', () => {
    const error = definitionError(() =>
      defineTool({ name: 't', description: 'd', input, execute: undefined as unknown as typeof execute }),
    );
    expect(error.message).toMatch(/needs an `execute` function/);
  });

  it('refuses a needsApproval that is neither a boolean nor a function', () => {
    const error = definitionError(() =>
      defineTool({ name: 't', description: 'd', input, execute, needsApproval: 'yes' as unknown as boolean }),
    );
    expect(error.message).toMatch(/`needsApproval` must be a boolean or a function/);
  });

  it('refuses an input that is not a zod schema', () => {
    const error = definitionError(() =>
      defineTool({
        name: 't',
        description: 'd',
        input: { city: 'string' } as unknown as typeof input,
        execute,
      }),
    );
    expect(error.message).toMatch(/`input` must be a zod 4 object schema/);
  });

  it('refuses an input that is not an object schema, since the API needs an object at the top level', () => {
    const error = definitionError(() =>
      defineTool({ name: 't', description: 'd', input: z.array(z.string()), execute: () => 1 }),
    );
    expect(error.message).toMatch(/`input` must describe a JSON object.*got type "array"/);
    expect(error.path).toBe('');
  });

  it('refuses a construct strict mode cannot express, and accepts it with strict: false', () => {
    const schema = z.object({ labels: z.record(z.string(), z.string()) });
    const error = definitionError(() =>
      defineTool({ name: 't', description: 'd', input: schema, execute: () => 1 }),
    );
    expect(error.path).toBe('properties.labels');
    const loose = defineTool({ name: 't', description: 'd', input: schema, execute: () => 1, strict: false });
    expect(loose.definition.strict).toBe(false);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  codeInterpreterTool,
  defineJsonTool,
  defineTool,
  hostedMcpTool,
  imageGenerationTool,
  ToolDefinitionError,
  toStrictJsonSchema,
} from '../src/index.js';

const thisFile = fileURLToPath(import.meta.url);

/** What `define()` threw, which must be a ToolDefinitionError. */
function definitionError(define: () => unknown): ToolDefinitionError {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolDefinitionError);
    return error as ToolDefinitionError;
  }
  throw new Error('expected a ToolDefinitionError');
}

/** The `at …` lines of a stack, without the message (which may span several lines). */
function frames(error: Error): string[] {
  return (error.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
}

/** The stack begins at the line of this file that made the call, and shows nothing of turnkit inside. */
function expectStackAtCaller(error: Error): void {
  const stack = frames(error);
  expect(stack[0]).toContain(thisFile);
  expect(error.stack).not.toMatch(
    /strict-walker|tool-options|schema-checks|packages[/\\]tools[/\\](src|dist)/,
  );
  expect(error.stack?.startsWith(`ToolDefinitionError: ${error.message}`)).toBe(true);
}

const noop = () => 'ok';

describe('a tool definition error', () => {
  it.each([
    [
      'a record in an array of objects',
      z.object({ orders: z.array(z.object({ id: z.string(), extras: z.record(z.string(), z.number()) })) }),
      'properties.orders.items.properties.extras',
    ],
    [
      'an unknown inside a union inside an array of objects',
      z.object({
        stops: z.array(
          z.object({ at: z.union([z.string(), z.object({ lat: z.number(), raw: z.unknown() })]) }),
        ),
      }),
      'properties.stops.items.properties.at.anyOf[1].properties.raw',
    ],
    [
      'a tuple two objects deep',
      z.object({ a: z.object({ b: z.object({ pair: z.tuple([z.string(), z.number()]) }) }) }),
      'properties.a.properties.b.properties.pair',
    ],
    [
      'a date in a discriminated union',
      z.object({
        event: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('a'), when: z.date() }),
          z.object({ kind: z.literal('b') }),
        ]),
      }),
      'properties.event.anyOf[0].properties.when',
    ],
  ])(
    'from defineTool with %s starts its stack at the caller and names the tool and the path',
    (_, input, path) => {
      const error = definitionError(() =>
        defineTool({ name: 'plan_trip', description: 'Plans a trip.', input, execute: noop }),
      );
      expect(error.path).toBe(path);
      expect(error.message).toContain('Tool "plan_trip"');
      expectStackAtCaller(error);
    },
  );

  it('from toStrictJsonSchema starts its stack at the caller', () => {
    const error = definitionError(() =>
      toStrictJsonSchema(z.object({ rows: z.array(z.object({ cells: z.record(z.string(), z.string()) })) }), {
        strict: true,
        toolName: 'sheet',
      }),
    );
    expect(error.path).toBe('properties.rows.items.properties.cells');
    expectStackAtCaller(error);
  });

  it('from defineJsonTool in strict mode starts its stack at the caller', () => {
    const error = definitionError(() =>
      defineJsonTool({
        name: 'sheet',
        description: 'A sheet.',
        strict: true,
        parameters: {
          type: 'object',
          properties: {
            rows: { type: 'array', items: { type: 'object', properties: { x: { type: 'string' } } } },
          },
          required: ['rows'],
          additionalProperties: false,
        },
        execute: noop,
      }),
    );
    expect(error.path).toBe('properties.rows.items');
    expectStackAtCaller(error);
  });

  it.each([
    [
      'a bad name',
      () => defineTool({ name: 'bad name', description: 'x', input: z.object({}), execute: noop }),
    ],
    [
      'an input that is not zod',
      () => defineTool({ name: 't', description: 'x', input: {} as never, execute: noop }),
    ],
    [
      'a bad time limit',
      () => defineJsonTool({ name: 't', description: 'x', parameters: {}, timeoutMs: -1, execute: noop }),
    ],
    [
      'a schema that is not an object',
      () => defineJsonTool({ name: 't', description: 'x', parameters: { type: 'string' }, execute: noop }),
    ],
    ['a hosted MCP tool without a URL', () => hostedMcpTool({ serverLabel: 'docs', serverUrl: 'ftp://x' })],
    [
      'a hosted MCP tool with a bad tool list',
      () =>
        hostedMcpTool({ serverLabel: 'docs', serverUrl: 'https://x.example', allowedTools: [1 as never] }),
    ],
    ['a code interpreter with a bad container', () => codeInterpreterTool({ container: 'abc' })],
    ['an image generation tool with a bad option', () => imageGenerationTool({ quality: 'best' as never })],
  ])('for %s starts its stack at the caller', (_, define) => {
    expectStackAtCaller(definitionError(define));
  });
});

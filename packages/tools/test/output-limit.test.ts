import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DEFAULT_MAX_OUTPUT_BYTES,
  defineJsonTool,
  defineTool,
  type RunToolContext,
  runTool,
  type Tool,
  ToolDefinitionError,
  ToolOutputTooLargeError,
} from '../src/index.js';
import { callContext } from './fixtures/call-context.js';

const context = (): RunToolContext => callContext({ toolName: 'read_log' });

function readLog(output: unknown, maxOutputBytes?: number): Tool {
  return defineTool({
    name: 'read_log',
    description: 'Read the log.',
    input: z.object({}),
    execute: () => output,
    ...(maxOutputBytes === undefined ? {} : { maxOutputBytes }),
  });
}

describe('the tool output cap', () => {
  it('is 1 MiB by default, set on every defined tool', () => {
    expect(DEFAULT_MAX_OUTPUT_BYTES).toBe(1_048_576);
    expect(readLog('x').maxOutputBytes).toBe(DEFAULT_MAX_OUTPUT_BYTES);
    const json = defineJsonTool({
      name: 'j',
      description: 'J.',
      parameters: { type: 'object' },
      execute: () => 1,
    });
    expect(json.maxOutputBytes).toBe(DEFAULT_MAX_OUTPUT_BYTES);
  });

  it('drops a string over the default cap and tells the model its size and the cap', async () => {
    const result = await runTool(readLog('x'.repeat(DEFAULT_MAX_OUTPUT_BYTES + 1)), '{}', context());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolOutputTooLargeError);
    expect(result.error).toMatchObject({
      code: 'tool_output_too_large',
      toolName: 'read_log',
      sizeBytes: 1_048_577,
      maxOutputBytes: 1_048_576,
    });
    expect(result.output).toBe(
      'Error: tool "read_log" returned 1,048,577 bytes of output, more than its limit of 1,048,576 bytes, ' +
        'so the output was not sent. Call it again asking for less (a narrower query, a smaller page or range).',
    );
    expect(result.error.message).toMatch(/raise `maxOutputBytes` in the tool's definition/);
  });

  it('lets an output of exactly the cap through', async () => {
    const output = 'x'.repeat(DEFAULT_MAX_OUTPUT_BYTES);
    expect(await runTool(readLog(output), '{}', context())).toEqual({ ok: true, output });
  });

  it('counts UTF-8 bytes, not characters', async () => {
    // "é" is 2 bytes, "😀" (a surrogate pair) is 4, a lone surrogate is sent as U+FFFD (3).
    expect(await runTool(readLog('é'.repeat(5), 10), '{}', context())).toEqual({
      ok: true,
      output: 'ééééé',
    });
    const over = await runTool(readLog('é'.repeat(6), 10), '{}', context());
    expect(over.ok === false && over.error).toMatchObject({ sizeBytes: 12, maxOutputBytes: 10 });
    const emoji = await runTool(readLog('😀😀😀', 11), '{}', context());
    expect(emoji.ok === false && emoji.error).toMatchObject({ sizeBytes: 12 });
    const lone = await runTool(readLog('\ud800ab', 4), '{}', context());
    expect(lone.ok === false && lone.error).toMatchObject({ sizeBytes: 5 });
  });

  it('measures a JSON value as its serialized text', async () => {
    const rows = Array.from({ length: 3 }, (_, id) => ({ id }));
    const json = JSON.stringify(rows);
    expect(await runTool(readLog(rows, json.length), '{}', context())).toEqual({ ok: true, output: json });
    const over = await runTool(readLog(rows, json.length - 1), '{}', context());
    expect(over.ok === false && over.error).toMatchObject({ sizeBytes: json.length });
  });

  it('measures content parts as their JSON, images included', async () => {
    const parts = [
      { type: 'input_text', text: 'The chart:' },
      { type: 'input_image', image_url: `data:image/png;base64,${'A'.repeat(2_000)}` },
    ];
    const size = JSON.stringify(parts).length;
    expect((await runTool(readLog(parts, size), '{}', context())).ok).toBe(true);
    const over = await runTool(readLog(parts, 2_000), '{}', context());
    expect(over.ok === false && over.error).toMatchObject({
      code: 'tool_output_too_large',
      sizeBytes: size,
      maxOutputBytes: 2_000,
    });
  });

  it('takes a per-tool cap above the default, and Infinity for none', async () => {
    const big = 'y'.repeat(DEFAULT_MAX_OUTPUT_BYTES * 2);
    expect((await runTool(readLog(big, DEFAULT_MAX_OUTPUT_BYTES * 2), '{}', context())).ok).toBe(true);
    expect((await runTool(readLog(big, Number.POSITIVE_INFINITY), '{}', context())).ok).toBe(true);
  });

  it('applies the default cap to a hand-made tool without maxOutputBytes', async () => {
    const { maxOutputBytes: _dropped, ...rest } = readLog('z'.repeat(DEFAULT_MAX_OUTPUT_BYTES + 10));
    const result = await runTool(rest as Tool, '{}', context());
    expect(result.ok === false && result.error).toBeInstanceOf(ToolOutputTooLargeError);
  });

  it.each([
    [0, '0'],
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    ['1000', '"1000"'],
  ])('refuses maxOutputBytes %s, naming the option', (value, shown) => {
    expect(() =>
      defineTool({
        name: 'read_log',
        description: 'Read the log.',
        input: z.object({}),
        execute: () => 'x',
        maxOutputBytes: value as number,
      }),
    ).toThrow(
      new ToolDefinitionError(
        'read_log',
        `Tool "read_log": \`maxOutputBytes\` must be a positive whole number of bytes (e.g. 4_194_304 for 4 MiB) ` +
          `or Infinity for no cap, got ${shown}. Leave it out for the default of 1048576 bytes (1 MiB).`,
      ),
    );
  });
});

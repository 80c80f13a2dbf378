import { describe, expect, it } from 'vitest';
import { toCallToolResult, toContentBlock } from '../src/internal/to-call-tool-result.js';

describe('turnkit outputs as MCP results', () => {
  it('names images and files that MCP content cannot carry in a text block', () => {
    expect(toContentBlock({ type: 'input_image', image_url: 'https://example.com/a.png' })).toEqual({
      type: 'text',
      text: '[image: https://example.com/a.png]',
    });
    expect(toContentBlock({ type: 'input_image', file_id: 'file-1' })).toEqual({
      type: 'text',
      text: '[image: OpenAI file file-1]',
    });
    expect(
      toContentBlock({ type: 'input_file', filename: 'a.pdf', file_url: 'https://example.com/a.pdf' }),
    ).toEqual({ type: 'text', text: '[file "a.pdf": https://example.com/a.pdf]' });
    expect(toContentBlock({ type: 'input_file', file_data: 'data:application/pdf;base64,AAAA' })).toEqual({
      type: 'text',
      text: '[file with inline data, omitted: MCP text results cannot carry it]',
    });
  });

  it('adds structuredContent only for objects the tool returned, not for strings that look like JSON', () => {
    expect(toCallToolResult({ ok: true, output: '{"a":1}' }, '{"a":1}')).toEqual({
      content: [{ type: 'text', text: '{"a":1}' }],
    });
    expect(toCallToolResult({ ok: true, output: '[1,2]' }, [1, 2])).toEqual({
      content: [{ type: 'text', text: '[1,2]' }],
    });
    expect(toCallToolResult({ ok: true, output: '{"a":1}' }, { a: 1 })).toEqual({
      content: [{ type: 'text', text: '{"a":1}' }],
      structuredContent: { a: 1 },
    });
  });
});

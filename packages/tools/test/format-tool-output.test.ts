import { describe, expect, it } from 'vitest';
import { formatToolOutput, type ToolContentPart } from '../src/index.js';

describe('formatToolOutput', () => {
  it('passes a string through unchanged, even an empty one', () => {
    expect(formatToolOutput('sunny, 21 °C')).toBe('sunny, 21 °C');
    expect(formatToolOutput('')).toBe('');
  });

  it('says "(no output)" for undefined, so the model sees the call finished', () => {
    expect(formatToolOutput(undefined)).toBe('(no output)');
  });

  it('serializes other values as compact JSON', () => {
    expect(formatToolOutput(null)).toBe('null');
    expect(formatToolOutput(42)).toBe('42');
    expect(formatToolOutput(false)).toBe('false');
    expect(formatToolOutput({ a: [1, { b: 'c' }] })).toBe('{"a":[1,{"b":"c"}]}');
    expect(formatToolOutput([])).toBe('[]');
    expect(formatToolOutput(['a', 'b'])).toBe('["a","b"]');
    expect(formatToolOutput({ at: new Date('2026-01-02T03:04:05.000Z') })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z"}',
    );
  });

  it('passes an array of content parts through as a multi-part output', () => {
    const parts: ToolContentPart[] = [
      { type: 'input_text', text: 'The chart:' },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
      { type: 'input_file', file_id: 'file_123', filename: 'report.pdf' },
    ];
    expect(formatToolOutput(parts)).toEqual(parts);
  });

  it.each([
    [[{ type: 'input_text' }], /\[0\] is invalid: input_text needs a string "text"/],
    [
      [{ type: 'input_text', text: 'a' }, { type: 'input_image' }],
      /\[1\] is invalid: input_image needs "image_url"/,
    ],
    [[{ type: 'input_image', image_url: 'u', detail: 'max' }], /detail must be "low", "high" or "auto"/],
    [[{ type: 'input_file', filename: 'a.txt' }], /input_file needs "file_id", "file_data" or "file_url"/],
    [[{ type: 'input_text', text: 'a', extra: 1 }], /input_text does not take "extra"/],
    [[{ type: 'input_audio', data: 'x' }], /unknown type "input_audio"/],
    [[{ type: 'input_text', text: 5 }], /input_text.text must be a string/],
  ])('refuses a malformed content part %j, naming the problem', (value, message) => {
    expect(() => formatToolOutput(value)).toThrow(message);
  });

  it('serializes an array of other objects with a type field as JSON', () => {
    expect(formatToolOutput([{ type: 'city', name: 'Oslo' }])).toBe('[{"type":"city","name":"Oslo"}]');
  });

  it('throws a TypeError for values that cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => formatToolOutput(cyclic)).toThrow(TypeError);
    expect(() => formatToolOutput({ n: 1n })).toThrow(/cannot be serialized to JSON/);
    expect(() => formatToolOutput(() => 1)).toThrow(/a function cannot be serialized to JSON/);
    expect(() => formatToolOutput(Symbol('s'))).toThrow(/a symbol cannot be serialized to JSON/);
  });
});

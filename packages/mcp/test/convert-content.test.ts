import { describe, expect, it } from 'vitest';
import { errorText, toContentPart, toToolOutput } from '../src/internal/convert-content.js';

describe('MCP content conversion', () => {
  it('turns text into input_text and images into data URLs', () => {
    expect(toContentPart({ type: 'text', text: 'hi' })).toEqual({ type: 'input_text', text: 'hi' });
    expect(toContentPart({ type: 'image', data: 'AAAA', mimeType: 'image/jpeg' })).toEqual({
      type: 'input_image',
      image_url: 'data:image/jpeg;base64,AAAA',
    });
  });

  it('replaces audio with a short note instead of its base64', () => {
    expect(toContentPart({ type: 'audio', data: 'A'.repeat(4000), mimeType: 'audio/wav' })).toEqual({
      type: 'input_text',
      text: '[audio (audio/wav, about 3000 bytes) omitted: audio cannot be passed on to the model]',
    });
  });

  it('turns resource links and unknown blocks into JSON text', () => {
    const link = { type: 'resource_link', uri: 'file:///a', name: 'a' };
    expect(toContentPart(link)).toEqual({ type: 'input_text', text: JSON.stringify(link) });
    expect(toContentPart({ type: 'hologram', depth: 3 })).toEqual({
      type: 'input_text',
      text: '{"type":"hologram","depth":3}',
    });
  });

  it('joins text-only results into one string and keeps nothing as undefined', () => {
    expect(
      toToolOutput({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toBe('a\nb');
    expect(toToolOutput({ content: [] })).toBeUndefined();
    expect(toToolOutput({ content: [], toolResult: { legacy: true } })).toEqual({ legacy: true });
  });

  it('finds the text of an error result, or says there was none', () => {
    expect(errorText({ content: [{ type: 'text', text: 'denied' }] })).toBe('denied');
    expect(errorText({ content: [{ type: 'image', data: 'A', mimeType: 'image/png' }] })).toMatch(
      /^\[\{"type":"image"/,
    );
    expect(errorText({ content: [] })).toBe('the MCP server reported an error without details');
  });
});

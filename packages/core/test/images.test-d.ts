import { describe, expectTypeOf, it } from 'vitest';
import { imageFromUrl, type RunStream, userMessage } from '../src/index.js';

declare const stream: RunStream;

describe('image events and parts', () => {
  it('types the image events by name', () => {
    stream.on('image_partial', (e) => {
      expectTypeOf(e.index).toEqualTypeOf<number>();
      expectTypeOf(e.base64).toEqualTypeOf<string>();
    });
    stream.on('image_generated', (e) => {
      expectTypeOf(e.base64).toEqualTypeOf<string | null>();
      expectTypeOf(e.action).toEqualTypeOf<string | null>();
    });
  });

  it('takes only content parts in a user message', () => {
    userMessage('text', imageFromUrl('https://x.test/a.png'));
    // @ts-expect-error: a number is no content part
    userMessage('text', 42);
  });
});

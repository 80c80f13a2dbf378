import type { EasyInputMessage, ResponseInputContent } from 'openai/resources/responses/responses';
import { InputError } from '../errors/input-errors.js';

/**
 * A user message of text and parts, in order: each string becomes an `input_text` part; image
 * and file parts (from `imageFromFile`, `pdfFromFile`, …) go as they are.
 *
 * @throws {InputError} when given no content, or something that is neither a string nor an
 * `input_text`, `input_image` or `input_file` part.
 * @example
 * ```ts
 * import { type Agent, imageFromFile, userMessage } from '@turnkit/core';
 * declare const agent: Agent;
 * await agent.run([userMessage('What is in this picture?', await imageFromFile('cat.jpg'))]);
 * ```
 */
export function userMessage(...content: ReadonlyArray<string | ResponseInputContent>): EasyInputMessage {
  if (content.length === 0) throw new InputError('userMessage needs some text or at least one part.');
  const parts = content.map((part, index): ResponseInputContent => {
    if (typeof part === 'string') return { type: 'input_text', text: part };
    const type = (part as { type?: unknown } | null)?.type;
    if (type !== 'input_text' && type !== 'input_image' && type !== 'input_file') {
      throw new InputError(
        `userMessage part ${index} is not text or an input_text/input_image/input_file part; build parts with imageFromFile(), pdfFromFile() and the like.`,
      );
    }
    return part;
  });
  return { role: 'user', content: parts };
}

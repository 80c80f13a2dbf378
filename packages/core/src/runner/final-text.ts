import type { ResponseOutputItem } from 'openai/resources/responses/responses';
import { messageText } from './read-stream.js';

/**
 * The text a run answers with, from the last response's output: the messages labelled
 * `phase: "final_answer"` when the response labels any (its `commentary` messages are the
 * model's notes on the way), else every assistant message; several messages are kept apart by a
 * blank line.
 *
 * @example
 * import type { Response } from 'openai/resources/responses/responses';
 * import { finalText } from './final-text.js';
 * declare const response: Response;
 * finalText(response.output); // 'It is sunny in Paris.'
 */
export function finalText(output: readonly ResponseOutputItem[]): string {
  const messages = output.filter((item) => item.type === 'message');
  const final = messages.filter((item) => item.phase === 'final_answer');
  return (final.length > 0 ? final : messages)
    .map(messageText)
    .filter((text) => text !== '')
    .join('\n\n');
}

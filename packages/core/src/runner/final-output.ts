import type { Response } from 'openai/resources/responses/responses';
import type { ResolvedOutput } from '../output/output-spec.js';
import {
  OutputIncompleteError,
  OutputInvalidError,
  OutputRefusedError,
} from '../run-errors/output-errors.js';
import { finalText } from './final-text.js';

/** The answer's text of a response (see `finalText`) and the first refusal among its messages, if any. */
function answerOf(response: Response): { text: string; refusal: string | undefined } {
  let refusal: string | undefined;
  for (const item of response.output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'refusal') refusal ??= part.refusal;
  }
  return { text: finalText(response.output), refusal };
}

/**
 * Reads the final output of a run from its last response: the text of its messages, or, with a
 * structured output, that text parsed and validated. The JSON is parsed here, once the response
 * is complete, never from a stream's partial text.
 *
 * @throws {OutputRefusedError} when the model refused (a `refusal` part).
 * @throws {OutputIncompleteError} when the response is `incomplete` (the JSON is cut short).
 * @throws {OutputInvalidError} when the text is not JSON, not an object, or refused by the schema.
 *   (None of them carries `partial` yet: the loop adds it.)
 * @example
 * ```ts
 * import type { Agent } from '@turnkit/core';
 * import type { Response } from 'openai/resources/responses/responses';
 * import { readFinalOutput } from './final-output.js';
 * declare const agent: Agent;
 * declare const response: Response;
 * const finalOutput = await readFinalOutput(response, agent.config.output);
 * ```
 */
export async function readFinalOutput(
  response: Response,
  output: ResolvedOutput | undefined,
): Promise<unknown> {
  const { text, refusal } = answerOf(response);
  if (!output) return text;
  const responseId = response.id;
  if (refusal !== undefined) throw new OutputRefusedError({ rawText: refusal, responseId });
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    throw new OutputIncompleteError({ rawText: text, responseId, ...(reason ? { reason } : {}) });
  }
  const parsed = await output.parse(text);
  if (parsed.ok) return parsed.value;
  throw new OutputInvalidError({
    rawText: text,
    responseId,
    outputName: output.name,
    problem: parsed.problem,
    issues: parsed.issues,
  });
}

import type { Response } from 'openai/resources/responses/responses';

/**
 * Points the strings a response echoes from its request (its `instructions`, its tools' names
 * and descriptions) at the request's own where they are equal, so that the response does not
 * keep copies of them: a run keeps every response, and instructions run to kilobytes. Strings
 * are values, so nothing anyone can observe changes.
 *
 * @example
 * ```ts
 * import type { Response } from 'openai/resources/responses/responses';
 * import { shareEchoes } from './share-echoes.js';
 * declare const response: Response;
 * shareEchoes(response, { instructions: 'You answer in French.', tools: [] });
 * ```
 */
export function shareEchoes(response: Response, request: { instructions?: unknown; tools?: unknown }): void {
  const { instructions, tools } = request;
  if (typeof instructions === 'string' && response.instructions === instructions) {
    response.instructions = instructions;
  }
  const echoed = response.tools as unknown;
  if (!Array.isArray(tools) || !Array.isArray(echoed) || echoed.length !== tools.length) return;
  for (let i = 0; i < tools.length; i++) {
    const sent = tools[i] as { name?: unknown; description?: unknown } | null;
    const back = echoed[i] as { name?: unknown; description?: unknown } | null;
    if (typeof sent !== 'object' || sent === null || typeof back !== 'object' || back === null) continue;
    if (typeof sent.name === 'string' && back.name === sent.name) back.name = sent.name;
    if (typeof sent.description === 'string' && back.description === sent.description) {
      back.description = sent.description;
    }
  }
}

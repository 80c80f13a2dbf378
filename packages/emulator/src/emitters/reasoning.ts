import type { ScriptReasoning } from '../model/script.js';
import { newId, obfuscationFor } from '../wire/ids.js';
import type { WireItem } from '../wire/wire-types.js';
import { splitText } from './chunking.js';
import type { EventBody, ItemEmitter } from './emitter.js';

/**
 * Returns the truncated `encrypted_content` that `response.output_item.added` carries: the first
 * `fraction` of the full blob. The real service sends an incomplete value there and the full one
 * in `response.output_item.done`; a client that sends the partial value back gets a 400
 * `invalid_encrypted_content`.
 *
 * @example
 * import { partialContent } from './reasoning.js';
 * partialContent('gAAAAABcdefgh', 0.5); // 'gAAAAA'
 */
export function partialContent(full: string, fraction: number): string {
  return full.slice(0, Math.min(full.length - 1, Math.max(1, Math.floor(full.length * fraction))));
}

/** The summary texts of a built reasoning item. */
export function summaryTexts(item: WireItem): string[] {
  const summary = Array.isArray(item.summary) ? (item.summary as Array<{ text?: unknown }>) : [];
  return summary.map((part) => String(part.text ?? ''));
}

/**
 * Emits a reasoning item (`rs_…`) in the real event order: `output_item.added` (`summary: []`,
 * and a truncated `encrypted_content` when the item has one) → for each summary part
 * `reasoning_summary_part.added` → `reasoning_summary_text.delta`×N → `reasoning_summary_text.done`
 * → `reasoning_summary_part.done` → `output_item.done` (the full item). Without summary parts it
 * is only `added` then `done`. The summary and `encrypted_content` are settled per request before
 * the events are made (see `state/reasoning.ts`).
 *
 * @example
 * import { reasoningEmitter } from './reasoning.js';
 * const item = reasoningEmitter.build({ type: 'reasoning', summary: 'Thinking it over.' });
 */
export const reasoningEmitter: ItemEmitter<ScriptReasoning> = {
  type: 'reasoning',
  build(spec) {
    const texts =
      spec.summary === undefined ? [] : typeof spec.summary === 'string' ? [spec.summary] : spec.summary;
    return {
      id: newId('rs'),
      type: 'reasoning',
      summary: texts.map((text) => ({ type: 'summary_text', text })),
    };
  },
  events(item, outputIndex, options) {
    const itemId = item.id as string;
    const { summary: _summary, encrypted_content: encrypted, ...head } = item;
    const added: WireItem = {
      ...head,
      ...(typeof encrypted === 'string' ? { encrypted_content: partialContent(encrypted, 0.8) } : {}),
      summary: [],
    };
    const parts = summaryTexts(item).flatMap((text, summaryIndex): EventBody[] => {
      const at = { item_id: itemId, output_index: outputIndex, summary_index: summaryIndex };
      const deltas: EventBody[] = splitText(text).map((delta) => ({
        type: 'response.reasoning_summary_text.delta',
        ...at,
        delta,
        ...(options.obfuscation ? { obfuscation: obfuscationFor(delta) } : {}),
      }));
      return [
        { type: 'response.reasoning_summary_part.added', ...at, part: { type: 'summary_text', text: '' } },
        ...deltas,
        { type: 'response.reasoning_summary_text.done', ...at, text },
        { type: 'response.reasoning_summary_part.done', ...at, part: { type: 'summary_text', text } },
      ];
    });
    return [
      { type: 'response.output_item.added', output_index: outputIndex, item: added },
      ...parts,
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

import type { WireItem } from '../wire/wire-types.js';
import type { EventBody } from './emitter.js';
import { partialContent } from './reasoning.js';

/**
 * The stream events of a compaction item (`cmp_…`), as in the real `openai-compaction.1`
 * recording: `output_item.added` carrying a truncated `encrypted_content`, then
 * `output_item.done` with the full one. (No `response.compaction.compacting` event: the SDK types
 * it, but no real recording shows it.)
 *
 * @example
 * import { compactionEvents } from './compaction.js';
 * compactionEvents({ id: 'cmp_1', type: 'compaction', encrypted_content: 'gAAAAA…' }, 1);
 */
export function compactionEvents(item: WireItem, outputIndex: number): EventBody[] {
  const full = String(item.encrypted_content ?? '');
  return [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { ...item, encrypted_content: partialContent(full, 0.25) },
    },
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ];
}

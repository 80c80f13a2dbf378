import { splitText } from '../chunking.js';
import { newId, obfuscationFor } from '../ids.js';
import type { ScriptMessage } from '../script.js';
import type { WireItem } from '../wire-types.js';
import type { EventBody, ItemEmitter } from './emitter.js';

/**
 * Emits an assistant message with one `output_text` part, in the real event order:
 * `output_item.added` → `content_part.added` → `output_text.delta`×N → `output_text.done` →
 * `content_part.done` → `output_item.done`. Text events carry `logprobs: []`; deltas carry
 * `obfuscation` unless disabled.
 *
 * @example
 * const item = messageEmitter.build({ type: 'message', text: 'Hello there' });
 */
export const messageEmitter: ItemEmitter<ScriptMessage> = {
  type: 'message',
  build(spec) {
    return {
      id: newId('msg'),
      type: 'message',
      status: 'completed',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: spec.text }],
      role: 'assistant',
    };
  },
  events(item: WireItem, outputIndex, options) {
    const text = messageText(item);
    const itemId = item.id as string;
    const at = { item_id: itemId, output_index: outputIndex, content_index: 0 };
    const part = (t: string) => ({ type: 'output_text', annotations: [], logprobs: [], text: t });
    const deltas: EventBody[] = splitText(text).map((delta) => ({
      type: 'response.output_text.delta',
      ...at,
      delta,
      logprobs: [],
      ...(options.obfuscation ? { obfuscation: obfuscationFor(delta) } : {}),
    }));
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id: itemId, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
      },
      { type: 'response.content_part.added', ...at, part: part('') },
      ...deltas,
      { type: 'response.output_text.done', ...at, text, logprobs: [] },
      { type: 'response.content_part.done', ...at, part: part(text) },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

function messageText(item: WireItem): string {
  const content = item.content as Array<{ text?: string }>;
  return content[0]?.text ?? '';
}

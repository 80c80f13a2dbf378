import type { ScriptMessage, ScriptRefusal } from '../model/script.js';
import { newId, obfuscationFor } from '../wire/ids.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import { splitText } from './chunking.js';
import type { EventBody, ItemEmitter } from './emitter.js';
import { deltaLogprobs } from './logprobs.js';

/**
 * Emits an assistant message with one `output_text` part, in the real event order:
 * `output_item.added` → `content_part.added` → `output_text.delta`×N → `output_text.done` →
 * `content_part.done` → `output_item.done`; the part's annotations (e.g. `container_file_citation`)
 * each get a `response.output_text.annotation.added` after the deltas, before `output_text.done`,
 * as in the recording `openai-code-interpreter-tool.1`. Text events carry the part's `logprobs`
 * (`[]` unless the request includes `message.output_text.logprobs`; each delta those of its
 * tokens); deltas carry `obfuscation` unless disabled.
 *
 * @example
 * import { messageEmitter } from './message-emitter.js';
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
      ...(spec.phase ? { phase: spec.phase } : {}),
    };
  },
  events(item: WireItem, outputIndex, options) {
    const refusal = (item.content as Array<{ type?: string; refusal?: string }>)[0];
    if (refusal?.type === 'refusal')
      return refusalEvents(item, String(refusal.refusal), outputIndex, options);
    const text = messageText(item);
    const annotations = messageAnnotations(item);
    const itemId = item.id as string;
    const at = { item_id: itemId, output_index: outputIndex, content_index: 0 };
    const part = (t: string, a: unknown[] = []) => ({
      type: 'output_text',
      annotations: a,
      logprobs: [],
      text: t,
    });
    const logprobs = messageLogprobs(item);
    let next = 0;
    const deltas: EventBody[] = splitText(text).map((delta) => {
      const spelled = deltaLogprobs(logprobs, next, delta);
      next = spelled.next;
      return {
        type: 'response.output_text.delta',
        ...at,
        delta,
        logprobs: spelled.logprobs,
        ...(options.obfuscation ? { obfuscation: obfuscationFor(delta) } : {}),
      };
    });
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: {
          id: itemId,
          type: 'message',
          status: 'in_progress',
          content: [],
          role: 'assistant',
          ...(item.phase ? { phase: item.phase } : {}),
        },
      },
      { type: 'response.content_part.added', ...at, part: part('') },
      ...deltas,
      ...annotations.map((annotation, annotationIndex) => ({
        type: 'response.output_text.annotation.added',
        ...at,
        annotation_index: annotationIndex,
        annotation,
      })),
      { type: 'response.output_text.done', ...at, text, logprobs: deltaLogprobs(logprobs, 0, text).logprobs },
      { type: 'response.content_part.done', ...at, part: { ...part(text, annotations), logprobs } },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

/**
 * Builds a refusal: an assistant message whose only part is `{type: "refusal", refusal}`; its
 * events are the message's, with the refusal part (see {@link messageEmitter}).
 *
 * @example
 * import { refusalEmitter } from './message-emitter.js';
 * const item = refusalEmitter.build({ type: 'refusal', refusal: "I can't help with that." });
 */
export const refusalEmitter: ItemEmitter<ScriptRefusal> = {
  type: 'refusal',
  build(spec) {
    return {
      id: newId('msg'),
      type: 'message',
      status: 'completed',
      content: [{ type: 'refusal', refusal: spec.refusal }],
      role: 'assistant',
    };
  },
  events: (item, outputIndex, options) => messageEmitter.events(item, outputIndex, options),
};

/**
 * The events of a refusal message: `output_item.added` → `content_part.added` (an empty refusal
 * part) → `refusal.delta`×N → `refusal.done` → `content_part.done` → `output_item.done`, as the
 * API reference's event types describe them (no real recording of a refusal is known).
 */
function refusalEvents(
  item: WireItem,
  refusal: string,
  outputIndex: number,
  options: { obfuscation: boolean },
): EventBody[] {
  const itemId = item.id as string;
  const at = { item_id: itemId, output_index: outputIndex, content_index: 0 };
  return [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id: itemId, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
    },
    { type: 'response.content_part.added', ...at, part: { type: 'refusal', refusal: '' } },
    ...splitText(refusal).map((delta) => ({
      type: 'response.refusal.delta',
      ...at,
      delta,
      ...(options.obfuscation ? { obfuscation: obfuscationFor(delta) } : {}),
    })),
    { type: 'response.refusal.done', ...at, refusal },
    { type: 'response.content_part.done', ...at, part: { type: 'refusal', refusal } },
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ];
}

function messageAnnotations(item: WireItem): JsonObject[] {
  const content = item.content as Array<{ annotations?: JsonObject[] }>;
  return content[0]?.annotations ?? [];
}

function messageLogprobs(item: WireItem): JsonObject[] {
  const content = item.content as Array<{ logprobs?: JsonObject[] }>;
  return content[0]?.logprobs ?? [];
}

function messageText(item: WireItem): string {
  const content = item.content as Array<{ text?: string }>;
  return content[0]?.text ?? '';
}

import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { ConversationItem } from './conversation-record.js';

/** Links a trimmed item to the conversation's own item (not enumerable: never serialized). */
const SOURCE = Symbol('turnkit.replaySource');

type Item = Record<string, unknown>;
type TextPart = { type?: unknown; text?: unknown; annotations?: unknown; logprobs?: unknown };

/** The fields of an output message and its text part; one with any other field keeps its form. */
const MESSAGE_FIELDS = new Set(['type', 'id', 'role', 'status', 'content', 'phase']);
const TEXT_FIELDS = new Set(['type', 'text', 'annotations', 'logprobs']);
const hasOnly = (value: object, fields: ReadonlySet<string>) =>
  Object.keys(value).every((key) => fields.has(key));

/**
 * What a stateless request sends of the items a conversation keeps: each replayed assistant
 * message and `function_call` without the fields that only describe the output it was, everything
 * else unchanged. The conversation (and its session) keeps every item as the service sent it; only
 * the wire form is smaller. The decisions and their sources are in docs/conversations.md
 * ("What a replayed item carries").
 *
 * - An assistant message with one `output_text` part and no annotations goes as
 *   `{ role: 'assistant', content: text }` (plus `phase` when it has one): no `id`, `status`,
 *   `type`, `annotations: []` or `logprobs`. (Only when it has no field beyond those: a field this
 *   code does not know may be one the service wants back.)
 * - A `function_call` goes without `status`, and without `id`.
 * - Except right after a reasoning item: that item is the reasoning item's "required following
 *   item" and keeps its `id` (a message keeps its output form, `status` and `annotations` too);
 *   only `logprobs` (message) or `status` (function call) go. So does any other assistant message
 *   (a refusal, several parts, annotations): it goes as kept, less the `logprobs` of its parts.
 * - Reasoning and compaction items, whose `encrypted_content` the service reads back, and every
 *   other item type go exactly as kept.
 *
 * The form of an item is computed once per position kind and remembered (the same object every
 * turn), so measuring a request stays one serialization per new item (see `RequestSizer`).
 *
 * @example
 * ```ts
 * import type { ConversationItem } from './conversation-record.js';
 * import { ReplayForms } from './replay-form.js';
 * declare const user: ConversationItem; // { role: 'user', content: 'Hi' }
 * declare const message: ConversationItem; // the assistant's output message, as the service sent it
 * const forms = new ReplayForms();
 * forms.of([user, message]); // [user, { role: 'assistant', content: 'Hello!' }]
 * ```
 */
export class ReplayForms {
  readonly #alone = new WeakMap<object, ResponseInputItem>();
  readonly #following = new WeakMap<object, ResponseInputItem>();

  /** The wire form of `items`, in order, one for one; items that need no trimming are returned as they are. */
  of(items: readonly ConversationItem[]): ResponseInputItem[] {
    return items.map((item, i) => {
      const following = i > 0 && items[i - 1]!.type === 'reasoning';
      const cache = following ? this.#following : this.#alone;
      let form = cache.get(item);
      if (form === undefined) {
        form = trimmed(item, following);
        if (form !== item) Object.defineProperty(form, SOURCE, { value: item });
        cache.set(item, form);
      }
      return form;
    });
  }
}

/**
 * The conversation's own item that a request item was trimmed from, or the item itself when it
 * was sent as kept.
 *
 * @example
 * ```ts
 * import type { ResponseInputItem } from 'openai/resources/responses/responses';
 * import { replaySource } from './replay-form.js';
 * declare const input: ResponseInputItem[]; // the input of a stateless request
 * const item = replaySource(input[3]!); // the history item, with its id
 * ```
 */
export function replaySource(item: ResponseInputItem): ConversationItem {
  return ((item as { [SOURCE]?: ConversationItem })[SOURCE] ?? item) as ConversationItem;
}

function trimmed(item: ConversationItem, following: boolean): ResponseInputItem {
  const value = item as unknown as Item;
  if (value.type === 'function_call') {
    if (value.status === undefined && (following || value.id === undefined)) return item;
    const { status: _status, id, ...rest } = value;
    return (following && id !== undefined ? { id, ...rest } : rest) as unknown as ResponseInputItem;
  }
  const message = (value.type === undefined || value.type === 'message') && value.role === 'assistant';
  if (!message || !Array.isArray(value.content)) return item;
  const parts = value.content as TextPart[];
  const part = parts.length === 1 ? parts[0]! : undefined;
  if (
    !following &&
    part?.type === 'output_text' &&
    typeof part.text === 'string' &&
    (part.annotations === undefined || (Array.isArray(part.annotations) && part.annotations.length === 0)) &&
    hasOnly(value, MESSAGE_FIELDS) &&
    hasOnly(part, TEXT_FIELDS)
  ) {
    const phase = value.phase;
    return {
      role: 'assistant',
      content: part.text,
      ...(phase != null ? { phase } : {}),
    } as ResponseInputItem;
  }
  if (!parts.some((part) => part.type === 'output_text' && part.logprobs !== undefined)) return item;
  const content = parts.map((part) => {
    if (part.type !== 'output_text' || part.logprobs === undefined) return part;
    const { logprobs: _logprobs, ...rest } = part;
    return rest;
  });
  return { ...value, content } as unknown as ResponseInputItem;
}

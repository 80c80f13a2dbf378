import { notFound } from '../wire/errors.js';
import { newId, unixSeconds } from '../wire/ids.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';

/** A conversation (`conv_…`) as the Conversations API returns it. */
export interface ConversationObject {
  id: string;
  object: 'conversation';
  created_at: number;
  metadata: JsonObject;
}

interface Conversation {
  conversation: ConversationObject;
  /** Its items, oldest first, each with an id. */
  items: WireItem[];
}

/**
 * The conversations of one emulator (`/conversations` and the `conversation` parameter of
 * `POST /responses`): each conversation's object and its items in order.
 *
 * @example
 * import { ConversationStore } from './conversations.js';
 * const conversations = new ConversationStore();
 * const { id } = conversations.create({}, []);
 * conversations.append(id, [{ id: 'msg_1', type: 'message', role: 'user', content: [] }]);
 */
export class ConversationStore {
  readonly #conversations = new Map<string, Conversation>();

  /** Creates a conversation with its first items (already given ids). */
  create(metadata: JsonObject, items: readonly WireItem[]): ConversationObject {
    const conversation: ConversationObject = {
      id: newId('conv'),
      object: 'conversation',
      created_at: unixSeconds(),
      metadata,
    };
    this.#conversations.set(conversation.id, { conversation, items: [...items] });
    return conversation;
  }

  /**
   * Returns a conversation's object.
   *
   * @throws {HttpError} 404 `Conversation with id '…' not found.` (`param` as given).
   */
  get(id: string, param: string | null = null): ConversationObject {
    return this.#record(id, param).conversation;
  }

  /** Replaces a conversation's metadata. @throws {HttpError} 404 for an unknown id. */
  update(id: string, metadata: JsonObject): ConversationObject {
    const record = this.#record(id);
    record.conversation = { ...record.conversation, metadata };
    return record.conversation;
  }

  /** Deletes a conversation (its items go with it). @throws {HttpError} 404 for an unknown id. */
  delete(id: string): void {
    this.#record(id);
    this.#conversations.delete(id);
  }

  /** A conversation's items, oldest first. @throws {HttpError} 404 for an unknown id. */
  items(id: string, param: string | null = null): WireItem[] {
    return [...this.#record(id, param).items];
  }

  /** Appends items (already given ids) to a conversation. @throws {HttpError} 404 for an unknown id. */
  append(id: string, items: readonly WireItem[]): void {
    this.#record(id).items.push(...items);
  }

  /** One item of a conversation. @throws {HttpError} 404 for an unknown conversation or item. */
  item(id: string, itemId: string): WireItem {
    const found = this.#record(id).items.find((item) => item.id === itemId);
    if (!found) throw notFound(`Item with id '${itemId}' not found.`, 'item_id');
    return found;
  }

  /** Deletes one item of a conversation. @throws {HttpError} 404 for an unknown conversation or item. */
  deleteItem(id: string, itemId: string): ConversationObject {
    const record = this.#record(id);
    this.item(id, itemId);
    record.items = record.items.filter((item) => item.id !== itemId);
    return record.conversation;
  }

  /** Forgets every conversation. */
  clear(): void {
    this.#conversations.clear();
  }

  #record(id: string, param: string | null = null): Conversation {
    const record = this.#conversations.get(id);
    if (!record) throw notFound(`Conversation with id '${id}' not found.`, param);
    return record;
  }
}

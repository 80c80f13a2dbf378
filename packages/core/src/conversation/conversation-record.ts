import type { ResponseInputItem } from 'openai/resources/responses/responses';

/**
 * How a conversation's history reaches the model.
 * - `server`: `store: true`; each turn chains to the last with `previous_response_id` and sends
 *   only new items. The service keeps the history; nothing is pruned by the client.
 * - `stateless`: `store: false`; the client keeps the item list and sends it whole each turn,
 *   with reasoning carried as `encrypted_content`, except generated images: only the newest
 *   `image_generation_call` is sent. After a compaction item, everything before the newest one
 *   is dropped.
 */
export type ConversationStrategy = 'server' | 'stateless';

/** An item as kept in a conversation: an input item, or an output item sent back as input. */
export type ConversationItem = ResponseInputItem;

/** A call of the model still waiting for its output: a function call, or a computer call (`kind: 'computer'`). */
export interface OpenCall {
  callId: string;
  /** The function's name; `computer` for a computer call. */
  name: string;
  kind?: 'computer';
}

/**
 * One change to a conversation. A conversation is the result of applying its records in order,
 * which is how a `Session` stores and restores it.
 */
export type ConversationRecord =
  /** `keepScreenshots`: after the push, only that many of the newest screenshots stay in full (stateless). */
  | { op: 'push'; items: ConversationItem[]; keepScreenshots?: number }
  | {
      op: 'commit';
      responseId: string;
      sent: number;
      output: ConversationItem[];
      calls: OpenCall[];
    }
  | { op: 'replace'; items: ConversationItem[] }
  /** Items removed by `conversation.repair()`: positions in the history and the pending list at that point. */
  | { op: 'drop'; history: number[]; pending: number[] };

/** One stored change of a conversation, with the strategy of the conversation it belongs to. */
export interface SessionEntry {
  strategy: ConversationStrategy;
  record: ConversationRecord;
}

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

/**
 * One change to a conversation. A conversation is the result of applying its records in order,
 * which is how a `Session` stores and restores it.
 */
export type ConversationRecord =
  | { op: 'push'; items: ConversationItem[] }
  | {
      op: 'commit';
      responseId: string;
      sent: number;
      output: ConversationItem[];
      calls: Array<{ callId: string; name: string }>;
    }
  | { op: 'replace'; items: ConversationItem[] }
  /** Items removed by `conversation.repair()`: positions in the history and the pending list at that point. */
  | { op: 'drop'; history: number[]; pending: number[] };

/** One stored change of a conversation, with the strategy of the conversation it belongs to. */
export interface SessionEntry {
  strategy: ConversationStrategy;
  record: ConversationRecord;
}

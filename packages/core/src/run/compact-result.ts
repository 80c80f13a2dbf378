import type { ConversationItem } from '../conversation/conversation-record.js';
import type { Usage } from '../run-state/usage.js';

/** What an explicit compaction did. */
export interface CompactResult {
  /** The id the service gave the compaction. */
  id: string;
  /** The items that replace the history: the user messages, then one compaction item. */
  items: ConversationItem[];
  usage: Usage;
  /** Items the conversation stopped sending. */
  droppedItems: number;
}

import { resolveClient } from '../client/resolve-client.js';
import type { ClientSource } from '../connection/client-source.js';
import { type Conversation, holdConversation } from '../conversation/conversation.js';
import type { ConversationItem } from '../conversation/conversation-record.js';
import { InputError } from '../errors/input-errors.js';
import type { CompactResult } from '../run/compact-result.js';
import { toApiError } from '../run-errors/run-errors.js';
import { fromResponseUsage } from '../run-state/usage.js';

/** Options of {@link compactConversation}. */
export interface CompactOptions {
  conversation: Conversation;
  client: ClientSource;
  /** Model or deployment; default the Connection's when `client` is one. */
  model?: string;
  /** Instructions for the compaction, sent as `/responses/compact`'s `instructions`. */
  instructions?: string;
  /** Sent as `prompt_cache_key`: groups requests that share a prompt prefix for caching. */
  promptCacheKey?: string;
  /** Sent as `prompt_cache_retention`: how long the service keeps that prefix cached. */
  promptCacheRetention?: 'in_memory' | '24h';
  signal?: AbortSignal;
}

/**
 * Compacts a conversation now, through `POST /responses/compact`: from its items (stateless) or
 * from its `previous_response_id` (server). The service's output (the user messages and one
 * opaque compaction item) becomes what the next turn sends: the stateless history is replaced
 * by it, and the server strategy starts a new chain from it.
 *
 * @throws {InputError} when the conversation has nothing to compact; {@link ConversationBusyError}
 *   while a run uses it (a run started during the compaction is refused the same way);
 *   {@link ApiError} from the service.
 * @example
 * ```ts
 * import { type Connection, type Conversation, compactConversation } from '@turnkit/core';
 * declare const conversation: Conversation;
 * declare const connection: Connection;
 * const { droppedItems } = await compactConversation({
 *   conversation,
 *   client: connection,
 *   instructions: 'Keep every invoice number.',
 * });
 * ```
 * @see https://platform.openai.com/docs/api-reference/responses/compact
 */
export async function compactConversation(options: CompactOptions): Promise<CompactResult> {
  const { conversation } = options;
  const { client, model } = resolveClient(options.client, undefined, options.model);
  const release = holdConversation(conversation, 'compaction');
  try {
    return await compact(conversation, client, model, options);
  } finally {
    release();
  }
}

async function compact(
  conversation: Conversation,
  client: ReturnType<typeof resolveClient>['client'],
  model: string,
  options: CompactOptions,
): Promise<CompactResult> {
  const request = conversation.nextRequest();
  if (request.input.length === 0 && !request.previous_response_id) {
    throw new InputError('There is nothing to compact: the conversation is empty.');
  }
  const before = request.input.length;
  let compacted: Awaited<ReturnType<typeof client.responses.compact>>;
  try {
    compacted = await client.responses.compact(
      {
        model,
        input: request.input,
        ...(request.previous_response_id ? { previous_response_id: request.previous_response_id } : {}),
        ...(options.instructions !== undefined ? { instructions: options.instructions } : {}),
        ...(options.promptCacheKey !== undefined ? { prompt_cache_key: options.promptCacheKey } : {}),
        ...(options.promptCacheRetention !== undefined
          ? { prompt_cache_retention: options.promptCacheRetention }
          : {}),
      },
      { signal: options.signal },
    );
  } catch (error) {
    throw toApiError(error, { client, model });
  }
  const items = compacted.output as unknown as ConversationItem[];
  conversation.replace(items);
  await conversation.save();
  return {
    id: compacted.id,
    items,
    usage: fromResponseUsage(compacted.usage),
    droppedItems: conversation.strategy === 'stateless' ? Math.max(0, before - items.length) : 0,
  };
}

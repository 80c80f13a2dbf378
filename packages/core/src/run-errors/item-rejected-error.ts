import type { ConversationItem } from '../conversation/conversation-record.js';
import { replaySource } from '../conversation/replay-form.js';
import { ApiError } from './run-errors.js';

/**
 * The service refused a request because of one item of the conversation (HTTP 400 or 404 whose
 * `param` points into `input`, or whose message names an input item's id), e.g. a reasoning
 * item whose `encrypted_content` was damaged (`invalid_encrypted_content`). The conversation
 * would send that item again on every run, so the message says how to remove it:
 * `conversation.repair({ drop: [error.itemId] })` (or `[error.item]` when it has no id).
 *
 * Its `code` stays the HTTP one (`bad_request`, `not_found`); `partial` holds what the run had
 * produced, with the conversation to repair.
 *
 * @example
 * ```ts
 * import { type Agent, type Conversation, ConversationItemRejectedError } from '@turnkit/core';
 * declare const agent: Agent;
 * declare const conversation: Conversation;
 * try {
 *   await agent.run('Go on', { conversation });
 * } catch (error) {
 *   if (error instanceof ConversationItemRejectedError) await conversation.repair({ drop: [error.itemId ?? error.item!] });
 * }
 * ```
 */
export class ConversationItemRejectedError extends ApiError {
  /** The position of the item in the request's `input`. */
  readonly itemIndex: number;
  /** The item's id, when it has one. */
  readonly itemId: string | undefined;
  /** The conversation's own item (pass it to `repair({ drop })`), when the conversation holds it. */
  readonly item: ConversationItem | undefined;
  constructor(
    cause: ApiError,
    found: { index: number; item: ConversationItem | undefined; id: string | undefined },
  ) {
    const what = `input[${found.index}]${found.id ? ` (${found.id})` : ''}`;
    const fix = found.item
      ? ` The conversation holds this item and would send it on every run: remove it with ` +
        `\`await conversation.repair({ drop: [${found.id ? `'${found.id}'` : 'error.item'}] })\` ` +
        '(recorded in its session), then run again.'
      : '';
    super(cause.code, `${cause.message} The service refused the item ${what}.${fix}`, {
      status: cause.status,
      requestId: cause.requestId,
      apiCode: cause.apiCode,
      param: cause.param,
      cause: cause.cause,
    });
    this.itemIndex = found.index;
    this.itemId = found.id;
    this.item = found.item;
  }
}

/**
 * Names the conversation item a refused request was refused for, when the error points at one
 * of the request's input items; other errors pass through unchanged.
 *
 * @param input - the `input` of the refused request.
 * @param held - the conversation's items (history and pending), to tell whether it holds the item.
 */
export function explainRejectedItem<E>(
  error: E,
  input: readonly ConversationItem[],
  held: readonly ConversationItem[],
): E | ConversationItemRejectedError {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 404)) return error;
  // A stateless request sends items trimmed (see `ReplayForms`): name the conversation's own item.
  const sources = input.map(replaySource);
  let index = -1;
  const at = error.param ? /^input\[(\d+)\]/.exec(error.param) : null;
  if (at) index = Number(at[1]);
  else {
    index = sources.findIndex((item) => {
      const id = (item as { id?: unknown }).id;
      return typeof id === 'string' && id.length > 0 && error.message.includes(id);
    });
  }
  const item = sources[index];
  if (!item) return error;
  const id = (item as { id?: unknown }).id;
  return new ConversationItemRejectedError(error, {
    index,
    item: held.includes(item) ? item : undefined,
    id: typeof id === 'string' ? id : undefined,
  });
}

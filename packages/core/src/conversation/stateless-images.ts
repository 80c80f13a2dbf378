import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { ConversationItem } from './conversation-record.js';

const isImageCall = (item: ConversationItem | undefined): item is ResponseInputItem.ImageGenerationCall =>
  item?.type === 'image_generation_call';

/**
 * What a stateless request sends of the images the model generated: the newest
 * `image_generation_call` that holds an image goes whole (its base64 `result` is the picture a
 * later "now make it blue" edits, and with `store: false` the service keeps no copy), every other
 * `image_generation_call` is left out, and so is the reasoning item right before a left-out call
 * unless an assistant message follows the call. The conversation's history keeps them all.
 *
 * Why: every image would otherwise be sent again on every later turn (a 1024x1024 PNG from the
 * service is about 1 MB of base64). Leaving a call out is what the service is seen to take with
 * `store: false`: a recorded request (pydantic-ai cassette
 * `test_openai_responses_image_generation_store_false`) sent the reasoning item and the message of
 * an image turn without its `image_generation_call` and was answered. Whether the service uses the
 * newest call's `result` as the image to edit is not confirmed; it is the only copy there is.
 *
 * @example
 * import type { ResponseInputItem, ResponseReasoningItem } from 'openai/resources/responses/responses';
 * import { withNewestImageOnly } from './stateless-images.js';
 * declare const fox: ResponseInputItem.ImageGenerationCall; // an older image
 * declare const rs: ResponseReasoningItem; // the reasoning before the newest image
 * declare const whale: ResponseInputItem.ImageGenerationCall; // the newest image
 * declare const message: ResponseInputItem; // the assistant's message about it
 * withNewestImageOnly([fox, rs, whale, message]); // [rs, whale, message]: the older call fox is left out
 */
export function withNewestImageOnly(items: readonly ConversationItem[]): ConversationItem[] {
  const newest = items.findLastIndex(
    (item) => isImageCall(item) && typeof item.result === 'string' && item.result !== '',
  );
  if (items.every((item, i) => !isImageCall(item) || i === newest)) return [...items];
  return items.filter((item, i) => {
    if (isImageCall(item)) return i === newest;
    if (item.type !== 'reasoning' || !isImageCall(items[i + 1]) || i + 1 === newest) return true;
    const after = items[i + 2];
    return after?.type === 'message' && after.role === 'assistant';
  });
}

/**
 * The image that stands in for a screenshot the model no longer needs in full: a 1×1 grey PNG
 * (67 bytes), so the `computer_call_output` keeps its place and a valid image, as the API needs.
 */
export const PLACEHOLDER_SCREENSHOT =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==';

type Item = { type?: string | null; output?: unknown };

/**
 * Keeps only the newest `keep` screenshots of a stateless conversation in full: every older
 * `computer_call_output` gets {@link PLACEHOLDER_SCREENSHOT} as its image (in place; the item,
 * its `call_id`, acknowledgements and `current_url` stay, since every `computer_call` the
 * conversation sends needs its output). Outputs that show an uploaded file (`file_id`) are left
 * alone. Idempotent. Returns how many images it replaced.
 *
 * @example
 * import type { Conversation } from '@turnkit/core';
 * import { keepNewestScreenshots } from './screenshot-history.js';
 * declare const conversation: Conversation;
 * keepNewestScreenshots([...conversation.history, ...conversation.pending], 1);
 */
export function keepNewestScreenshots(items: readonly Item[], keep: number): number {
  let seen = 0;
  let replaced = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.type !== 'computer_call_output') continue;
    const output = item.output as { image_url?: unknown } | undefined;
    if (typeof output?.image_url !== 'string') continue;
    seen++;
    if (seen <= keep || output.image_url === PLACEHOLDER_SCREENSHOT) continue;
    item.output = { ...output, image_url: PLACEHOLDER_SCREENSHOT };
    replaced++;
  }
  return replaced;
}

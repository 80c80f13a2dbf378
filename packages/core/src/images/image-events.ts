import type {
  ResponseImageGenCallPartialImageEvent,
  ResponseOutputItem,
} from 'openai/resources/responses/responses';

/** The fields every run event has (see `RunEvent`). */
interface ImageEventBase {
  runId: string;
  turn: number;
  agent: string;
  depth: number;
}

/**
 * A partial image of an image generation call arrived
 * (`response.image_generation_call.partial_image`; the tool's `partialImages` asks for them).
 */
export interface ImagePartialEvent extends ImageEventBase {
  type: 'image_partial';
  /** The `image_generation_call` item (`ig_…`). */
  itemId: string;
  /** 0-based, in the order they stream. */
  index: number;
  /** The partial image, base64. */
  base64: string;
  size: string | null;
  /** `png`, `webp`, `jpeg`, … */
  format: string | null;
}

/** An image generation call finished: the image, and what it was drawn with. */
export interface ImageGeneratedEvent extends ImageEventBase {
  type: 'image_generated';
  itemId: string;
  /** The image, base64; `null` when the call produced none (e.g. it failed). */
  base64: string | null;
  /** The prompt the image model was given after the model rewrote it. */
  revisedPrompt: string | null;
  /** `WIDTHxHEIGHT`. */
  size: string | null;
  format: string | null;
  quality: string | null;
  background: string | null;
  /**
   * `generate` (a new image) or `edit` (an earlier image of the conversation changed, e.g. after
   * "now make it blue"), as the item reports it; `null` when it does not (older recordings).
   */
  action: string | null;
  /** The item's status as sent (`completed`; the Azure recording shows `generating` here). */
  status: string;
}

/**
 * The `image_partial` event of a partial image stream event.
 *
 * @example
 * import type { EventBase, RunEvent } from '@turnkit/core';
 * import type { ResponseImageGenCallPartialImageEvent } from 'openai/resources/responses/responses';
 * import { imagePartialEvent } from './image-events.js';
 * declare const event: ResponseImageGenCallPartialImageEvent;
 * declare const base: EventBase;
 * declare function emit(event: RunEvent): void;
 * emit(imagePartialEvent(event, base));
 */
export function imagePartialEvent(
  event: ResponseImageGenCallPartialImageEvent,
  base: ImageEventBase,
): ImagePartialEvent {
  return {
    type: 'image_partial',
    itemId: event.item_id,
    index: event.partial_image_index,
    base64: event.partial_image_b64,
    size: event.size ?? null,
    format: event.output_format ?? null,
    ...base,
  };
}

/**
 * The `image_generated` event of a finished `image_generation_call` item.
 *
 * @example
 * import type { EventBase, RunEvent } from '@turnkit/core';
 * import type { ResponseOutputItem } from 'openai/resources/responses/responses';
 * import { imageGeneratedEvent } from './image-events.js';
 * declare const item: ResponseOutputItem.ImageGenerationCall;
 * declare const base: EventBase;
 * declare function emit(event: RunEvent): void;
 * emit(imageGeneratedEvent(item, base));
 */
export function imageGeneratedEvent(
  item: ResponseOutputItem.ImageGenerationCall,
  base: ImageEventBase,
): ImageGeneratedEvent {
  return {
    type: 'image_generated',
    itemId: item.id,
    base64: item.result ?? null,
    revisedPrompt: item.revised_prompt ?? null,
    size: item.size ?? null,
    format: item.output_format ?? null,
    quality: item.quality ?? null,
    background: item.background ?? null,
    action: item.action ?? null,
    status: item.status,
    ...base,
  };
}

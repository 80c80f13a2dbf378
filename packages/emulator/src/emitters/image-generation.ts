import { newId } from '../wire/ids.js';
import type { WireItem } from '../wire/wire-types.js';
import type { EventBody, ItemEmitter } from './emitter.js';

/** A resolved image generation call: the image drawn, its partial images, and what it was drawn with. */
export interface ImageGenerationCallSpec {
  type: 'image_generation_call';
  /** What the call did: drew a new picture, or edited an earlier one. */
  action: 'generate' | 'edit';
  /** The final image, base64. */
  result: string;
  /** The partial images to stream before it, base64, least detailed first. */
  partials: string[];
  revised_prompt: string;
  size: string;
  quality: string;
  background: string;
  output_format: string;
}

const PARTIALS: unique symbol = Symbol('turnkit.emulator.partialImages');

/** The partial images an emitted item streams (kept off the wire item: not enumerable, not JSON). */
function partialsOf(item: WireItem): string[] {
  return ((item as unknown as Record<symbol, unknown>)[PARTIALS] as string[] | undefined) ?? [];
}

/**
 * Emits an `image_generation_call` (`ig_…`) in the order of the recording
 * `openai-image-generation-tool.1`: `output_item.added` (`{id, type, status: "in_progress"}`) →
 * `response.image_generation_call.in_progress` → `response.image_generation_call.generating` →
 * `response.image_generation_call.partial_image`×N (`partial_image_index` from 0,
 * `partial_image_b64`, `size`, `quality`, `background`, `output_format`) →
 * `response.image_generation_call.completed` → `output_item.done` (`status: "completed"`, the
 * base64 `result`, `revised_prompt`). The Azure recording `azure-image-generation-tool.1` lacks
 * the `.completed` event and shows `status: "generating"` in `output_item.done`; the emulator
 * follows the OpenAI one. The item also carries `action` (`generate` or `edit`), as the newest
 * real recording does (pydantic-ai `test_openai_responses_image_generation_store_false`,
 * 2026-09); the two older recordings have no such field.
 *
 * @see docs/responses-wire.md §4.7 and §5.3.
 * @example
 * import { imageGenerationCallEmitter } from './image-generation.js';
 * declare const result: string; // the final image, base64
 * const item = imageGenerationCallEmitter.build({ type: 'image_generation_call', action: 'generate', result, partials: [], revised_prompt: 'A fox', size: '64x64', quality: 'medium', background: 'opaque', output_format: 'png' });
 */
export const imageGenerationCallEmitter: ItemEmitter<ImageGenerationCallSpec> = {
  type: 'image_generation_call',
  build(spec) {
    if (typeof spec.result !== 'string') {
      throw new Error(
        "Script error: an image_generation_call needs an 'image_generation' tool in the request's tools.",
      );
    }
    const item: WireItem = {
      id: newId('ig'),
      type: 'image_generation_call',
      status: 'completed',
      action: spec.action,
      background: spec.background,
      output_format: spec.output_format,
      quality: spec.quality,
      result: spec.result,
      revised_prompt: spec.revised_prompt,
      size: spec.size,
    };
    Object.defineProperty(item, PARTIALS, { value: [...spec.partials], enumerable: false });
    return item;
  },
  events(item, outputIndex) {
    const at = { output_index: outputIndex, item_id: item.id as string };
    const partials: EventBody[] = partialsOf(item).map((b64, index) => ({
      type: 'response.image_generation_call.partial_image',
      ...at,
      partial_image_index: index,
      partial_image_b64: b64,
      size: item.size as string,
      quality: item.quality as string,
      background: item.background as string,
      output_format: item.output_format as string,
    }));
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id: item.id, type: 'image_generation_call', status: 'in_progress' },
      },
      { type: 'response.image_generation_call.in_progress', ...at },
      { type: 'response.image_generation_call.generating', ...at },
      ...partials,
      { type: 'response.image_generation_call.completed', ...at },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

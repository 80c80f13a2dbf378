import type { ResponseOutputItem } from 'openai/resources/responses/responses';
import type { RunResult } from '../run/run-result.js';

/** An image the run generated (`image_generation_call` with a `result`). */
export interface GeneratedImage {
  itemId: string;
  /** The image, base64. */
  base64: string;
  revisedPrompt: string | null;
  size: string | null;
  format: string | null;
  /** `generate` (a new image) or `edit` (an earlier image changed), as the item reports it; `null` when it does not. */
  action: string | null;
}

/**
 * The images a run generated, in order.
 *
 * @example
 * ```ts
 * import { generatedImages, type RunResult, saveImage } from '@turnkit/core';
 * declare const result: RunResult;
 * for (const image of generatedImages(result)) await saveImage(image, { dir: 'out' });
 * ```
 */
export function generatedImages(result: Pick<RunResult, 'items'>): GeneratedImage[] {
  const out: GeneratedImage[] = [];
  for (const item of result.items as ResponseOutputItem[]) {
    if (item.type !== 'image_generation_call' || typeof item.result !== 'string' || item.result === '')
      continue;
    out.push({
      itemId: item.id,
      base64: item.result,
      revisedPrompt: item.revised_prompt ?? null,
      size: item.size ?? null,
      format: item.output_format ?? null,
      action: item.action ?? null,
    });
  }
  return out;
}

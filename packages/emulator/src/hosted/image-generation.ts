import { imageGenerationCallEmitter } from '../emitters/image-generation.js';
import { buildItems } from '../emitters/index.js';
import { drawPicture } from '../media/picture.js';
import { encodePng } from '../media/png.js';
import type { ScriptImageGenerationCall } from '../model/script.js';
import type { CreateRequest } from '../validate/create-request.js';
import { imageSize } from '../validate/image-generation-tool.js';
import { HttpError, invalidRequest } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { ItemBuilder } from './hosted-mcp.js';

/** The header Azure reads the image generation deployment from. */
export const IMAGE_DEPLOYMENT_HEADER = 'x-ms-oai-image-generation-deployment';

/** The image generation tool of one response: it draws the turn's `image_generation_call` items. */
export interface ImageGenerator {
  /** An item builder that draws image generation calls and hands every other item to `next`. */
  builder(next?: ItemBuilder): ItemBuilder;
  /** The default model's message after image calls the output ends with, or `null`. */
  report(output: readonly WireItem[]): WireItem | null;
}

/**
 * Reads the request's `image_generation` tool and returns the response's image generator (`null`
 * when the request has no such tool).
 *
 * - The picture: `drawPicture` of the call's prompt at the tool's `size` (`auto`: 1024x1024),
 *   RGBA with a transparent background when `background` is `transparent`, encoded as PNG;
 *   `partial_images` N gives N partial images first, drawn in blocks of 1/4, 1/8, 1/16 … of the
 *   shorter edge, so each shows more detail.
 * - The item: `background` `auto` → `opaque` (as both recordings show), `quality` `auto` →
 *   `medium`, `size` `auto` → `1024x1024` (the service picks; not confirmed).
 * - On Azure paths (`/openai/...`), a request with the tool but no
 *   `x-ms-oai-image-generation-deployment` header is refused with the generic 400 users report
 *   from Azure for it (not confirmed from an official source).
 *
 * @throws {HttpError} 400 for the missing Azure header; 400 `unsupported_value` when a call must
 * be drawn in an `output_format` other than `png` (the emulator encodes PNG only).
 * @example
 * const images = prepareImageGeneration(request, { azure: ex.azure, deployment: ex.req.headers[IMAGE_DEPLOYMENT_HEADER] });
 */
export function prepareImageGeneration(
  request: CreateRequest,
  where: { azure: boolean; deployment: string | undefined },
): ImageGenerator | null {
  const index = request.tools.findIndex((t) => t.type === 'image_generation');
  if (index < 0) return null;
  if (where.azure && (where.deployment === undefined || where.deployment.trim() === '')) {
    throw new HttpError(400, {
      message: 'There was an issue with your request. Please check your inputs and try again',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  const tool = request.tools[index]!;
  const sent = (Array.isArray(request.body.tools) ? request.body.tools[index] : {}) as JsonObject;
  const partialCount = typeof sent.partial_images === 'number' ? sent.partial_images : 0;
  const format = String(tool.output_format ?? 'png');
  const { width, height } = imageSize(tool.size);
  const size = `${width}x${height}`;
  const transparent = tool.background === 'transparent';
  const reported = new Set<WireItem>();

  const draw = (call: ScriptImageGenerationCall): WireItem => {
    if (format !== 'png') {
      throw invalidRequest(
        `The emulator draws PNG images only, so 'tools[${index}].output_format' '${format}' cannot be generated offline (the service also offers webp, jpeg, gif and svg).`,
        `tools[${index}].output_format`,
        'unsupported_value',
      );
    }
    const png = (block: number) =>
      encodePng(drawPicture({ prompt: call.prompt, width, height, transparent, block })).toString('base64');
    const shorter = Math.min(width, height);
    const partials = Array.from({ length: partialCount }, (_, i) => png(Math.max(1, shorter / 2 ** (i + 2))));
    const item = imageGenerationCallEmitter.build({
      type: 'image_generation_call',
      result: png(1),
      partials,
      revised_prompt: call.revised_prompt ?? call.prompt,
      size,
      quality: tool.quality === 'auto' || tool.quality === undefined ? 'medium' : String(tool.quality),
      background: transparent ? 'transparent' : 'opaque',
      output_format: format,
    });
    reported.add(item);
    return item;
  };

  return {
    builder:
      (next = async (spec) => buildItems([spec])) =>
      async (spec) =>
        spec.type === 'image_generation_call' ? [draw(spec)] : next(spec),
    report(output) {
      const calls: WireItem[] = [];
      for (let i = output.length - 1; i >= 0 && reported.has(output[i]!); i--) calls.unshift(output[i]!);
      if (calls.length === 0) return null;
      const text = calls.map((c) => `Here is the image: ${String(c.revised_prompt)}`).join('\n');
      return buildItems([{ type: 'message', text }])[0]!;
    },
  };
}

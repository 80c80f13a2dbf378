import { imageGenerationCallEmitter } from '../emitters/image-generation.js';
import { buildItems } from '../emitters/index.js';
import { editPicture, tintOf } from '../media/edit-picture.js';
import { drawPicture } from '../media/picture.js';
import { encodePng, type RasterImage } from '../media/png.js';
import type { ScriptImageGenerationCall } from '../model/script.js';
import type { CreateRequest } from '../validate/create-request.js';
import { imageSize } from '../validate/image-generation-tool.js';
import { HttpError, invalidRequest } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { ContainerStore } from './containers.js';
import type { ItemBuilder } from './hosted-mcp.js';
import { newestImage, readMask, type SourceImage } from './image-source.js';

/** The header Azure reads the image generation deployment from. */
export const IMAGE_DEPLOYMENT_HEADER = 'x-ms-oai-image-generation-deployment';

/** The image generation tool of one response: it draws the turn's `image_generation_call` items. */
export interface ImageGenerator {
  /** An item builder that draws image generation calls and hands every other item to `next`. */
  builder(next?: ItemBuilder): ItemBuilder;
  /** The default model's message after image calls the output ends with, or `null`. */
  report(output: readonly WireItem[]): WireItem | null;
}

/** What an image generation call works with besides the request: its model context and the uploads. */
export interface ImageGenerationInputs {
  azure: boolean;
  /** The `x-ms-oai-image-generation-deployment` header, if sent. */
  deployment: string | undefined;
  /** The model context (`previous_response_id` chain and input): where an edit finds its image. */
  context: readonly WireItem[];
  /** The uploaded files, for an `input_image_mask` given by `file_id`. */
  files: ContainerStore;
}

/**
 * Reads the request's `image_generation` tool and returns the response's image generator (`null`
 * when the request has no such tool).
 *
 * - Generate or edit: a call edits the newest image in the context (see `newestImage`) when the
 *   tool's `action` is `edit`, or `auto` (the default) and the context holds one, unless the
 *   call asks to generate (a script item's `action: "generate"`); `action: "generate"` always
 *   draws a new picture. The item reports it: `action: "generate"` or `"edit"` (as the newest
 *   real recording, pydantic-ai `test_openai_responses_image_generation_store_false`, shows).
 * - A new picture: `drawPicture` of the call's prompt at the tool's `size` (`auto`: 1024x1024),
 *   RGBA with a transparent background when `background` is `transparent`, encoded as PNG.
 * - An edit: `editPicture` of the source image, at the tool's `size` (`auto`: the source's),
 *   tinted by the colour the prompt names, only where the tool's `input_image_mask` is fully
 *   transparent when it has one, less strongly with `input_fidelity: "high"`; `revised_prompt`
 *   says what it edited (`PROMPT (an edit of ig_…: the same picture, tinted blue)`). With `auto`, a
 *   source that is no PNG the emulator reads gets a new picture instead.
 * - `partial_images` N gives N partial images first, drawn in blocks of 1/4, 1/8, 1/16 … of the
 *   shorter edge, so each shows more detail.
 * - The item: `background` `auto` → `opaque` (as both recordings show), `quality` `auto` →
 *   `medium`, `size` `auto` → `1024x1024` (the service picks; not confirmed).
 * - On Azure paths (`/openai/...`), a request with the tool but no
 *   `x-ms-oai-image-generation-deployment` header is refused with the generic 400 users report
 *   from Azure for it (not confirmed from an official source).
 *
 * @throws {HttpError} 400 for the missing Azure header; 400 `unsupported_value` when a call must
 * be drawn in an `output_format` other than `png` (the emulator encodes PNG only), or must edit
 * (`action: "edit"`) an image that is no PNG the emulator reads; 400 `invalid_value` naming
 * `tools[i].action` when `action` is `edit` and the context holds no image (the guide says such a
 * call fails; the real error is not confirmed); the mask errors of `readMask`.
 * @example
 * import type { Exchange } from '../http/http-io.js';
 * import type { EmulatorState } from '../routes/emulator-state.js';
 * import type { ResolvedContext } from '../state/context.js';
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { prepareImageGeneration } from './image-generation.js';
 * declare const state: EmulatorState;
 * declare const ex: Exchange;
 * declare const request: CreateRequest;
 * declare const context: ResolvedContext;
 * const deployment = ex.req.headers['x-ms-oai-image-generation-deployment'] as string | undefined;
 * const images = prepareImageGeneration(request, { azure: ex.azure, deployment, context: context.items, files: state.containers });
 */
export function prepareImageGeneration(
  request: CreateRequest,
  inputs: ImageGenerationInputs,
): ImageGenerator | null {
  const index = request.tools.findIndex((t) => t.type === 'image_generation');
  if (index < 0) return null;
  if (inputs.azure && (inputs.deployment === undefined || inputs.deployment.trim() === '')) {
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
  const action = String(tool.action ?? 'auto');
  const transparent = tool.background === 'transparent';
  const reported = new Set<WireItem>();
  let source = newestImage(inputs.context);

  const draw = (call: ScriptImageGenerationCall): WireItem => {
    if (format !== 'png') {
      throw invalidRequest(
        `The emulator draws PNG images only, so 'tools[${index}].output_format' '${format}' cannot be generated offline (the service also offers webp, jpeg, gif and svg).`,
        `tools[${index}].output_format`,
        'unsupported_value',
      );
    }
    const editing =
      action === 'edit' ||
      (action === 'auto' && (call.action === 'edit' || (call.action !== 'generate' && source !== null)));
    const from = editing ? editable(source, action, index) : null;
    const { width, height } =
      tool.size === undefined || tool.size === 'auto'
        ? (from ?? { width: 1024, height: 1024 })
        : imageSize(tool.size);
    const mask =
      from && tool.input_image_mask
        ? readMask(tool.input_image_mask as JsonObject, inputs.files, `tools[${index}].input_image_mask`)
        : null;
    const picture = (block: number): RasterImage =>
      from
        ? editPicture(from, {
            prompt: call.prompt,
            width,
            height,
            transparent,
            mask,
            fidelity: typeof tool.input_fidelity === 'string' ? tool.input_fidelity : null,
            block,
          })
        : drawPicture({ prompt: call.prompt, width, height, transparent, block });
    const png = (raster: RasterImage) => encodePng(raster).toString('base64');
    const final = picture(1);
    const shorter = Math.min(width, height);
    const partials = Array.from({ length: partialCount }, (_, i) =>
      png(picture(Math.max(1, shorter / 2 ** (i + 2)))),
    );
    const tint = tintOf(call.prompt);
    const item = imageGenerationCallEmitter.build({
      type: 'image_generation_call',
      action: from ? 'edit' : 'generate',
      result: png(final),
      partials,
      revised_prompt:
        call.revised_prompt ??
        (from
          ? `${call.prompt} (an edit of ${source!.itemId}: the same picture, tinted ${tint.name ?? `rgb(${tint.rgb.join(', ')})`})`
          : call.prompt),
      size: `${width}x${height}`,
      quality: tool.quality === 'auto' || tool.quality === undefined ? 'medium' : String(tool.quality),
      background: transparent ? 'transparent' : 'opaque',
      output_format: format,
    });
    reported.add(item);
    source = { itemId: String(item.id), raster: final };
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
      const text = calls
        .map((c) => `Here is the ${c.action === 'edit' ? 'edited ' : ''}image: ${String(c.revised_prompt)}`)
        .join('\n');
      return buildItems([{ type: 'message', text }])[0]!;
    },
  };
}

/** The pixels an edit starts from, or `null` to draw a new picture (the `auto` fallback). */
function editable(source: SourceImage | null, action: string, index: number): RasterImage | null {
  if (source?.raster === null && action === 'edit') {
    throw invalidRequest(
      `The emulator edits PNG images only, and ${source.itemId} is not one it can read (8-bit, not interlaced), so 'tools[${index}].action' 'edit' cannot be done offline.`,
      `tools[${index}].action`,
      'unsupported_value',
    );
  }
  if (source === null) {
    throw invalidRequest(
      `An image edit was asked for (action 'edit'), but there is no image in the context to edit. Generate one first, send its image_generation_call back in 'input', or use 'tools[${index}].action' 'auto'.`,
      `tools[${index}].action`,
      'invalid_value',
    );
  }
  return source.raster;
}

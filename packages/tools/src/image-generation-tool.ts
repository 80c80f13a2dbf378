import { ToolDefinitionError } from './contract/errors.js';
import { atCallerOf } from './internal/caller-stack.js';

/** The image formats the service can produce. */
export type ImageOutputFormat = 'png' | 'webp' | 'jpeg' | 'gif' | 'svg';

/** The wire form of an image generation tool in a request's `tools[]` (`{type: "image_generation"}`). */
export interface ImageGenerationToolDefinition {
  type: 'image_generation';
  action?: 'generate' | 'edit' | 'auto';
  background?: 'transparent' | 'opaque' | 'auto';
  input_fidelity?: 'high' | 'low';
  input_image_mask?: { file_id?: string; image_url?: string };
  model?: string;
  moderation?: 'auto' | 'low';
  output_compression?: number;
  output_format?: ImageOutputFormat;
  partial_images?: number;
  quality?: 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto';
  size?: string;
}

/** Options of {@link imageGenerationTool}; every one is optional and the service has a default. */
export interface ImageGenerationToolOptions {
  /** The image model, e.g. `gpt-image-1`. On Azure the image deployment is named by a header instead (see `createAzureClient`'s `imageDeployment`). */
  model?: string;
  /** `WIDTHxHEIGHT` (e.g. `1024x1024`, `1536x1024`, `1024x1536`) or `auto`. Both edges multiples of 16, at most 3840, aspect ratio within 3:1. */
  size?: string;
  quality?: 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto';
  /** Default `png`. */
  outputFormat?: ImageOutputFormat;
  /** 0–100, for `jpeg` and `webp` output. */
  outputCompression?: number;
  /** `transparent` needs `png` or `webp` output. */
  background?: 'transparent' | 'opaque' | 'auto';
  /** Partial images streamed while the image is drawn, 0–3 (default 0; not with `gif`). */
  partialImages?: number;
  moderation?: 'auto' | 'low';
  /** How closely an edit keeps the style and features of the input images. */
  inputFidelity?: 'high' | 'low';
  /** A mask for inpainting: an uploaded file or a base64 image data URL. */
  inputImageMask?: { fileId: string; imageUrl?: never } | { imageUrl: string; fileId?: never };
  /** Generate a new image, edit one from the conversation, or let the model decide (default). */
  action?: 'generate' | 'edit' | 'auto';
}

/** The service's image generation as a tool. Make one with {@link imageGenerationTool}. */
export interface ImageGenerationTool {
  readonly kind: 'hosted_image_generation';
  readonly definition: ImageGenerationToolDefinition;
}

const ENUMS = {
  quality: ['low', 'medium', 'high', 'xhigh', 'max', 'auto'],
  outputFormat: ['png', 'webp', 'jpeg', 'gif', 'svg'],
  background: ['transparent', 'opaque', 'auto'],
  moderation: ['auto', 'low'],
  inputFidelity: ['high', 'low'],
  action: ['generate', 'edit', 'auto'],
} as const;
const KNOWN = [
  'model',
  'size',
  'outputCompression',
  'partialImages',
  'inputImageMask',
  ...Object.keys(ENUMS),
] as string[];

function fail(option: string, message: string): never {
  throw new ToolDefinitionError('image_generation', `imageGenerationTool: \`${option}\` ${message}`);
}

function wholeNumber(value: unknown, option: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(option, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function checkSize(size: unknown): string {
  if (typeof size !== 'string')
    fail('size', `must be a string such as "1024x1024" or "auto", got ${JSON.stringify(size)}.`);
  if (size === 'auto') return size;
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (!match)
    fail('size', `must be "auto" or WIDTHxHEIGHT such as "1024x1024", got ${JSON.stringify(size)}.`);
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width < 16 || height < 16 || width % 16 !== 0 || height % 16 !== 0) {
    fail('size', `needs a width and height that are multiples of 16, got "${size}".`);
  }
  if (width > 3840 || height > 3840) fail('size', `allows at most 3840 pixels on an edge, got "${size}".`);
  if (width > height * 3 || height > width * 3)
    fail('size', `needs an aspect ratio between 1:3 and 3:1, got "${size}".`);
  return size;
}

/**
 * The hosted image generation tool: the model draws images with the service's image model and
 * each image comes back as an `image_generation_call` item (base64 `result`), with the partial
 * images streamed first when `partialImages` asks for them. The options are checked here, so a
 * mistake fails when the agent is defined rather than on the first request.
 *
 * On Azure, image generation also needs the image model's deployment named in the
 * `x-ms-oai-image-generation-deployment` header: give `imageDeployment` to `createAzureClient`
 * or `connectFromEnv` (or set `AZURE_OPENAI_IMAGE_DEPLOYMENT`).
 *
 * @throws {ToolDefinitionError} naming the option: an unknown option, a value outside the
 * service's values, `partialImages` outside 0–3, `outputCompression` outside 0–100 or without
 * `jpeg`/`webp` output, a `transparent` background without `png`/`webp` output, partial images
 * with `gif` output, a `size` that is not `auto` or `WIDTHxHEIGHT` in the service's limits, or a
 * mask without exactly one of `fileId` and `imageUrl`.
 * @example
 * ```ts
 * import { connectFromEnv, createAgent } from '@turnkit/core';
 * import { imageGenerationTool } from '@turnkit/tools';
 * const client = await connectFromEnv();
 * const images = imageGenerationTool({ size: '1024x1024', quality: 'low', partialImages: 2 });
 * const agent = createAgent({ instructions: 'You draw what you are asked for.', tools: [images], client });
 * ```
 * @see https://platform.openai.com/docs/guides/tools-image-generation
 */
export function imageGenerationTool(options: ImageGenerationToolOptions = {}): ImageGenerationTool {
  return atCallerOf(imageGenerationTool, () => buildImageGenerationTool(options));
}

function buildImageGenerationTool(options: ImageGenerationToolOptions): ImageGenerationTool {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ToolDefinitionError('image_generation', 'imageGenerationTool takes an options object.');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) fail(key, `is not an option; the options are ${KNOWN.join(', ')}.`);
  }
  const o = options as Record<string, unknown>;
  for (const [option, values] of Object.entries(ENUMS)) {
    const value = o[option];
    if (value !== undefined && !(values as readonly unknown[]).includes(value)) {
      fail(option, `must be one of ${values.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(value)}.`);
    }
  }
  const format = options.outputFormat ?? 'png';
  if (options.model !== undefined && (typeof options.model !== 'string' || options.model.trim() === '')) {
    fail('model', `must be a non-empty string such as "gpt-image-1", got ${JSON.stringify(options.model)}.`);
  }
  const size = options.size === undefined ? undefined : checkSize(options.size);
  const partials =
    options.partialImages === undefined
      ? undefined
      : wholeNumber(options.partialImages, 'partialImages', 0, 3);
  if (partials && format === 'gif')
    fail('partialImages', 'cannot be used with outputFormat "gif" (the service streams no partial GIFs).');
  const compression =
    options.outputCompression === undefined
      ? undefined
      : wholeNumber(options.outputCompression, 'outputCompression', 0, 100);
  if (compression !== undefined && format !== 'jpeg' && format !== 'webp') {
    fail('outputCompression', `applies to outputFormat "jpeg" or "webp", not "${format}".`);
  }
  if (options.background === 'transparent' && format !== 'png' && format !== 'webp') {
    fail('background', `"transparent" needs outputFormat "png" or "webp", not "${format}".`);
  }
  let mask: ImageGenerationToolDefinition['input_image_mask'];
  if (options.inputImageMask !== undefined) {
    const m = options.inputImageMask as Record<string, unknown> | null;
    const fileId = m?.fileId;
    const imageUrl = m?.imageUrl;
    const given = [fileId, imageUrl].filter((v) => v !== undefined);
    if (
      !m ||
      typeof m !== 'object' ||
      given.length !== 1 ||
      given.some((v) => typeof v !== 'string' || v === '')
    ) {
      fail(
        'inputImageMask',
        'must be { fileId } (an uploaded file) or { imageUrl } (a base64 image data URL), exactly one.',
      );
    }
    if (typeof imageUrl === 'string' && !/^data:image\/(png|jpeg|webp);base64,/.test(imageUrl)) {
      fail(
        'inputImageMask',
        'imageUrl must be a base64 data URL of a PNG, JPEG or WebP image (data:image/png;base64,…).',
      );
    }
    mask = typeof fileId === 'string' ? { file_id: fileId } : { image_url: imageUrl as string };
  }
  const definition: ImageGenerationToolDefinition = {
    type: 'image_generation',
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.action !== undefined ? { action: options.action } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(options.quality !== undefined ? { quality: options.quality } : {}),
    ...(options.outputFormat !== undefined ? { output_format: options.outputFormat } : {}),
    ...(compression !== undefined ? { output_compression: compression } : {}),
    ...(options.background !== undefined ? { background: options.background } : {}),
    ...(partials !== undefined ? { partial_images: partials } : {}),
    ...(options.moderation !== undefined ? { moderation: options.moderation } : {}),
    ...(options.inputFidelity !== undefined ? { input_fidelity: options.inputFidelity } : {}),
    ...(mask ? { input_image_mask: Object.freeze(mask) } : {}),
  };
  return Object.freeze({ kind: 'hosted_image_generation', definition: Object.freeze(definition) });
}

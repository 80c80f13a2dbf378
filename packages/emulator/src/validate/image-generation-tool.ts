import { invalidRequest, invalidType, invalidValue } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';

const ENUMS: Record<string, readonly string[]> = {
  action: ['generate', 'edit', 'auto'],
  background: ['transparent', 'opaque', 'auto'],
  complexity: ['low', 'medium', 'high'],
  input_fidelity: ['high', 'low'],
  moderation: ['auto', 'low'],
  output_format: ['png', 'webp', 'jpeg', 'gif', 'svg'],
  quality: ['low', 'medium', 'high', 'xhigh', 'max', 'auto'],
};
const RANGES: Record<string, [number, number]> = {
  output_compression: [0, 100],
  partial_images: [0, 3],
  frame_count: [1, 100],
  frame_duration_ms: [10, 60_000],
};
const TOOL_KEYS = [
  'type',
  'model',
  'size',
  'input_image_mask',
  'svg',
  ...Object.keys(ENUMS),
  ...Object.keys(RANGES),
];
/** The longest edge the API reference allows (`3840x2160`). */
const MAX_EDGE = 3840;

/**
 * The size of an image generation tool's images: `auto` (1024x1024 in the emulator; the service
 * picks one) or `WIDTHxHEIGHT`.
 */
export function imageSize(size: unknown): { width: number; height: number } {
  const match = typeof size === 'string' ? /^(\d+)x(\d+)$/.exec(size) : null;
  return match ? { width: Number(match[1]), height: Number(match[2]) } : { width: 1024, height: 1024 };
}

/**
 * Validates an `{"type": "image_generation"}` tool against the API reference's `ImageGeneration`
 * and returns it as the Response echoes it, with the defaults the recordings show resolved
 * (`background: "auto"`, `moderation: "auto"`, `n: 1`, `output_compression: 100`,
 * `output_format: "png"`, `quality: "auto"`, `size: "auto"`). `partial_images` is not echoed:
 * neither recording's echo shows it, though both streamed a partial image.
 *
 * @throws {HttpError} 400 naming the param: an unknown key (`unknown_parameter`), a value outside
 * an enumeration (`invalid_value`), a number of the wrong type (`invalid_type`) or out of range
 * (`partial_images` 0–3, `output_compression` 0–100: `integer_below_min_value` /
 * `integer_above_max_value`), a `size` that is not `auto` or `WIDTHxHEIGHT` with both edges
 * multiples of 16, at most 3840 and an aspect ratio within 3:1, an `input_image_mask` without
 * `file_id` or `image_url`.
 * @example
 * import { validateImageGenerationTool } from './image-generation-tool.js';
 * validateImageGenerationTool({ type: 'image_generation', partial_images: 2 }, 'tools[0]');
 */
export function validateImageGenerationTool(tool: JsonObject, param: string): JsonObject {
  for (const key of Object.keys(tool)) {
    if (!TOOL_KEYS.includes(key)) {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
  for (const [key, values] of Object.entries(ENUMS)) {
    const value = tool[key];
    if (value === undefined || (value === null && key === 'input_fidelity')) continue;
    if (!values.includes(value as string)) throw invalidValue(`${param}.${key}`, value, values);
  }
  for (const [key, [min, max]] of Object.entries(RANGES)) {
    const value = tool[key];
    if (value === undefined) continue;
    const p = `${param}.${key}`;
    if (!Number.isInteger(value)) throw invalidType(p, 'an integer', value);
    if ((value as number) < min) {
      throw invalidRequest(
        `Invalid '${p}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
        p,
        'integer_below_min_value',
      );
    }
    if ((value as number) > max) {
      throw invalidRequest(
        `Invalid '${p}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
        p,
        'integer_above_max_value',
      );
    }
  }
  if (tool.model !== undefined && typeof tool.model !== 'string') {
    throw invalidType(`${param}.model`, 'a string', tool.model);
  }
  if (tool.size !== undefined) checkSize(tool.size, `${param}.size`);
  if (tool.input_image_mask !== undefined) checkMask(tool.input_image_mask, `${param}.input_image_mask`);
  if (
    tool.svg !== undefined &&
    (typeof tool.svg !== 'object' || tool.svg === null || Array.isArray(tool.svg))
  ) {
    throw invalidType(`${param}.svg`, 'an object', tool.svg);
  }
  const {
    type,
    partial_images: _partial,
    background,
    moderation,
    output_compression,
    output_format,
    quality,
    size,
    model,
    ...rest
  } = tool;
  return {
    type,
    background: background ?? 'auto',
    ...(model !== undefined ? { model } : {}),
    moderation: moderation ?? 'auto',
    n: 1,
    output_compression: output_compression ?? 100,
    output_format: output_format ?? 'png',
    quality: quality ?? 'auto',
    size: size ?? 'auto',
    ...rest,
  };
}

function checkSize(size: unknown, param: string): void {
  if (typeof size !== 'string') throw invalidType(param, 'a string', size);
  if (size === 'auto') return;
  const match = /^(\d+)x(\d+)$/.exec(size);
  const problem = (why: string) =>
    invalidRequest(
      `Invalid '${param}': '${size}' is not a supported size. Use 'auto' or 'WIDTHxHEIGHT' (e.g. '1024x1024', '1536x1024', '1024x1536'): ${why}.`,
      param,
      'invalid_value',
    );
  if (!match) throw problem("the value must be 'auto' or two whole numbers joined by 'x'");
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width < 16 || height < 16 || width % 16 !== 0 || height % 16 !== 0) {
    throw problem('width and height must both be multiples of 16');
  }
  if (width > MAX_EDGE || height > MAX_EDGE) throw problem(`no edge may be longer than ${MAX_EDGE}`);
  if (width > height * 3 || height > width * 3) throw problem('the aspect ratio must be between 1:3 and 3:1');
}

function checkMask(mask: unknown, param: string): void {
  if (typeof mask !== 'object' || mask === null || Array.isArray(mask))
    throw invalidType(param, 'an object', mask);
  const m = mask as JsonObject;
  for (const key of Object.keys(m)) {
    if (key !== 'file_id' && key !== 'image_url') {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
    if (typeof m[key] !== 'string') throw invalidType(`${param}.${key}`, 'a string', m[key]);
  }
  if (m.file_id === undefined && m.image_url === undefined) {
    throw invalidRequest(
      `Invalid '${param}': the mask needs 'file_id' or 'image_url'.`,
      `${param}.file_id`,
      'missing_required_parameter',
    );
  }
}

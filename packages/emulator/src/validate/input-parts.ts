import { parseDataUrl } from '../media/data-url.js';
import { INPUT_IMAGE_TYPES, imageInfo } from '../media/image-info.js';
import {
  type HttpError,
  invalidRequest,
  invalidType,
  invalidValue,
  missingParameter,
} from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';

/** The `detail` values of an `input_image` (NODE `ImageDetail`). */
export const IMAGE_DETAILS = ['low', 'high', 'auto', 'original'] as const;
/** The `detail` values of an `input_file`. */
export const FILE_DETAILS = ['auto', 'low', 'high'] as const;

const IMAGE_KEYS = ['type', 'image_url', 'file_id', 'detail', 'prompt_cache_breakpoint'];
const FILE_KEYS = [
  'type',
  'file_id',
  'file_data',
  'file_url',
  'filename',
  'detail',
  'prompt_cache_breakpoint',
];
const MAX_FILE_ID_LENGTH = 64;
const DATA_URL_EXAMPLE = "'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='";

/**
 * Validates an `input_image` or `input_file` content part (of a message or of a
 * `function_call_output`), the checks that need no stored state:
 *
 * - `input_image`: exactly one of `image_url` (an `http(s)` URL, or a base64 `data:` URL of
 *   `image/png`, `image/jpeg`, `image/gif` or `image/webp` whose bytes are such an image) and
 *   `file_id`; `detail` one of `low`, `high`, `auto`, `original`;
 * - `input_file`: exactly one of `file_data` (a base64 `data:` URL, with a `filename`), `file_id`
 *   and `file_url` (`http(s)`); `detail` one of `auto`, `low`, `high`;
 * - a `file_id` of at most 64 characters; no unknown keys.
 *
 * Whether a `file_id` exists is checked later, against the Files API's uploads.
 *
 * @throws {HttpError} 400 `invalid_request_error` naming the param, worded like the real service
 * where a real answer shows the wording (see the emulator guide, "Images and documents").
 * @example
 * import { validateMediaPart } from './input-parts.js';
 * validateMediaPart({ type: 'input_image', image_url: 'https://example.com/cat.png' }, 'input[0].content[1]');
 */
export function validateMediaPart(part: JsonObject, param: string): void {
  const image = part.type === 'input_image';
  const keys = image ? IMAGE_KEYS : FILE_KEYS;
  for (const key of Object.keys(part)) {
    if (!keys.includes(key)) {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
  const details = image ? IMAGE_DETAILS : FILE_DETAILS;
  if (
    part.detail !== undefined &&
    part.detail !== null &&
    !(details as readonly unknown[]).includes(part.detail)
  ) {
    throw invalidValue(`${param}.detail`, part.detail, details);
  }
  const sources = image ? ['image_url', 'file_id'] : ['file_data', 'file_id', 'file_url'];
  for (const key of [...sources, 'filename']) {
    const value = part[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw invalidType(`${param}.${key}`, 'a string', value);
    }
  }
  const given = sources.filter((key) => typeof part[key] === 'string');
  if (given.length === 0) {
    throw invalidRequest(
      `Invalid '${param}': ${image ? "an input_image needs 'image_url' or 'file_id'" : "an input_file needs 'file_data', 'file_id' or 'file_url'"}.`,
      `${param}.${sources[0]}`,
      'missing_required_parameter',
    );
  }
  if (given.length > 1) {
    throw invalidRequest(
      `Invalid '${param}': give only one of ${given.map((k) => `'${k}'`).join(' and ')}.`,
      `${param}.${given[1]}`,
      'invalid_value',
    );
  }
  if (typeof part.file_id === 'string') checkFileId(part.file_id, `${param}.file_id`);
  if (typeof part.image_url === 'string') checkImageUrl(part.image_url, `${param}.image_url`);
  if (typeof part.file_url === 'string' && !isHttpUrl(part.file_url)) throw invalidUrl(`${param}.file_url`);
  if (typeof part.file_data === 'string') {
    if (!parseDataUrl(part.file_data).ok) {
      throw invalidRequest(`Invalid '${param}.file_data'.`, `${param}.file_data`, 'invalid_value');
    }
    if (typeof part.filename !== 'string' || part.filename === '')
      throw missingParameter(`${param}.filename`);
  }
}

function checkFileId(id: string, param: string): void {
  if (id.length > MAX_FILE_ID_LENGTH) {
    throw invalidRequest(
      `Invalid '${param}': string too long. Expected a string with maximum length ${MAX_FILE_ID_LENGTH}, but got a string with length ${id.length} instead.`,
      param,
      'string_above_max_length',
    );
  }
  if (id === '') {
    throw invalidRequest(
      `Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`,
      param,
      'empty_string',
    );
  }
}

function checkImageUrl(url: string, param: string): void {
  if (!url.startsWith('data:')) {
    if (!isHttpUrl(url)) throw invalidUrl(param);
    return;
  }
  const parsed = parseDataUrl(url);
  const expected = `Invalid '${param}'. Expected a base64-encoded data URL with an image MIME type (e.g. ${DATA_URL_EXAMPLE}), but got`;
  if (!parsed.ok) {
    const got = parsed.problem === 'empty' ? 'empty base64-encoded bytes' : 'an invalid base64-encoded value';
    throw invalidRequest(`${expected} ${got}.`, param, 'invalid_value');
  }
  if (!(INPUT_IMAGE_TYPES as readonly string[]).includes(parsed.mime)) {
    throw invalidRequest(`${expected} unsupported MIME type '${parsed.mime}'.`, param, 'invalid_value');
  }
  if (!imageInfo(parsed.bytes)) throw invalidImage(param);
}

/**
 * The 400 for image bytes that are not a PNG, JPEG, GIF or WebP image, in the real service's
 * words (`code` and `param` not confirmed).
 *
 * @example
 * import { invalidImage } from './input-parts.js';
 * throw invalidImage('input[0].content[1].image_url');
 */
export function invalidImage(param: string): HttpError {
  return invalidRequest(
    `The image data you provided does not represent a valid image. Please check your input and try again with one of the supported image formats: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'].`,
    param,
    'invalid_value',
  );
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function invalidUrl(param: string): HttpError {
  return invalidRequest(
    `Invalid '${param}'. Expected a valid URL, but got a value with an invalid format.`,
    param,
    'invalid_value',
  );
}

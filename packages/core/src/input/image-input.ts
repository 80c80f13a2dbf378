import { readFile } from 'node:fs/promises';
import type { ResponseInputImage } from 'openai/resources/responses/responses';
import { MediaError } from '../errors/media-error.js';
import { describeBytes, imageType } from './media-type.js';

/** How much detail the model looks at: `low` (cheaper), `high`, `auto` (the default) or `original`. */
export type ImageDetail = 'low' | 'high' | 'auto' | 'original';

/** Options of the image helpers. */
export interface ImageOptions {
  /** Default `auto`. */
  detail?: ImageDetail;
}

const DETAILS: readonly ImageDetail[] = ['low', 'high', 'auto', 'original'];

function detailOf(options: ImageOptions | undefined, source: string): ImageDetail {
  const detail = options?.detail ?? 'auto';
  if (!DETAILS.includes(detail)) {
    throw new MediaError(
      source,
      `\`detail\` must be "low", "high", "auto" or "original", got ${JSON.stringify(detail)}.`,
    );
  }
  return detail;
}

/**
 * An `input_image` part for an image the service fetches itself (`https://…`), or a base64
 * `data:image/…` URL you already have (its bytes are checked).
 *
 * @throws {MediaError} for a URL that is not `http(s)` or `data:`, a data URL that is not a base64
 * PNG, JPEG, GIF or WebP image, or a bad `detail`.
 * @example
 * ```ts
 * import { type Agent, imageFromUrl, userMessage } from '@turnkit/core';
 * declare const agent: Agent;
 * await agent.run([userMessage('What is on this sign?', imageFromUrl('https://example.com/sign.jpg'))]);
 * ```
 * @see https://platform.openai.com/docs/guides/images-vision
 */
export function imageFromUrl(url: string, options?: ImageOptions): ResponseInputImage {
  const detail = detailOf(options, String(url));
  if (typeof url !== 'string') throw new MediaError(String(url), 'imageFromUrl needs a URL string.');
  if (url.startsWith('data:')) {
    const match = /^data:([^;,]+);base64,(.+)$/s.exec(url);
    if (!match) {
      throw new MediaError('data URL', 'A data URL for an image must look like data:image/png;base64,…');
    }
    const bytes = Buffer.from(match[2]!, 'base64');
    const type = imageType(bytes);
    if (!type) {
      throw new MediaError(
        'data URL',
        `The data URL holds ${describeBytes(bytes)}, not a PNG, JPEG, GIF or WebP image; convert it to one of those.`,
      );
    }
    return { type: 'input_image', image_url: `data:${type};base64,${match[2]}`, detail };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MediaError(
      url,
      `"${url}" is not a URL; give an https:// URL or a data: URL (or use imageFromFile for a local file).`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new MediaError(
      url,
      `"${url}" is a ${parsed.protocol} URL; give an https:// or data: URL (imageFromFile reads local files).`,
    );
  }
  return { type: 'input_image', image_url: url, detail };
}

/**
 * An `input_image` part carrying the image's bytes as a base64 `data:` URL, with the media type
 * read from the bytes (PNG, JPEG, GIF or WebP), whatever the file is called.
 *
 * @throws {MediaError} for bytes that are not a PNG, JPEG, GIF or WebP image (the message says
 * what they look like, e.g. a BMP or HEIC image), or a bad `detail`.
 * @example
 * ```ts
 * import { imageFromBytes } from '@turnkit/core';
 * declare function renderChart(): Promise<Uint8Array>;
 * const part = imageFromBytes(await renderChart());
 * ```
 */
export function imageFromBytes(
  bytes: Uint8Array,
  options?: ImageOptions & { source?: string },
): ResponseInputImage {
  const source = options?.source ?? 'bytes';
  const detail = detailOf(options, source);
  if (!(bytes instanceof Uint8Array))
    throw new MediaError(source, 'imageFromBytes needs a Buffer or Uint8Array.');
  const type = imageType(bytes);
  if (!type) {
    throw new MediaError(
      source,
      `${source === 'bytes' ? 'The bytes are' : `${source} is`} ${describeBytes(bytes)}, not a PNG, JPEG, GIF or WebP image: the Responses API takes only those, so convert it first.`,
    );
  }
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return { type: 'input_image', image_url: `data:${type};base64,${base64}`, detail };
}

/**
 * Reads a local image file into an `input_image` part (a base64 `data:` URL, the type read from
 * the bytes). Aborting `signal` stops the read and rejects with its reason.
 *
 * @throws {MediaError} for a file that cannot be read or is not a PNG, JPEG, GIF or WebP image.
 * @example
 * ```ts
 * import { type Agent, imageFromFile, userMessage } from '@turnkit/core';
 * declare const agent: Agent;
 * await agent.run([userMessage('Describe this photo.', await imageFromFile('photo.jpg', { detail: 'low' }))]);
 * ```
 */
export async function imageFromFile(
  path: string,
  options?: ImageOptions & { signal?: AbortSignal },
): Promise<ResponseInputImage> {
  const bytes = await readLocal(path, options?.signal);
  return imageFromBytes(bytes, { ...options, source: path });
}

/**
 * An `input_image` part for an image uploaded with the Files API (see `uploadFile`).
 *
 * @throws {MediaError} for an id that is not a string, or a bad `detail`.
 * @example
 * ```ts
 * import { imageFromFileId, uploadFile } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * const file = await uploadFile({ client, path: 'diagram.png', purpose: 'vision' });
 * const part = imageFromFileId(file.id);
 * ```
 */
export function imageFromFileId(fileId: string, options?: ImageOptions): ResponseInputImage {
  const detail = detailOf(options, String(fileId));
  if (typeof fileId !== 'string' || fileId === '')
    throw new MediaError(String(fileId), 'imageFromFileId needs a file id such as "file-…".');
  return { type: 'input_image', file_id: fileId, detail };
}

/**
 * Reads a local file, turning a failure into a {@link MediaError} naming the path.
 * @throws {MediaError}; the abort reason when `signal` aborts.
 */
export async function readLocal(path: string, signal: AbortSignal | undefined): Promise<Buffer> {
  if (typeof path !== 'string' || path === '')
    throw new MediaError(String(path), 'Give the path of a file to read.');
  try {
    return await readFile(path, { signal });
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (cause as Error).message;
    throw new MediaError(path, `Cannot read "${path}": ${why}.`, { cause });
  }
}

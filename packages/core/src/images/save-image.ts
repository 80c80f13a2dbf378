import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { MediaError } from '../errors/media-error.js';
import { imageType } from '../input/media-type.js';

/** An image to save: its base64, and where it came from (for the default file name). */
export interface ImageToSave {
  base64: string | null;
  /** The `image_generation_call` id, used for the default name. */
  itemId?: string;
  /** A partial image's index: the default name gets `-partial-N`. */
  index?: number;
  /** The output format, used for the extension when the bytes do not say. */
  format?: string | null;
}

/** Options of {@link saveImage}. */
export interface SaveImageOptions {
  /** The folder to write to (created if missing). */
  dir: string;
  /**
   * The file name, without a folder: letters, digits, `.`, `_` and `-`; the extension the bytes
   * call for is added when it is missing. Default: the item id (`ig_…`, `-partial-N` for a
   * partial image).
   */
  name?: string;
  /** Replace a file of that name; default `false` (refuse to). */
  overwrite?: boolean;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * Writes a generated (or partial) image to a file in `dir` and returns the file's path. The name
 * stays inside `dir`: it may not hold a folder, `..` or characters other than letters, digits,
 * `.`, `_` and `-`. The extension comes from the bytes (PNG, JPEG, GIF, WebP), else from the
 * format.
 *
 * @throws {MediaError} for an image without bytes, an unsafe name, a file that exists (unless
 * `overwrite`), or a write that fails.
 * @example
 * ```ts
 * import { generatedImages, type RunResult, type RunStream, saveImage } from '@turnkit/core';
 * declare const stream: RunStream;
 * declare const result: RunResult;
 * stream.on('image_partial', (e) => void saveImage(e, { dir: 'out' })); // out/ig_…-partial-0.png
 * const path = await saveImage(generatedImages(result)[0]!, { dir: 'out', name: 'poster' }); // out/poster.png
 * ```
 */
export async function saveImage(image: ImageToSave, options: SaveImageOptions): Promise<string> {
  if (!image || typeof image.base64 !== 'string' || image.base64 === '') {
    throw new MediaError(
      String(image?.itemId ?? 'image'),
      'There is no image to save: the call produced no result.',
    );
  }
  if (!options || typeof options.dir !== 'string' || options.dir === '') {
    throw new MediaError('dir', 'saveImage needs `dir`, the folder to write the image to.');
  }
  const bytes = Buffer.from(image.base64, 'base64');
  const type = imageType(bytes);
  const extension = type ? EXTENSIONS[type]! : safeExtension(image.format);
  const fallback = `${image.itemId ?? 'image'}${image.index !== undefined ? `-partial-${image.index}` : ''}`;
  const name = options.name ?? fallback.replace(/[^A-Za-z0-9._-]/g, '_');
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/.test(name) || name.includes('..')) {
    throw new MediaError(
      String(name),
      `The image name ${JSON.stringify(name)} is not a plain file name: use letters, digits, ".", "_" and "-" (no folders, no "..").`,
    );
  }
  const file = name.toLowerCase().endsWith(`.${extension}`) ? name : `${name}.${extension}`;
  const dir = resolve(options.dir);
  const path = join(dir, file);
  if (!path.startsWith(dir + sep)) throw new MediaError(file, `The image name "${file}" leaves ${dir}.`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, bytes, { flag: options.overwrite ? 'w' : 'wx' });
  } catch (cause) {
    const exists = (cause as NodeJS.ErrnoException).code === 'EEXIST';
    throw new MediaError(
      path,
      exists
        ? `${path} exists already; pass \`overwrite: true\` or another \`name\`.`
        : `Cannot write ${path}: ${(cause as Error).message}`,
      { cause },
    );
  }
  return path;
}

function safeExtension(format: string | null | undefined): string {
  return typeof format === 'string' && /^[a-z0-9]{1,8}$/.test(format) ? format : 'bin';
}

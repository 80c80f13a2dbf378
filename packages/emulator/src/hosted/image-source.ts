import { parseDataUrl } from '../media/data-url.js';
import type { RasterImage } from '../media/png.js';
import { decodePng } from '../media/png-decode.js';
import { invalidRequest } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { ContainerStore } from './containers.js';

/** An earlier generated image an edit starts from. */
export interface SourceImage {
  /** The `image_generation_call` it came from (`ig_…`). */
  itemId: string;
  /** Its pixels, or `null` when they are not a PNG the emulator can read (e.g. a recorded WebP). */
  raster: RasterImage | null;
}

/**
 * The newest image the model context holds: the last `image_generation_call` with a non-empty
 * `result` (an earlier response's, through `previous_response_id`, or one sent back in `input`).
 * `null` when there is none.
 *
 * @example
 * import type { ResolvedContext } from '../state/context.js';
 * import { newestImage } from './image-source.js';
 * declare const context: ResolvedContext;
 * const source = newestImage(context.items); // { itemId: 'ig_…', raster: { width: 64, … } }
 */
export function newestImage(items: readonly WireItem[]): SourceImage | null {
  const item = items.findLast(
    (i) => i.type === 'image_generation_call' && typeof i.result === 'string' && i.result !== '',
  );
  if (item === undefined) return null;
  return { itemId: String(item.id), raster: decodePng(Buffer.from(String(item.result), 'base64')) };
}

/**
 * Reads the tool's `input_image_mask` for an edit: its `image_url` (a base64 `data:` URL, or bare
 * base64) or the uploaded file its `file_id` names, which must be a PNG with an alpha channel
 * (its fully transparent pixels mark what the edit changes, as Images API masks do).
 *
 * @throws {HttpError} 400 naming `PARAM.file_id` for an unknown file (`No such File object: …`),
 * and 400 `invalid_value` naming `PARAM.image_url` / `PARAM.file_id` for bytes that are not an
 * RGBA (or grey + alpha) PNG. The service's wording for these is not confirmed.
 * @example
 * import { ContainerStore } from './containers.js';
 * import { readMask } from './image-source.js';
 * const files = new ContainerStore();
 * const mask = readMask({ image_url: 'data:image/png;base64,…' }, files, 'tools[0].input_image_mask');
 */
export function readMask(mask: JsonObject, files: ContainerStore, param: string): RasterImage {
  let bytes: Buffer | null;
  let where: string;
  if (typeof mask.file_id === 'string') {
    where = `${param}.file_id`;
    const file = files.files.get(mask.file_id);
    if (!file) throw invalidRequest(`No such File object: ${mask.file_id}`, where, 'invalid_value');
    bytes = file.data;
  } else {
    where = `${param}.image_url`;
    const url = String(mask.image_url);
    const parsed = parseDataUrl(url);
    bytes = parsed.ok ? parsed.bytes : /^[A-Za-z0-9+/]+={0,2}$/.test(url) ? Buffer.from(url, 'base64') : null;
  }
  const raster = bytes === null ? null : decodePng(bytes);
  if (raster === null || raster.channels !== 4) {
    throw invalidRequest(
      `Invalid '${where}': the mask must be a PNG image with an alpha channel; its fully transparent pixels mark the area to edit.`,
      where,
      'invalid_value',
    );
  }
  return raster;
}

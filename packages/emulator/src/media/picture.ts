import { createHash } from 'node:crypto';
import type { RasterImage } from './png.js';

/** What a generated picture depends on. */
export interface PictureSpec {
  /** The prompt: its SHA-256 picks the colours and where the disc sits, so two prompts differ. */
  prompt: string;
  width: number;
  height: number;
  /** Transparent background: pixels outside the disc get alpha 0 (RGBA); otherwise RGB. */
  transparent: boolean;
  /**
   * Blockiness: the picture is drawn in squares of this many pixels (1 = full detail). Partial
   * images use bigger blocks, so each one shows more detail than the last.
   */
  block: number;
}

/**
 * Draws the emulator's deterministic picture for a prompt: a diagonal gradient between two
 * colours with a disc of a third colour, all chosen by the prompt's hash, at the requested size.
 * The same spec always gives the same pixels.
 *
 * @example
 * import { drawPicture } from './picture.js';
 * const raster = drawPicture({ prompt: 'a red fox', width: 64, height: 64, transparent: false, block: 1 });
 */
export function drawPicture(spec: PictureSpec): RasterImage {
  const { width, height, transparent } = spec;
  const block = Math.max(1, Math.floor(spec.block));
  const h = createHash('sha256').update(spec.prompt).digest();
  const from = [h[0]!, h[1]!, h[2]!];
  const to = [h[3]!, h[4]!, h[5]!];
  const disc = [h[6]!, h[7]!, h[8]!];
  const cx = width * (0.3 + (h[9]! / 255) * 0.4);
  const cy = height * (0.3 + (h[10]! / 255) * 0.4);
  const radius = Math.min(width, height) * (0.2 + (h[11]! / 255) * 0.15);
  const channels = transparent ? 4 : 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.floor(y / block) * block + (block >> 1));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(width - 1, Math.floor(x / block) * block + (block >> 1));
      const inside = (sx - cx) ** 2 + (sy - cy) ** 2 <= radius * radius;
      const t = (sx / Math.max(1, width - 1) + sy / Math.max(1, height - 1)) / 2;
      const at = (y * width + x) * channels;
      for (let c = 0; c < 3; c++) {
        pixels[at + c] = inside ? disc[c]! : Math.round(from[c]! + (to[c]! - from[c]!) * t);
      }
      if (transparent) pixels[at + 3] = inside ? 255 : 0;
    }
  }
  return { width, height, channels, pixels };
}

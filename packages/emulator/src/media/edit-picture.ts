import { createHash } from 'node:crypto';
import type { RasterImage } from './png.js';

/** The colour words an edit prompt may name, and the colour each tints to. */
const COLOURS: Record<string, readonly [number, number, number]> = {
  red: [220, 30, 30],
  orange: [245, 140, 20],
  yellow: [240, 220, 30],
  gold: [212, 175, 55],
  green: [30, 170, 60],
  teal: [0, 128, 128],
  cyan: [0, 200, 220],
  blue: [30, 80, 230],
  navy: [20, 30, 120],
  purple: [130, 40, 170],
  violet: [140, 80, 220],
  magenta: [220, 30, 180],
  pink: [240, 120, 170],
  brown: [130, 80, 40],
  black: [15, 15, 15],
  white: [245, 245, 245],
  grey: [128, 128, 128],
  gray: [128, 128, 128],
};

/** The colour an edit tints the picture with. */
export interface Tint {
  /** The colour word the prompt names (its last one), or `null` when it names none. */
  name: string | null;
  rgb: readonly [number, number, number];
}

/**
 * The tint of an edit prompt: the last colour word it names ("now make it blue" → blue), else a
 * colour picked by the prompt's SHA-256, so every edit is visible and the same prompt always
 * gives the same edit.
 *
 * @example
 * import { tintOf } from './edit-picture.js';
 * tintOf('Now make it blue').name; // 'blue'
 */
export function tintOf(prompt: string): Tint {
  const words = prompt.toLowerCase().match(/[a-z]+/g) ?? [];
  const name = words.findLast((word) => word in COLOURS) ?? null;
  if (name !== null) return { name, rgb: COLOURS[name]! };
  const h = createHash('sha256').update(prompt).digest();
  return { name: null, rgb: [h[0]!, h[1]!, h[2]!] };
}

/** How to edit a picture. */
export interface EditSpec {
  /** The edit prompt: it picks the tint (see {@link tintOf}). */
  prompt: string;
  width: number;
  height: number;
  /** RGBA output (the source's alpha kept, opaque where it had none); otherwise RGB. */
  transparent: boolean;
  /**
   * Where the edit applies: the pixels whose mask pixel is fully transparent (alpha 0), as for the
   * Images API's inpainting masks; `null` edits everywhere. Read at the same relative position, so
   * a mask of another size still lines up.
   */
  mask: RasterImage | null;
  /** `high` keeps more of the source (half tinted); otherwise three quarters are tinted. */
  fidelity: string | null;
  /** Blockiness, as in `drawPicture`: partial images are drawn in bigger squares. */
  block: number;
}

/**
 * Edits a picture the way the emulator's image model does: the same picture (resized to the
 * requested size by nearest neighbour), every editable pixel blended towards the tint at its own
 * brightness, so shapes and shading stay where they were and the colour changes. Deterministic:
 * the same source and spec give the same pixels.
 *
 * @example
 * import { editPicture } from './edit-picture.js';
 * import { drawPicture } from './picture.js';
 * const source = drawPicture({ prompt: 'a red fox', width: 64, height: 64, transparent: false, block: 1 });
 * const blue = editPicture(source, { prompt: 'make it blue', width: 64, height: 64, transparent: false, mask: null, fidelity: null, block: 1 });
 */
export function editPicture(source: RasterImage, spec: EditSpec): RasterImage {
  const { width, height, transparent, mask } = spec;
  const block = Math.max(1, Math.floor(spec.block));
  const { rgb } = tintOf(spec.prompt);
  const strength = spec.fidelity === 'high' ? 0.5 : 0.75;
  const channels = transparent ? 4 : 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.floor(y / block) * block + (block >> 1));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(width - 1, Math.floor(x / block) * block + (block >> 1));
      const from = pixelAt(source, sx, sy, width, height);
      const editable = mask === null || alphaAt(mask, sx, sy, width, height) === 0;
      const at = (y * width + x) * channels;
      const [r, g, b] = [source.pixels[from]!, source.pixels[from + 1]!, source.pixels[from + 2]!];
      const light = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      [r, g, b].forEach((value, c) => {
        pixels[at + c] = editable ? Math.round(value * (1 - strength) + rgb[c]! * light * strength) : value;
      });
      if (transparent) pixels[at + 3] = source.channels === 4 ? source.pixels[from + 3]! : 255;
    }
  }
  return { width, height, channels, pixels };
}

/** The byte offset in `image` of the pixel at (x, y) of a `width`x`height` picture. */
function pixelAt(image: RasterImage, x: number, y: number, width: number, height: number): number {
  const ix = Math.min(image.width - 1, Math.floor((x * image.width) / width));
  const iy = Math.min(image.height - 1, Math.floor((y * image.height) / height));
  return (iy * image.width + ix) * image.channels;
}

function alphaAt(image: RasterImage, x: number, y: number, width: number, height: number): number {
  return image.channels === 4 ? image.pixels[pixelAt(image, x, y, width, height) + 3]! : 255;
}

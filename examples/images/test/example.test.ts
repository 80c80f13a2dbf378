import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_OPENAI_')));

/** Width and height from a PNG's IHDR. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the images example', () => {
  it('describes the bundled image, then saves two partial images and the final one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'images-example-'));
    const { stdout } = await run(process.execPath, [main, '', dir], { env, timeout: 60_000 });
    expect(stdout).toContain('Image 1: an image (image/png, 48x32 pixels, detail low)');
    expect(stdout).toContain(`partial image 1 saved to ${join(dir, 'lighthouse-partial-0.png')}`);
    expect(stdout).toContain(`partial image 2 saved to ${join(dir, 'lighthouse-partial-1.png')}`);
    expect(stdout).toContain(`image (1024x1024) saved to ${join(dir, 'lighthouse.png')}`);
    expect(stdout).toContain('Here is the image: a lighthouse on a cliff at dusk');
    const final = await readFile(join(dir, 'lighthouse.png'));
    expect(pngSize(final)).toEqual([1024, 1024]);
    const partial = await readFile(join(dir, 'lighthouse-partial-0.png'));
    expect(pngSize(partial)).toEqual([1024, 1024]);
    expect(partial.equals(final)).toBe(false);
  }, 60_000);

  it('describes an image given on the command line, resolved where the command was typed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'images-example-'));
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([9, 0, 4, 0, 0, 0, 0, 0x3b])]);
    await writeFile(join(dir, 'tiny.gif'), gif);
    const { stdout } = await run(process.execPath, [main, 'tiny.gif', 'out'], {
      env: { ...env, TURNKIT_CALLER_CWD: dir },
      timeout: 60_000,
    });
    expect(stdout).toContain('Image 1: an image (image/gif, 9x4 pixels, detail low)');
    expect(pngSize(await readFile(join(dir, 'out', 'lighthouse.png')))).toEqual([1024, 1024]);
  }, 60_000);

  it('says clearly when the image is of a type the API does not take', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'images-example-'));
    await writeFile(join(dir, 'scan.bmp'), Buffer.from('BM\0\0\0\0'));
    const failed = await run(process.execPath, [main, join(dir, 'scan.bmp'), dir], {
      env,
      timeout: 60_000,
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('media_invalid:');
    expect(failed?.stderr).toContain('is a BMP image, not a PNG, JPEG, GIF or WebP image');
  }, 60_000);
});

import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_OPENAI_')));

describe('the images example', () => {
  it('describes the bundled image', async () => {
    const { stdout } = await run(process.execPath, [main], { env, timeout: 60_000 });
    expect(stdout).toContain('> What is in this image? (');
    expect(stdout).toContain('You said: "What is in this image?"');
    expect(stdout).toContain('Image 1: an image (image/png, 48x32 pixels, detail low)');
  }, 60_000);

  it('describes an image given on the command line, resolved where the command was typed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'images-example-'));
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([9, 0, 4, 0, 0, 0, 0, 0x3b])]);
    await writeFile(join(dir, 'tiny.gif'), gif);
    const { stdout } = await run(process.execPath, [main, 'tiny.gif', 'How big is it?'], {
      env: { ...env, TURNKIT_CALLER_CWD: dir },
      timeout: 60_000,
    });
    expect(stdout).toContain(`> How big is it? (${join(dir, 'tiny.gif')})`);
    expect(stdout).toContain('Image 1: an image (image/gif, 9x4 pixels, detail low)');
  }, 60_000);

  it('says clearly when the image is of a type the API does not take', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'images-example-'));
    await writeFile(join(dir, 'scan.bmp'), Buffer.from('BM\0\0\0\0'));
    const failed = await run(process.execPath, [main, join(dir, 'scan.bmp')], {
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

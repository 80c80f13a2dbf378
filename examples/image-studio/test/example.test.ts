import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_OPENAI_')));

/** Width, height and the mean red, green and blue of an 8-bit RGB PNG (rows with the Sub filter or none). */
function readPng(bytes: Buffer): { width: number; height: number; rgb: number[] } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect([bytes[24], bytes[25]]).toEqual([8, 2]);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; at += 12 + bytes.readUInt32BE(at)) {
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT')
      idat.push(bytes.subarray(at + 8, at + 8 + bytes.readUInt32BE(at)));
  }
  const raw = inflateSync(Buffer.concat(idat));
  const sums = [0, 0, 0];
  const row = new Uint8Array(width * 3);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width * 3 + 1)]!;
    expect(filter === 0 || filter === 1).toBe(true);
    for (let x = 0; x < width * 3; x++) {
      const value = raw[y * (width * 3 + 1) + 1 + x]!;
      row[x] = (value + (filter === 1 && x >= 3 ? row[x - 3]! : 0)) & 0xff;
      sums[x % 3]! += row[x]!;
    }
  }
  return { width, height, rgb: sums.map((s) => s / (width * height)) };
}

describe('the image studio example', () => {
  it.each([[[]], [['--stateless']]])(
    'draws a picture with its partial images saved as they stream, then saves its blue edit (%j)',
    async (flags) => {
      const dir = await mkdtemp(join(tmpdir(), 'image-studio-'));
      const { stdout } = await run(process.execPath, [main, 'out', ...flags], {
        env: { ...env, TURNKIT_CALLER_CWD: dir },
        timeout: 60_000,
      });
      const out = join(dir, 'out');
      const lines = stdout.split('\n');
      const at = (text: string) => lines.findIndex((l) => l.includes(text));
      for (const name of ['picture', 'picture-edited']) {
        expect(at(`partial image 1 saved to ${join(out, `${name}-partial-0.png`)}`)).toBeGreaterThan(-1);
        expect(at(`partial image 2 saved to ${join(out, `${name}-partial-1.png`)}`)).toBeGreaterThan(
          at(`partial image 1 saved to ${join(out, `${name}-partial-0.png`)}`),
        );
      }
      expect(stdout).toContain(`image (1024x1024) saved to ${join(out, 'picture.png')}`);
      expect(stdout).toContain(`edited image (1024x1024) saved to ${join(out, 'picture-edited.png')}`);
      expect(at('> Now make it blue.')).toBeGreaterThan(at(join(out, 'picture.png')));
      const id = /ig_[0-9a-f]+/.exec(stdout.slice(stdout.indexOf('> Now make it blue.')))?.[0];
      expect(stdout).toContain(`Here is the edited image: Now make it blue (an edit of ${id}`);
      const picture = readPng(await readFile(join(out, 'picture.png')));
      const edited = readPng(await readFile(join(out, 'picture-edited.png')));
      expect([edited.width, edited.height]).toEqual([picture.width, picture.height]);
      expect(edited.rgb[2]!).toBeGreaterThan(edited.rgb[0]! + 30);
      expect(edited.rgb[2]!).toBeGreaterThan(edited.rgb[1]!);
      expect(edited.rgb).not.toEqual(picture.rgb);
      const partial = await readFile(join(out, 'picture-edited-partial-0.png'));
      expect(partial.equals(await readFile(join(out, 'picture-edited.png')))).toBe(false);
      expect(stdout).toContain(flags.length ? 'stateless conversation' : 'server conversation');
    },
    60_000,
  );

  it('names what to draw from the command line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'image-studio-'));
    const { stdout } = await run(process.execPath, [main, dir, 'a red kite over the sea'], {
      env,
      timeout: 60_000,
    });
    expect(stdout).toContain('> Draw a picture of a red kite over the sea.');
    expect(stdout).toContain('Here is the image: a red kite over the sea');
  }, 60_000);

  it('says what is missing when Azure is set up without an image deployment', async () => {
    const failed = await run(process.execPath, [main], {
      env: { ...env, AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com' },
      timeout: 60_000,
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('AZURE_OPENAI_IMAGE_DEPLOYMENT is not set');
  }, 60_000);
});

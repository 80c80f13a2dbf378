import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_OPENAI_')));

function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the computer use example', () => {
  it('fills in and submits the form in a real browser, printing each action and saving each screenshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'computer-use-example-'));
    const { stdout } = await run(process.execPath, [main, dir, '--approve'], { env, timeout: 60_000 });
    expect(stdout).toContain('action: {"type":"type","text":"Ada Lovelace"}');
    expect(stdout).toContain('action: {"type":"click","button":"left","x":180,"y":290}');
    expect(stdout).toContain('safety check sensitive_domain: The next action submits personal data');
    expect(stdout).toContain(`screenshot 6 saved to ${join(dir, 'screenshot-06.png')}`);
    expect(stdout).toContain('Done: Ada Lovelace is registered for the workshop.');
    expect(stdout).toContain('The page says: Thanks, Ada Lovelace: you are registered.');
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([1, 2, 3, 4, 5, 6].map((n) => `screenshot-0${n}.png`));
    const first = await readFile(join(dir, files[0]!));
    const last = await readFile(join(dir, files[5]!));
    expect(pngSize(first)).toEqual([1024, 768]);
    expect(pngSize(last)).toEqual([1024, 768]);
    expect(first.equals(last)).toBe(false);
  }, 60_000);

  it('leaves the form unsent when the safety check is rejected, and the model is told', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'computer-use-example-'));
    const { stdout } = await run(process.execPath, [main, dir], { env, timeout: 60_000 });
    expect(stdout).toContain('rejected (no terminal to ask; pass --approve to allow it)');
    expect(stdout).toMatch(
      /not run: The actions of computer call call_\w+ were not run: its safety checks \(sensitive_domain\) were not approved\./,
    );
    expect(stdout).toContain('I did not register: submitting the form was not approved.');
    expect(stdout).toContain('The page says: the form is not submitted.');
  }, 60_000);
});

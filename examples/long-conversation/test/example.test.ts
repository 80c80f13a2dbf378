import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('AZURE_OPENAI_')),
);

describe('the long-conversation example', () => {
  it('shows each request size, drops it after a compaction, and still recalls the first note', async () => {
    const { stdout } = await run(process.execPath, [main, '16'], { env, timeout: 60_000 });
    const sizes = [...stdout.matchAll(/turn +(\d+): sent +(\d+) bytes/g)].map((m) => Number(m[2]));
    expect(sizes).toHaveLength(16);
    const at = stdout.split('\n').findIndex((line) => line.includes('compacted:'));
    expect(at).toBeGreaterThan(0);
    const turn = Number(/turn +(\d+)/.exec(stdout.split('\n')[at]!)![1]);
    expect(sizes[turn]!).toBeLessThan(sizes[turn - 1]!);
    expect(stdout).toContain('Note 1: remember the number 7.');
    expect(stdout).toContain('Note 16: remember the number 112.');
  });

  it('grows every turn without compaction', async () => {
    const { stdout } = await run(process.execPath, [main, '6', '--no-compaction'], { env, timeout: 60_000 });
    const sizes = [...stdout.matchAll(/sent +(\d+) bytes/g)].map((m) => Number(m[1]));
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThan(sizes[i - 1]!);
    expect(stdout).not.toContain('compacted');
  });

  it('refuses a bad turn count', async () => {
    const error = await run(process.execPath, [main, 'many'], { env }).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/turns must be a whole number/);
  });
});

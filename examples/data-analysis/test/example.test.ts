import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_OPENAI_')));

describe('the data-analysis example', () => {
  it('uploads the CSV, runs the analysis in Python, and downloads the file it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'data-analysis-'));
    const { stdout } = await run(process.execPath, [main, dir], { env, timeout: 60_000 });
    expect(stdout).toMatch(/uploaded sales\.csv as file-/);
    expect(stdout).toContain("{'2026-01': 2150, '2026-02': 2330, '2026-03': 2450}");
    expect(stdout).toContain('best month: 2026-03 2450');
    expect(stdout).toContain('March was the best month');
    const csv = (await readFile(join(dir, 'monthly_totals.csv'), 'utf8')).replace(/\r/g, '');
    expect(csv).toBe('month,total\n2026-01,2150\n2026-02,2330\n2026-03,2450\n');
  }, 60_000);
});

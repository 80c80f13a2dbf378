// The comparison mode's own correctness: a baseline saved and loaded, a few rounds of every loop
// against the emulator with the work checked, and the paired ratio's arithmetic.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchArgs } from '../src/bench-args.ts';
import { pairedRatio } from '../src/compare.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bench-overhead-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => promisify(execFile)(process.execPath, [MAIN, ...args], { timeout: 110_000 });

interface CompareResults {
  mode: string;
  baseline: { savedAt: string };
  summary: Record<string, { threadCpuUs: number; vsRaw?: { ratio: number; low: number; high: number } }>;
  change: Record<string, { ratio: number; low: number; high: number }>;
  rounds: Record<string, number[]>;
}

describe('bench/overhead --vs-baseline', () => {
  it('saves the current build as a baseline, then times it against the current one, loop by loop', async () => {
    const baseline = join(dir, 'baseline');
    const saved = await run(['--save-baseline', '--baseline', baseline]);
    expect(saved.stdout).toContain(`as the baseline in ${baseline}`);
    expect(existsSync(join(baseline, 'core', 'index.js'))).toBe(true);
    // The saved core runs the saved tools, not the workspace's.
    const runToolCalls = readFileSync(join(baseline, 'core', 'runner', 'run-tool-calls.js'), 'utf8');
    expect(runToolCalls).toContain("from '../../tools/index.js'");
    // Only the copies are rewritten: the builds the copies' node_modules link to are left as built.
    const mcpErrors = new URL('../../../packages/mcp/dist/contract/errors.js', import.meta.url);
    expect(readFileSync(mcpErrors, 'utf8')).toContain("from '@turnkit/tools'");

    const out = join(dir, 'compare.json');
    const { stdout } = await run([
      '--vs-baseline',
      '--baseline',
      baseline,
      '--loops',
      'run,stream,events',
      '--rounds',
      '3',
      '--warmup',
      '1',
      '--out',
      out,
    ]);
    expect(stdout).toMatch(/current ÷ baseline, run: \d\.\d{4}×/);
    const results = JSON.parse(readFileSync(out, 'utf8')) as CompareResults;
    expect(results.mode).toBe('compare');
    const names = ['raw', 'run', 'stream', 'events'].flatMap((loop) =>
      loop === 'raw' ? ['raw'] : [`baseline ${loop}`, `current ${loop}`],
    );
    expect(Object.keys(results.rounds)).toEqual(names);
    for (const name of names) {
      expect(results.rounds[name]).toHaveLength(3);
      expect(results.summary[name]!.threadCpuUs).toBeGreaterThan(0);
    }
    for (const loop of ['run', 'stream', 'events']) {
      const change = results.change[loop]!;
      expect(change.low).toBeLessThanOrEqual(change.ratio);
      expect(change.high).toBeGreaterThanOrEqual(change.ratio);
    }
  });

  it('never empties a directory that holds something else than a baseline', async () => {
    const failed = await run(['--save-baseline', '--baseline', join(MAIN, '..')]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('holds no baseline');
    expect(existsSync(MAIN)).toBe(true);
  });

  it('refuses to compare without a saved baseline, before starting anything', async () => {
    const failed = await run(['--vs-baseline', '--baseline', join(dir, 'nothing-here')]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('No baseline saved in');
  });

  it('takes its flags only together with the mode they belong to', () => {
    expect(parseBenchArgs(['--vs-baseline', '--loops', 'stream,run'])).toMatchObject({
      vsBaseline: true,
      loops: ['stream', 'run'],
      rounds: 1500,
    });
    expect(() => parseBenchArgs(['--loops', 'run'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--vs-baseline', '--loops', 'run,walk'])).toThrow(/got "walk"/);
    expect(() => parseBenchArgs(['--vs-baseline', '--loops', 'run,run'])).toThrow(/twice/);
    expect(() => parseBenchArgs(['--vs-baseline', '--runs', '5'])).toThrow(/not --runs/);
    expect(() => parseBenchArgs(['--save-baseline', '--rounds', '5'])).toThrow(/no other flag/);
    expect(() => parseBenchArgs(['--heap', '--vs-baseline'])).toThrow(/at most one/);
    expect(() => parseBenchArgs(['--baseline', 'x'])).toThrow(/needs --save-baseline or --vs-baseline/);
  });
});

describe('pairedRatio', () => {
  it('is 1 for equal rounds and the factor for rounds that differ by one, its interval around it', () => {
    const base = Array.from({ length: 200 }, (_, i) => 1000 + ((i * 37) % 101));
    expect(pairedRatio(base, base)).toMatchObject({ ratio: 1, low: 1, high: 1, median: 1 });
    const slower = pairedRatio(
      base.map((v) => v * 1.1),
      base,
    );
    expect(slower.ratio).toBeCloseTo(1.1, 10);
    expect(slower.median).toBeCloseTo(1.1, 10);
  });

  it('leaves a few wild rounds out, and widens its interval with the spread of the rounds', () => {
    const base = Array.from({ length: 400 }, () => 1000);
    // Per-round ratios alternating 0.95 and 1.05 around 1, plus five rounds ten times slower.
    const noisy = base.map((v, i) => (i < 5 ? v * 10 : v * (i % 2 ? 1.05 : 0.95)));
    const r = pairedRatio(noisy, base);
    expect(r.ratio).toBeGreaterThan(0.99);
    expect(r.ratio).toBeLessThan(1.01);
    expect(r.low).toBeLessThan(r.ratio);
    expect(r.high).toBeGreaterThan(r.ratio);
  });
});

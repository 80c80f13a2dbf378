// The benchmark's own correctness: one tiny round of every contender against the emulator, with
// the work check passing, and a work check that fails when a contender did other work. Not part
// of the root suite (bench/ is not in its projects): run with `pnpm --filter ./bench/peers test`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchArgs } from '../src/bench-args.ts';
import { CONTENDERS, CONVERSATION_CONTENDERS } from '../src/contenders.ts';
import { emptyTally } from '../src/cpu-tally.ts';
import { checkWork } from '../src/report.ts';
import { CALLS_PER_RUN, REQUESTS_PER_RUN, WORK_TEXT } from '../src/workload.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bench-peers-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Results {
  check: {
    ok: boolean;
    problems: string[];
    tallies: Record<string, { runs: number; requests: number; toolCalls: number }>;
  };
  conversations: { name: string; requests: number; lastRequestBytes: number[] }[];
  rounds: {
    cpu: unknown[];
    heap: {
      samples: Record<
        string,
        { runs: number; perRun: number; socketsWhileWaiting: number; connectionsOpened: number }
      >;
    }[];
  };
}

describe('bench/peers', () => {
  it('runs one tiny round of every contender against the emulator and the work check passes', async () => {
    const out = join(dir, 'results.json');
    const args = ['--rounds', '1', '--runs', '1', '--warmup', '1', '--waiting', '5', '--heap-rounds', '1'];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [MAIN, ...args, '--turns', '3', '--out', out],
      {
        timeout: 290_000,
      },
    );
    expect(stdout).toContain('✓ every contender did the same work');
    const results = JSON.parse(readFileSync(out, 'utf8')) as Results;
    expect(results.check).toMatchObject({ ok: true, problems: [] });
    expect(Object.keys(results.check.tallies)).toEqual([...CONTENDERS]);
    for (const tally of Object.values(results.check.tallies)) {
      expect(tally).toMatchObject({ runs: 2, requests: 2 * REQUESTS_PER_RUN, toolCalls: 2 * CALLS_PER_RUN });
    }
    expect(results.rounds.cpu).toHaveLength(1);
    expect(Object.keys(results.rounds.heap[0]!.samples).sort()).toEqual([...CONTENDERS].sort());
    // Each heap was read once the idle keep-alive sockets had closed (they are not a run's state):
    // the connections are counted from undici's diagnostics channel, which sees idle pooled ones.
    for (const sample of Object.values(results.rounds.heap[0]!.samples)) {
      expect(sample.connectionsOpened).toBeGreaterThan(0);
      expect(sample.socketsWhileWaiting).toBe(0);
    }
    expect(results.conversations.map((c) => c.name)).toEqual([...CONVERSATION_CONTENDERS]);
    for (const c of results.conversations) {
      expect(c.requests).toBe(6);
      // Stateless: every turn resends the turns before it, so each turn's last request is larger.
      expect(c.lastRequestBytes[2]).toBeGreaterThan(c.lastRequestBytes[1]!);
      expect(c.lastRequestBytes[1]).toBeGreaterThan(c.lastRequestBytes[0]!);
    }
  }, 300_000);

  it('fails the work check when a contender made other requests, tool calls or final texts', () => {
    const right = { ...emptyTally(), runs: 2, requests: 2 * REQUESTS_PER_RUN, toolCalls: 2 * CALLS_PER_RUN };
    expect(checkWork({ 'raw-stream': right, 'turnkit-run': { ...right } }, [], [])).toEqual({
      ok: true,
      problems: [],
    });
    const check = checkWork(
      {
        'raw-stream': right,
        'agents-run': { ...right, requests: right.requests + 1 },
        'ai-sdk-stream': { ...right, toolCalls: right.toolCalls - 1, wrongTexts: 1, firstWrongText: 'Hi' },
      },
      [],
      [],
    );
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      `agents-run made ${right.requests + 1} requests in 2 runs, expected ${right.requests}`,
      `ai-sdk-stream ran the tool ${right.toolCalls - 1} times in 2 runs, expected ${right.toolCalls}`,
      'ai-sdk-stream ended 1 run(s) with another text, e.g. "Hi"',
    ]);
    expect(WORK_TEXT).toBe('All 5 steps are done: 10 sums, adding up to 45.');
  });

  it('refuses an unknown contender and always includes the raw baseline', () => {
    expect(() => parseBenchArgs(['--contenders', 'langchain'])).toThrow(BenchUsageError);
    expect(parseBenchArgs(['--contenders', 'turnkit-run']).contenders).toEqual(['raw-stream', 'turnkit-run']);
  });
});

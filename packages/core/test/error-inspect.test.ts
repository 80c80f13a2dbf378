import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAgent, MaxTurnsExceededError, RateLimitedError } from '../src/index.js';
import { getWeather, useEmulator } from './helpers.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/uncaught-child.ts', import.meta.url));
const SECRET = 'sk-inspect-secret-0042';
let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const twoCalls = () =>
  emu.enqueue(
    reply.toolCall('get_weather', { city: 'Paris' }),
    reply.toolCall('get_weather', { city: 'Oslo' }),
  );

describe('an error that stops a run, printed', () => {
  it('is short: code, message, one line of partial, and the stack, while partial stays on the error', async () => {
    twoCalls();
    const agent = createAgent({ model: 'm', client, tools: [getWeather], maxTurns: 2 });
    const error = await agent.run('Weather?').catch((e) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(error.partial.items.length).toBeGreaterThan(4);
    const printed = inspect(error);
    const lines = printed.split('\n');
    expect(lines[0]).toMatch(/^MaxTurnsExceededError \[max_turns_exceeded\]: The run used all 2 turns/);
    expect(lines.filter((l) => l.startsWith('  partial: '))).toEqual([
      expect.stringMatching(
        /^ {2}partial: stopped after 2 turn\(s\) and 2 response\(s\); \d+ item\(s\); \d+ tokens; output 0 chars; conversation server, 1 item\(s\) pending, last response resp_\w+$/,
      ),
    ]);
    expect(lines.some((l) => /^\s+at /.test(l))).toBe(true);
    expect(lines.length).toBeLessThan(20);
    expect(printed).not.toContain('temperature');
    expect(Object.keys(error)).not.toContain('partial');
    expect(JSON.stringify(error)).not.toContain('temperature');
  });

  it('names each cause in the chain, one line each', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 429, retryAfterMs: 5 }));
    const error = await createAgent({ model: 'm', client })
      .run('hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    const printed = inspect(error);
    expect(printed).toMatch(/^RateLimitedError \[rate_limited\]: Responses API error 429/);
    expect(printed).toMatch(/\n {2}cause: RateLimitError \[rate_limit_exceeded\]: 429 /);
    expect(printed).not.toMatch(/headers|x-request-id:/i);
  });

  it('prints short and without the API key when uncaught in a child process (Node lists only its own enumerable fields)', async () => {
    twoCalls();
    const failed = await run(process.execPath, [child], {
      env: { ...process.env, EMULATOR_URL: emu.origin, API_KEY: SECRET },
      timeout: 30_000,
    }).catch((e) => e);
    expect(failed.code).toBe(1);
    const stderr: string = failed.stderr;
    expect(stderr).toContain('MaxTurnsExceededError: The run used all 2 turns');
    expect(stderr).toContain("code: 'max_turns_exceeded'");
    expect(stderr).not.toMatch(/partial: \{|runId|conversation:/);
    expect(stderr).not.toContain(SECRET);
    expect(stderr).not.toContain('a long definition');
    expect(stderr.split('\n').length).toBeLessThan(20);
  });
});

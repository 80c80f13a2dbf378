import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const offlineEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('AZURE_OPENAI_')),
);

describe('the weather example', () => {
  it('runs offline against the emulator, showing each tool call and the streamed answer', async () => {
    const { stdout } = await run(process.execPath, [main], { env: offlineEnv, timeout: 30_000 });
    expect(stdout).toContain('offline: embedded emulator');
    expect(stdout).toMatch(/→ get_weather\(\{"city":"Paris"/);
    expect(stdout).toMatch(/← get_weather returned .*"temperature":18/);
    expect(stdout).toMatch(/→ get_local_time\(\{"city":"Paris"\}\)/);
    expect(stdout).toContain('Right now Paris has light rain and 18 °C. The local time there is ');
    expect(stdout).toMatch(/\[2 turns, \d+ tokens\]/);
    expect(stdout).not.toContain('…'); // the quick tools report no progress
  });

  it('answers another question from the tool results it got, offline', async () => {
    const { stdout } = await run(process.execPath, [main, 'Is it cold in Oslo?'], {
      env: offlineEnv,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/→ get_weather\(\{"city":"Oslo"\}\)/);
    expect(stdout).not.toContain('get_local_time');
    expect(stdout).toContain('Right now Oslo has light snow and -3 °C. It is cold there.');
    expect(stdout).not.toContain('You said');
  });

  it('shows the progress of the slow forecast tool, day by day, between its call and its result', async () => {
    const { stdout } = await run(
      process.execPath,
      [main, 'What is the forecast for Oslo for the next 3 days?'],
      {
        env: offlineEnv,
        timeout: 30_000,
      },
    );
    const lines = stdout.split('\n').map((line) => line.trim());
    const from = lines.findIndex((line) => line.startsWith('→ get_forecast'));
    expect(lines[from]).toBe('→ get_forecast({"city":"Oslo","days":3})');
    expect(lines.slice(from + 1, from + 4)).toEqual([
      '… get_forecast 1/3 fetched day 1',
      '… get_forecast 2/3 fetched day 2',
      '… get_forecast 3/3 fetched day 3',
    ]);
    expect(lines[from + 4]).toMatch(/^← get_forecast returned in \d+ ms: /);
    expect(stdout).toContain(
      'The forecast for Oslo: clouds and -2 °C tomorrow, overcast skies and -5 °C in 2 days, sunshine and -3 °C in 3 days.',
    );
    expect(stdout).not.toContain('get_weather');
  });

  it('answers a question about tomorrow from a one-day forecast', async () => {
    const { stdout } = await run(process.execPath, [main, 'Will it be warm in Tokyo tomorrow?'], {
      env: offlineEnv,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/→ get_forecast\(\{"city":"Tokyo","days":1\}\)/);
    expect(stdout).toContain('The forecast for Tokyo: clouds and 25 °C tomorrow. It will be warm.');
  });

  it('says plainly what a tool could not find, and asks back when the question names no city', async () => {
    const unknown = await run(process.execPath, [main, 'What is the weather in Berlin?'], {
      env: offlineEnv,
      timeout: 30_000,
    });
    expect(unknown.stdout).toMatch(/I could not get the weather for Berlin: .*No data for "Berlin"/);
    const vague = await run(process.execPath, [main, 'hello'], { env: offlineEnv, timeout: 30_000 });
    expect(vague.stdout).toContain('Which city do you mean?');
    expect(vague.stdout).toMatch(/\[1 turn, \d+ tokens\]/);
  });

  it('refuses a half-set Azure environment with a clear message and exit code 1', async () => {
    const error = await run(process.execPath, [main], {
      env: { ...offlineEnv, AZURE_OPENAI_API_KEY: 'k-123' },
      timeout: 30_000,
    }).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/AZURE_OPENAI_ENDPOINT/);
    expect(error.stderr).not.toMatch(/k-123/);
    expect(error.stderr).not.toMatch(/node_modules|at async/);
  });
});

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
    expect(stdout).toMatch(/18 ?°C/);
    expect(stdout).toMatch(/\[2 turns, \d+ tokens\]/);
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

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const execFileP = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_OPENAI_')),
);

let launcher: ChildProcess | undefined;
afterEach(() => {
  if (launcher && launcher.exitCode === null) launcher.kill('SIGKILL');
});

/** Starts the example as the first terminal would, and collects what it prints. */
function startExample(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  launcher = child;
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    out += chunk;
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const printed = async (text: string) => {
    while (!out.includes(text)) {
      if (child.exitCode !== null) throw new Error(`the example exited before printing "${text}":\n${out}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { output: () => out, printed, exited };
}

/** A command of the second terminal. */
const second = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  execFileP(process.execPath, [main, ...args], { env, timeout: 30_000 });

describe('the durable-approvals example', () => {
  it('waits for the approval while a worker is killed, and pays once when approved from a second terminal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'durable-approvals-'));
    const env = { ...baseEnv, DURABLE_APPROVALS_DIR: dir, PAY_DELAY_MS: '200' };
    const example = startExample(env);
    await example.printed('waits for approval');
    expect(example.output()).toContain('→ get_invoice({"number":"INV-7"})');

    const killed = await second(env, 'kill-worker');
    expect(killed.stdout).toMatch(/killed worker \d+ \(SIGKILL\)/);
    await example.printed('is gone; Restate carries on with the other one');
    expect((await second(env, 'status')).stdout).toMatch(/waiting, waits for pay_invoice/);

    const approved = await second(env, 'approve');
    expect(approved.stdout).toContain('approved pay_invoice({"number":"INV-7","amount":120})');
    expect(await example.exited).toBe(0);
    const out = example.output();
    expect(out).toContain('✔ approved pay_invoice');
    expect(out).toContain('← pay_invoice: {"paid":120,"number":"INV-7","payment":"pmt_1"}');
    expect(out).toContain('run completed');
    expect(out).toMatch(/bank: 1 payment pmt_1 INV-7 120 EUR/);
    expect(JSON.parse(await readFile(join(dir, 'bank.json'), 'utf8'))).toHaveLength(1);
    // A second decision finds nothing running: the example has stopped.
    const late = await second(env, 'approve').catch((e) => e);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('the example is not running');
    expect(late.stderr).not.toMatch(/\n\s+at /);
  });

  it('tells the model when the payment is rejected, and pays nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'durable-approvals-'));
    const env = { ...baseEnv, DURABLE_APPROVALS_DIR: dir, PAY_DELAY_MS: '0' };
    const example = startExample(env);
    await example.printed('waits for approval');
    await second(env, 'reject', 'not this month');
    expect(await example.exited).toBe(0);
    expect(example.output()).toContain('✘ rejected pay_invoice: not this month');
    expect(example.output()).toMatch(/bank: 0 payments/);
  });
});

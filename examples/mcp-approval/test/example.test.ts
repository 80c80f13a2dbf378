import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFileP = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_OPENAI_') && !k.startsWith('LEDGER_')),
);

/** Runs the example with `stdin` piped in, as a person answering at the terminal would. */
function withInput(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the mcp-approval example', () => {
  it('asks before the MCP call and makes it once approved', async () => {
    const { code, stdout } = await withInput([], 'y\n');
    expect(code).toBe(0);
    expect(stdout).toContain('? allow ledger.delete_invoice({"number":"INV-7"})? [y/n]');
    expect(stdout).toContain('approved delete_invoice (approver)');
    expect(stdout).toContain('mcp ledger.delete_invoice({"number":"INV-7"}) → Deleted INV-7.');
  });

  it('rejects with the reason typed at the terminal, and makes no call', async () => {
    const { code, stdout } = await withInput([], 'n\nnot this month\n');
    expect(code).toBe(0);
    expect(stdout).toContain('rejected delete_invoice: not this month (approver)');
    expect(stdout).not.toContain('mcp ledger.delete_invoice');
  });

  it('asks again until the answer is y or n', async () => {
    const { code, stdout } = await withInput([], 'maybe\nyes\n');
    expect(code).toBe(0);
    expect(stdout).toContain('? please answer y or n:');
    expect(stdout).toContain('approved delete_invoice (approver)');
  });

  it('counts Ctrl-C at the prompt as a rejection and finishes the run', async () => {
    const child = spawn(process.execPath, [main], { env });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('[y/n]') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stdout).toContain('rejected delete_invoice: cancelled at the prompt (Ctrl-C) (approver)');
    expect(stdout).not.toContain('mcp ledger.delete_invoice');
  });

  it('counts input that ends before an answer as a rejection', async () => {
    const { code, stdout } = await withInput([], '');
    expect(code).toBe(0);
    expect(stdout).toContain('rejected delete_invoice: no answer (the input ended) (approver)');
  });

  it('resolves --save and --resume paths against where the command was typed, and prints them whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-approval-cwd-'));
    const callerEnv = { ...env, TURNKIT_CALLER_CWD: dir };
    const saved = await execFileP(process.execPath, [main, '--save', 'run.json'], {
      env: callerEnv,
      timeout: 30_000,
    });
    expect(saved.stdout).toContain(`saved the paused run to ${join(dir, 'run.json')};`);
    expect(JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')).kind).toBe('turnkit.run_state');
    const resumed = await execFileP(process.execPath, [main, '--resume', 'run.json', '--reject'], {
      env: callerEnv,
      timeout: 30_000,
    });
    expect(resumed.stdout).toContain('rejected delete_invoice');
  });

  it('saves the paused run without the MCP key, and a second command resumes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-approval-'));
    const file = join(dir, 'run.json');
    const saved = await execFileP(process.execPath, [main, '--save', file], { env, timeout: 30_000 });
    expect(saved.stdout).toMatch(/waiting for a decision: ledger\.delete_invoice/);
    const state = await readFile(file, 'utf8');
    expect(JSON.parse(state).kind).toBe('turnkit.run_state');
    expect(state).not.toMatch(/ledger-[0-9a-f]{8}-/);
    expect(state).not.toContain('x-api-key');
    const resumed = await execFileP(process.execPath, [main, '--resume', file, '--approve'], {
      env,
      timeout: 30_000,
    });
    expect(resumed.stdout).toContain('approved delete_invoice (resume)');
    expect(resumed.stdout).toContain('→ Deleted INV-7.');
  });

  it('refuses flags that do not go together, with exit code 1 and no stack', async () => {
    for (const args of [['--resume'], ['--approve'], ['--save', 'a', '--resume', 'b'], ['--frobnicate']]) {
      const error = await execFileP(process.execPath, [main, ...args], { env, timeout: 30_000 }).catch(
        (e) => e,
      );
      expect(error.code).toBe(1);
      expect(error.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('AZURE_OPENAI_')),
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

describe('the triage example', () => {
  it('hands a refund to billing, which looks the invoice up and refunds it once approved, answering in the typed shape', async () => {
    const { code, stdout } = await withInput([], 'y\n');
    expect(code).toBe(0);
    expect(stdout).toContain('offline: embedded emulator');
    expect(stdout).toContain('⇢ triage hands the conversation to billing');
    expect(stdout).toContain('→ billing: lookup_invoice({"number":"INV-7"})');
    expect(stdout).toContain('? allow refund_invoice({"number":"INV-7","amount":120})? [y/n]');
    expect(stdout).toContain(
      '← billing: refund_invoice returned: {"number":"INV-7","refunded":120,"status":"refund issued"}',
    );
    expect(stdout).toContain(
      'I refunded 120.00 EUR for INV-7; it reaches your card within 5 to 10 working days.',
    );
    expect(stdout).toMatch(
      /\[answered by billing, about INV-7, refunded 120; 4 turns, 4 requests, \d+ tokens\]/,
    );
  });

  it('refunds nothing when the refund is rejected, and says so', async () => {
    const { code, stdout } = await withInput([], 'n\n');
    expect(code).toBe(0);
    expect(stdout).toContain('rejected refund_invoice: the customer service lead said no');
    expect(stdout).not.toContain('refund issued');
    expect(stdout).toContain('I have not refunded INV-7: the customer service lead said no.');
  });

  it('asks the research agent, run as a tool one level deeper, for a question that is not about billing', async () => {
    const { stdout } = await run(process.execPath, [main, 'How long do refunds take?'], {
      env,
      timeout: 30_000,
    });
    expect(stdout).toContain('  → triage: ask_research({"input":"How long do refunds take?"})');
    expect(stdout).toContain('    → research: search_handbook({"query":"How long do refunds take?"})');
    expect(stdout).not.toContain('hands the conversation');
    expect(stdout).toContain('Refunds reach the original card within 5 to 10 working days.');
    // Two turns of triage, and the research agent's two requests counted in the usage.
    expect(stdout).toMatch(/\[answered by triage; 2 turns, 4 requests, \d+ tokens\]/);
  });

  it('saves the run paused in billing and resumes it in another process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-'));
    const file = join(dir, 'run.json');
    const saved = await run(process.execPath, [main, '--save', file], { env, timeout: 30_000 });
    expect(saved.stdout).toMatch(
      /waiting for a decision: billing: refund_invoice\(\{"number":"INV-7","amount":120\}\)/,
    );
    expect(saved.stdout).toContain(`saved the paused run to ${file}`);
    const state = JSON.parse(await readFile(file, 'utf8'));
    expect(state).toMatchObject({ schemaVersion: 3, agentName: 'billing' });
    const resumed = await run(process.execPath, [main, '--resume', file, '--approve'], {
      env,
      timeout: 30_000,
    });
    expect(resumed.stdout).toContain('approved refund_invoice');
    expect(resumed.stdout).toContain('I refunded 120.00 EUR for INV-7');
    expect(resumed.stdout).toMatch(
      /\[answered by billing, about INV-7, refunded 120; 1 turn, 1 request, \d+ tokens\]/,
    );
  });

  it('refuses a half-set Azure environment with a clear message and exit code 1', async () => {
    const error = await run(process.execPath, [main, 'Hi'], {
      env: { ...env, AZURE_OPENAI_API_KEY: 'k-123' },
      timeout: 30_000,
    }).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/AZURE_OPENAI_ENDPOINT/);
    expect(error.stderr).not.toMatch(/k-123/);
  });
});

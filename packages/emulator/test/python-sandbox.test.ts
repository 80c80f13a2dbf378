import { afterAll, describe, expect, it } from 'vitest';
import { PythonSandbox } from '../src/hosted/python-sandbox.js';

const sandbox = new PythonSandbox();
afterAll(() => sandbox.close());

describe('the Python sandbox', () => {
  it('interrupts a run at its time limit without terminating the worker', async () => {
    expect((await sandbox.run('cntr_a', 'kept = 41', [], 30_000)).timedOut).toBe(false);
    const slow = await sandbox.run('cntr_b', 'while True:\n    pass', [], 1);
    expect(slow.timedOut).toBe(true);
    // The worker is the same one: another container's globals are still there.
    const after = await sandbox.run('cntr_a', 'print(kept + 1)', [], 30_000);
    expect(after).toMatchObject({ logs: '42\n', timedOut: false });
  }, 60_000);

  it('counts the time limit from when the code starts, not while the files are written', async () => {
    // Writing 256 MiB into /mnt/data takes the worker longer than the limit (before, the limit
    // started when the run was posted, and this code was interrupted before its first print).
    const files = Array.from({ length: 64 }, (_, i) => ({
      path: `/mnt/data/big-${i}.bin`,
      data: new Uint8Array(4 * 1024 * 1024).fill(i),
    }));
    const run = await sandbox.run('cntr_d', 'print("started")', files, 300);
    expect(run).toMatchObject({ logs: 'started\n', error: null, timedOut: false, deleted: [] });
    expect(run.changed).toEqual([]);
  }, 60_000);

  it('starts the next run without the interrupt of one that finished as its limit passed', async () => {
    const runs = await Promise.all([
      sandbox.run('cntr_c', 'while True:\n    pass', [], 1),
      sandbox.run('cntr_c', 'print("next")', [], 30_000),
    ]);
    expect(runs[0].timedOut).toBe(true);
    expect(runs[1]).toMatchObject({ logs: 'next\n', timedOut: false });
  }, 60_000);
});

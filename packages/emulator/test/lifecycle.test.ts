import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { reply, startEmulator } from '../src/index.js';
import { clientFor, post } from './helpers.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('emulator lifecycle', () => {
  it('listens on 127.0.0.1 and a free port by default, with /v1 and /openai/v1 base URLs', async () => {
    const emu = await startEmulator();
    try {
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}/v1`);
      expect(emu.azureUrl).toBe(`http://127.0.0.1:${emu.port}/openai/v1`);
      expect(emu.port).toBeGreaterThan(0);
    } finally {
      await emu.close();
    }
  });

  it('listens on the requested port and rejects a port in use', async () => {
    const port = await freePort();
    const emu = await startEmulator({ port });
    try {
      expect(emu.url).toBe(`http://127.0.0.1:${port}/v1`);
      await expect(startEmulator({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await emu.close();
    }
  });

  it('closes open SSE streams on close()', async () => {
    const emu = await startEmulator();
    emu.enqueue(reply.text('a b c d e f g h i j', { delayMs: 2_000 }));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', stream: true });
    const reader = res.body!.getReader();
    const reading = (async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })().catch(() => 'errored');
    const started = Date.now();
    await emu.close();
    expect(await reading).toMatch(/ended|errored/);
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(fetch(`${emu.url}/responses`)).rejects.toThrow();
  });

  it('forgets turns, requests and responses on reset()', async () => {
    const emu = await startEmulator({ script: [reply.text('queued')] });
    try {
      const response = await clientFor(emu).responses.create({ model: 'm', input: 'Hi' });
      emu.enqueue(reply.text('another'));
      emu.reset();
      expect([emu.pendingTurns, emu.requests.length, emu.responses.length]).toEqual([0, 0, 0]);
      expect(emu.getResponse(response.id)).toBeUndefined();
    } finally {
      await emu.close();
    }
  });
});

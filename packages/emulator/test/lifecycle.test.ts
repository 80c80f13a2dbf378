import { subscribe, unsubscribe } from 'node:diagnostics_channel';
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

  it('keeps idle connections open long enough for the openai client to send its next request on one', async () => {
    // Node's fetch drops a connection whose server hints a keep-alive of 1 s (it keeps a margin of
    // its own), so with `Keep-Alive: timeout=1` every request opened a new connection.
    const emu = await startEmulator();
    const ports: number[] = [];
    const connected = (message: unknown): void => {
      ports.push(Number((message as { connectParams: { port: string | number } }).connectParams.port));
    };
    subscribe('undici:client:connected', connected);
    try {
      const client = clientFor(emu);
      for (let i = 0; i < 4; i++) {
        emu.enqueue(reply.text(`answer ${i}`));
        await client.responses.create({ model: 'm', input: 'Hi' });
        emu.enqueue(reply.text(`streamed ${i}`));
        for await (const event of await client.responses.create({ model: 'm', input: 'Hi', stream: true })) {
          void event;
        }
      }
      const here = ports.filter((port) => port === emu.port);
      expect(here.length).toBeGreaterThan(0);
      // fetch opens a second connection for its second request; after that it reuses them.
      expect(here.length).toBeLessThanOrEqual(2);
    } finally {
      unsubscribe('undici:client:connected', connected);
      await emu.close();
    }
  });
});

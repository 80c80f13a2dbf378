import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, loadScript, startEmulator } from '@turnkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const scriptFile = fileURLToPath(new URL('../script.json', import.meta.url));

// A service (or a proxy in the way) that names the cited file "../../escaped.csv": the example
// runs "live" against this endpoint, which forwards to an emulator and rewrites the citation.
let emu: Emulator;
let proxy: Server;
let endpoint: string;
beforeAll(async () => {
  emu = await startEmulator({ script: await loadScript(scriptFile) });
  const upstream = new URL(emu.url).origin;
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
    ) as Record<string, string>;
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    let body = Buffer.from(await answer.arrayBuffer());
    const type = answer.headers.get('content-type') ?? '';
    if (type.includes('json') || type.includes('event-stream')) {
      body = Buffer.from(
        body.toString('utf8').replaceAll('"filename":"monthly_totals.csv"', '"filename":"../../escaped.csv"'),
      );
    }
    res.writeHead(answer.status, { 'content-type': type, 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await emu.close();
});

describe('the data-analysis example given a hostile file name', () => {
  it('saves the cited file inside its output folder, never at ../../escaped.csv', async () => {
    const root = await mkdtemp(join(tmpdir(), 'data-analysis-hostile-'));
    const out = join(root, 'a', 'b');
    await mkdir(out, { recursive: true });
    const env = {
      ...process.env,
      AZURE_OPENAI_ENDPOINT: endpoint,
      AZURE_OPENAI_API_KEY: 'test-key',
      AZURE_OPENAI_DEPLOYMENT: 'analysis',
    };
    const { stdout } = await run(process.execPath, [main, out], { env, timeout: 60_000 });
    expect(stdout).toContain('best month: 2026-03 2450');
    expect(await readdir(root)).toEqual(['a']);
    expect(await readdir(join(root, 'a'))).toEqual(['b']);
    expect(await readdir(out)).toEqual(['escaped.csv']);
    const csv = (await readFile(join(out, 'escaped.csv'), 'utf8')).replace(/\r/g, '');
    expect(csv).toBe('month,total\n2026-01,2150\n2026-02,2330\n2026-03,2450\n');
    expect(stdout).toContain(`to ${join(out, 'escaped.csv')}`);
  }, 60_000);
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type RunToolContext, runTool } from '@turnkit/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcpToolkit, type McpToolkit } from '../src/index.js';

/** The bin of @modelcontextprotocol/server-everything, run with this Node (no npx, no network). */
function serverEverythingEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@modelcontextprotocol/server-everything/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin)[0]!;
  return join(dirname(manifestPath), bin);
}

const ctx: RunToolContext = {
  signal: new AbortController().signal,
  callId: 'call_1',
  toolName: 'x',
  runId: 'run_1',
  turn: 1,
  deps: undefined,
};

describe('a real MCP server over stdio (@modelcontextprotocol/server-everything)', {
  timeout: 20_000,
}, () => {
  let toolkit: McpToolkit;

  beforeAll(async () => {
    toolkit = await connectMcpToolkit({
      transport: new StdioClientTransport({
        command: process.execPath,
        args: [serverEverythingEntry(), 'stdio'],
        stderr: 'ignore',
      }),
      prefix: 'everything_',
    });
  }, 20_000);

  afterAll(async () => {
    await toolkit?.close();
  });

  it('lists its tools with valid Responses API names', () => {
    const names = toolkit.tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(['everything_echo', 'everything_get-sum', 'everything_get-tiny-image']),
    );
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('calls echo and get-sum', async () => {
    const echo = toolkit.tools.find((tool) => tool.name === 'everything_echo')!;
    expect(echo.parameters).toMatchObject({ type: 'object', required: ['message'] });
    expect(await runTool(echo, '{"message":"hello"}', ctx)).toEqual({ ok: true, output: 'Echo: hello' });
    const sum = toolkit.tools.find((tool) => tool.name === 'everything_get-sum')!;
    const result = await runTool(sum, '{"a":2,"b":3}', ctx);
    expect(result.ok && result.output).toMatch(/\b5\b/);
  });

  it('returns the tiny image as an input_image data URL', async () => {
    const image = toolkit.tools.find((tool) => tool.name === 'everything_get-tiny-image')!;
    const result = await runTool(image, '{}', ctx);
    expect(result.ok).toBe(true);
    expect(result.output).toEqual(
      expect.arrayContaining([
        { type: 'input_image', image_url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) },
      ]),
    );
  });
});

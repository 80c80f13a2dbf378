import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { type RunToolContext, runTool, type ToolProgress } from '@turnkit/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcpToolkit, serveMcpToolkitHttp } from '../src/index.js';
import { crawlPages } from './fixtures/office-tools.js';

const stdioServer = fileURLToPath(new URL('./fixtures/progress-stdio-server.ts', import.meta.url));
const batchedServer = fileURLToPath(new URL('./fixtures/batched-progress-server.ts', import.meta.url));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function context(onProgress: (update: ToolProgress) => void): RunToolContext {
  return {
    signal: new AbortController().signal,
    callId: 'call_1',
    toolName: 'x',
    runId: 'run_1',
    turn: 1,
    deps: undefined,
    onProgress,
  };
}

/** Connects an SDK client over `transport`, recording every message the server sends it. */
async function recordingClient(
  transport: Transport,
): Promise<{ client: Client; received: JSONRPCMessage[] }> {
  const client = new Client({ name: 'progress-test', version: '1.0.0' });
  await client.connect(transport);
  cleanups.push(() => client.close());
  const received: JSONRPCMessage[] = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    received.push(message);
    deliver?.(message, extra);
  };
  return { client, received };
}

/** What the server sent: `progress <token> <n>` per notification and `result <id>` per response. */
function sequence(received: JSONRPCMessage[]): string[] {
  return received.flatMap((message) => {
    if ('method' in message && message.method === 'notifications/progress') {
      const params = message.params as { progressToken: unknown; progress: number };
      return [`progress ${String(params.progressToken)} ${params.progress}`];
    }
    return 'id' in message && 'result' in message ? [`result ${String(message.id)}`] : [];
  });
}

const expectedReports: ToolProgress[] = [
  { progress: 1, total: 3, message: 'fetched page 1' },
  { progress: 2, total: 3, message: 'fetched page 2' },
  { progress: 3, total: 3, message: 'fetched page 3' },
];

/**
 * Calls crawl_pages with a progress token of its own and checks, from the messages as they were
 * read, what the server sent and in which order. (Not through the SDK's `onprogress`: the SDK
 * client may drop a report that arrives in the same read as the result, see progress-routing.ts.)
 */
async function expectProgressBeforeResult(client: Client, received: JSONRPCMessage[]): Promise<void> {
  const result = await client.callTool({
    name: 'crawl_pages',
    arguments: { pages: 3 },
    _meta: { progressToken: 'crawl-1' },
  });
  // The repeated report was refused by ctx.progress, and never sent.
  expect(result.structuredContent).toEqual({ crawled: 3, answers: [true, false, true, true] });
  const sent = received.filter(
    (message) => 'method' in message && message.method === 'notifications/progress',
  );
  expect(sent.map((message) => (message as { params: unknown }).params)).toEqual(
    expectedReports.map((report) => ({ ...report, progressToken: 'crawl-1' })),
  );
  expect(sequence(received).slice(-4)).toEqual([
    'progress crawl-1 1',
    'progress crawl-1 2',
    'progress crawl-1 3',
    expect.stringMatching(/^result \d+$/),
  ]);
}

describe('a served turnkit tool that reports progress', () => {
  it('sends each report as notifications/progress with the request token, all before the result, over Streamable HTTP', async () => {
    const served = await serveMcpToolkitHttp([crawlPages]);
    cleanups.push(() => served.close());
    const { client, received } = await recordingClient(
      new StreamableHTTPClientTransport(new URL(served.url)),
    );
    await expectProgressBeforeResult(client, received);
  });

  it('sends each report as notifications/progress, all before the result, over stdio from a real server process', {
    timeout: 20_000,
  }, async () => {
    const { client, received } = await recordingClient(
      new StdioClientTransport({ command: process.execPath, args: [stdioServer], stderr: 'ignore' }),
    );
    await expectProgressBeforeResult(client, received);
  });

  it('sends no progress to a client that did not ask for it', async () => {
    const served = await serveMcpToolkitHttp([crawlPages]);
    cleanups.push(() => served.close());
    const { client, received } = await recordingClient(
      new StreamableHTTPClientTransport(new URL(served.url)),
    );
    const result = await client.callTool({ name: 'crawl_pages', arguments: { pages: 2 } });
    expect(result.structuredContent).toEqual({ crawled: 2, answers: [true, false, true] });
    expect(sequence(received).filter((entry) => entry.startsWith('progress'))).toEqual([]);
  });
});

/** The bin of @modelcontextprotocol/server-everything, run with this Node (no npx, no network). */
function serverEverythingEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@modelcontextprotocol/server-everything/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin)[0]!;
  return join(dirname(manifestPath), bin);
}

describe('an MCP tool that sends progress, used through connectMcpToolkit', () => {
  it('reaches ctx.progress of the turnkit tool: server-everything over stdio', {
    timeout: 20_000,
  }, async () => {
    const toolkit = await connectMcpToolkit({
      transport: new StdioClientTransport({
        command: process.execPath,
        args: [serverEverythingEntry(), 'stdio'],
        stderr: 'ignore',
      }),
    });
    cleanups.push(() => toolkit.close());
    const longRunning = toolkit.tools.find((tool) => tool.name === 'trigger-long-running-operation')!;
    const heard: ToolProgress[] = [];
    const result = await runTool(
      longRunning,
      '{"duration":0.03,"steps":3}',
      context((update) => heard.push(update)),
    );
    expect(result).toMatchObject({
      ok: true,
      output: expect.stringContaining('Long running operation completed'),
    });
    expect(heard).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
  });

  it('reaches ctx.progress with every report, even when they arrive in the same read as the result', {
    timeout: 20_000,
  }, async () => {
    // The SDK's onprogress alone hears none of these: it drops the call's handler with the result
    // before it handles notifications read with it (modelcontextprotocol/typescript-sdk#2580).
    const toolkit = await connectMcpToolkit({
      transport: new StdioClientTransport({
        command: process.execPath,
        args: [batchedServer],
        stderr: 'ignore',
      }),
    });
    cleanups.push(() => toolkit.close());
    const heard: ToolProgress[] = [];
    const result = await runTool(
      toolkit.tools[0]!,
      '{}',
      context((update) => heard.push(update)),
    );
    expect(result).toEqual({ ok: true, output: 'counted to 3' });
    expect(heard).toEqual(
      [1, 2, 3].map((progress) => ({ progress, total: 3, message: `counted ${progress}` })),
    );
  });

  it('reaches ctx.progress from a turnkit tool served over Streamable HTTP, message and all', async () => {
    const served = await serveMcpToolkitHttp([crawlPages]);
    cleanups.push(() => served.close());
    const toolkit = await connectMcpToolkit({
      transport: new StreamableHTTPClientTransport(new URL(served.url)),
    });
    cleanups.push(() => toolkit.close());
    const heard: ToolProgress[] = [];
    const result = await runTool(
      toolkit.tools[0]!,
      '{"pages":3}',
      context((update) => heard.push(update)),
    );
    expect(result.ok).toBe(true);
    expect(heard).toEqual(expectedReports);
  });

  it('leaves the progress of calls the app makes itself on a client it passed in to the SDK', async () => {
    const served = await serveMcpToolkitHttp([crawlPages]);
    cleanups.push(() => served.close());
    const client = new Client({ name: 'app', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(served.url)));
    cleanups.push(() => client.close());
    const toolkit = await connectMcpToolkit({ client });
    const heard: ToolProgress[] = [];
    await runTool(
      toolkit.tools[0]!,
      '{"pages":3}',
      context((update) => heard.push(update)),
    );
    const own: unknown[] = [];
    await client.callTool({ name: 'crawl_pages', arguments: { pages: 2 } }, undefined, {
      onprogress: (update) => own.push(update),
    });
    expect(heard).toEqual(expectedReports);
    // Only the first for sure: the SDK may drop a last report read together with the result.
    expect(own[0]).toEqual({ progress: 1, total: 2, message: 'fetched page 1' });
  });

  it('takes a server’s reports through the same checks: one that repeats or lowers progress is refused', async () => {
    const server = new McpServer({ name: 'wobbly', version: '1.0.0' });
    server.registerTool('count', { description: 'Counts to 3.' }, async (extra) => {
      const token = extra._meta?.progressToken;
      for (const progress of [2, 1, 2, 3]) {
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress, total: 3 },
          });
        }
      }
      return { content: [{ type: 'text', text: 'counted' }] };
    });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    cleanups.push(() => server.close());
    const toolkit = await connectMcpToolkit({ transport: clientTransport });
    cleanups.push(() => toolkit.close());
    const heard: ToolProgress[] = [];
    const result = await runTool(
      toolkit.tools[0]!,
      '{}',
      context((update) => heard.push(update)),
    );
    expect(result).toEqual({ ok: true, output: 'counted' });
    expect(heard).toEqual([
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
  });
});

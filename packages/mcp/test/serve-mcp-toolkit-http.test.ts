import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { runTool } from '@turnkit/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcpToolkit, type McpHttpToolkitServer, serveMcpToolkitHttp } from '../src/index.js';
import { getInvoice, getWeather, waitingTool, whoAmI } from './fixtures/office-tools.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function serve(...args: Parameters<typeof serveMcpToolkitHttp>): Promise<McpHttpToolkitServer> {
  const served = await serveMcpToolkitHttp(...args);
  cleanups.push(() => served.close());
  return served;
}

async function clientOf(url: string): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  cleanups.push(() => client.close());
  return client;
}

/** A raw request, to send what the SDK client never would (another method, a foreign Host). */
function rawRequest(url: string, method: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveMcpToolkitHttp', () => {
  it('serves on 127.0.0.1, a free port and /mcp by default', async () => {
    const served = await serve([getWeather]);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('lists and calls the tools for the SDK Streamable HTTP client', async () => {
    const served = await serve([getWeather, getInvoice], { name: 'office' });
    const client = await clientOf(served.url);
    expect(client.getServerVersion()?.name).toBe('office');
    expect((await client.listTools()).tools.map((tool) => [tool.name, tool.inputSchema])).toEqual([
      ['get_weather', getWeather.parameters],
      ['get_invoice', getInvoice.parameters],
    ]);
    expect(await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } })).toEqual({
      content: [{ type: 'text', text: 'Oslo: 21 °C' }],
    });
    const invalid = await client.callTool({ name: 'get_invoice', arguments: {} });
    expect(invalid.isError).toBe(true);
  });

  it('bridges back into turnkit tools with connectMcpToolkit', async () => {
    const served = await serve([getInvoice]);
    const toolkit = await connectMcpToolkit({
      transport: new StreamableHTTPClientTransport(new URL(served.url)),
    });
    cleanups.push(() => toolkit.close());
    const ctx = {
      signal: new AbortController().signal,
      callId: 'c',
      toolName: 'get_invoice',
      runId: 'r',
      turn: 1,
      deps: undefined,
    };
    expect(await runTool(toolkit.tools[0]!, '{"number":"INV-1"}', ctx)).toEqual(
      await runTool(getInvoice, '{"number":"INV-1"}', ctx),
    );
  });

  it('aborts the tool when the client cancels the call', async () => {
    const waiting = waitingTool();
    const served = await serve([waiting.tool]);
    const client = await clientOf(served.url);
    const controller = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: controller.signal });
    await waiting.started;
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow();
    await expect(waiting.aborted).resolves.toBeDefined();
  });

  it('gives each client a session whose id is the runId of its calls, ended by DELETE', async () => {
    const served = await serve([whoAmI]);
    const transport = new StreamableHTTPClientTransport(new URL(served.url));
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(transport);
    cleanups.push(() => client.close());
    const sessionId = transport.sessionId!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const result = await client.callTool({ name: 'who_am_i', arguments: {} });
    expect(result.structuredContent).toMatchObject({ runId: sessionId, turn: 1 });
    await transport.terminateSession();
    const after = await rawRequest(served.url, 'POST', { 'mcp-session-id': sessionId });
    expect(after.status).toBe(404);
  });

  it('answers requests without a session other than POST with 400, unknown sessions and paths with 404 and foreign Host headers with 403', async () => {
    const served = await serve([getWeather]);
    expect(await rawRequest(served.url, 'GET')).toMatchObject({ status: 400 });
    expect(await rawRequest(served.url, 'GET', { 'mcp-session-id': 'nope' })).toMatchObject({ status: 404 });
    expect(await rawRequest(served.url.replace('/mcp', '/other'), 'POST')).toMatchObject({ status: 404 });
    const rebound = await rawRequest(served.url, 'POST', { host: 'evil.example:80' });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
  });

  it('ends a session whose client went away once it has been idle for sessionIdleMs', async () => {
    const served = await serve([getWeather], { sessionIdleMs: 20 });
    const transport = new StreamableHTTPClientTransport(new URL(served.url));
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(transport);
    const sessionId = transport.sessionId!;
    await client.close(); // drops its streams without ending the session (no DELETE)
    await new Promise((resolve) => setTimeout(resolve, 60));
    const stale = await rawRequest(served.url, 'POST', { 'mcp-session-id': sessionId });
    expect(stale.status).toBe(404);
  });

  it('refuses a port in use with mcp_serve_failed', async () => {
    const first = await serve([getWeather]);
    const port = Number(new URL(first.url).port);
    await expect(serveMcpToolkitHttp([getWeather], { port })).rejects.toMatchObject({
      code: 'mcp_serve_failed',
      message: expect.stringContaining(`could not listen on 127.0.0.1:${port}`),
    });
  });

  it('stops accepting connections after close()', async () => {
    const served = await serveMcpToolkitHttp([getWeather]);
    await served.close();
    await served.close();
    await expect(rawRequest(served.url, 'POST')).rejects.toThrow(/ECONNREFUSED/);
  });
});

import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const server = fileURLToPath(new URL('./fixtures/office-stdio-server.ts', import.meta.url));

describe('serveMcpToolkit as a real stdio server process', { timeout: 20_000 }, () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [server], stderr: 'ignore' }),
    );
  }, 20_000);

  afterAll(async () => {
    await client?.close();
  });

  it('lists and calls its tools', async () => {
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['get_weather', 'get_invoice']);
    expect(await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } })).toEqual({
      content: [{ type: 'text', text: 'Oslo: 21 °C' }],
    });
  });

  it('rejects an unknown tool with an InvalidParams error whose message says "MCP error" once', async () => {
    const call = client.callTool({ name: 'get_wether', arguments: {} });
    await expect(call).rejects.toBeInstanceOf(McpError);
    await expect(call).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: 'MCP error -32602: Unknown tool "get_wether". This server has: get_weather, get_invoice.',
    });
  });
});

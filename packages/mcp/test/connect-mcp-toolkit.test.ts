import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  type RunToolContext,
  runTool,
  type Tool,
  ToolAbortedError,
  ToolExecutionError,
} from '@turnkit/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectMcpToolkit, McpToolCallError, type McpToolkit, McpToolkitError } from '../src/index.js';

const PNG = 'iVBORw0KGgo=';

function context(overrides: Partial<RunToolContext> = {}): RunToolContext {
  return {
    signal: new AbortController().signal,
    callId: 'call_1',
    toolName: 'x',
    runId: 'run_1',
    turn: 1,
    deps: undefined,
    ...overrides,
  };
}

/** An McpServer with a few tools, linked in process to a client transport (no spawning). */
async function weatherServer() {
  const server = new McpServer({ name: 'weather-server', version: '1.0.0' });
  let cancelled: () => void = () => {};
  const cancelledOnServer = new Promise<void>((resolve) => {
    cancelled = resolve;
  });
  server.registerTool(
    'get_weather',
    {
      description: 'Get the weather for a city.',
      inputSchema: { city: z.string().describe('City name'), units: z.enum(['c', 'f']).optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ city, units }) => ({
      content: [{ type: 'text', text: `${city}: 21 °${units === 'f' ? 'F' : 'C'}` }],
    }),
  );
  server.registerTool('chart', { description: 'Draw a chart.' }, async () => ({
    content: [
      { type: 'text', text: 'The chart:' },
      { type: 'image', data: PNG, mimeType: 'image/png' },
    ],
  }));
  server.registerTool(
    'lookup',
    { description: 'Look up a city.', inputSchema: { city: z.string() } },
    async ({ city }) => ({
      isError: true,
      content: [{ type: 'text', text: `no city named ${city}` }],
    }),
  );
  server.registerTool('explode', { description: 'Throws.' }, async () => {
    throw new Error('kaboom');
  });
  server.registerTool(
    'files.read',
    { title: 'Read a file', inputSchema: { path: z.string() } },
    async ({ path }) => ({
      content: [
        { type: 'resource', resource: { uri: `file:///${path}`, mimeType: 'text/plain', text: 'hello' } },
      ],
    }),
  );
  server.registerTool('wait', { description: 'Waits until cancelled.' }, async (extra) => {
    await new Promise<void>((resolve) => {
      extra.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    cancelled();
    return { content: [] };
  });
  server.registerTool('stats', { description: 'Structured only.' }, async () => ({
    content: [],
    structuredContent: { count: 3 },
  }));
  let closed = false;
  server.server.onclose = () => {
    closed = true;
  };
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  return { clientTransport, cancelledOnServer, isClosed: () => closed };
}

function toolNamed(toolkit: McpToolkit, name: string): Tool {
  const tool = toolkit.tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name} in ${toolkit.tools.map((t) => t.name).join(', ')}`);
  return tool;
}

const toolkits: McpToolkit[] = [];
async function connect(options: Parameters<typeof connectMcpToolkit>[0]): Promise<McpToolkit> {
  const toolkit = await connectMcpToolkit(options);
  toolkits.push(toolkit);
  return toolkit;
}
afterEach(async () => {
  await Promise.all(toolkits.splice(0).map((toolkit) => toolkit.close()));
});

describe('connectMcpToolkit', () => {
  it('turns every MCP tool into a non-strict turnkit tool with the MCP input schema', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    expect(toolkit.tools.map((tool) => tool.name)).toEqual([
      'get_weather',
      'chart',
      'lookup',
      'explode',
      'files_read',
      'wait',
      'stats',
    ]);
    const weather = toolNamed(toolkit, 'get_weather');
    expect(weather.definition).toEqual({
      type: 'function',
      name: 'get_weather',
      description: 'Get the weather for a city.',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string', description: 'City name' },
          units: { type: 'string', enum: ['c', 'f'] },
        },
        required: ['city'],
      },
      strict: false,
    });
    expect(weather.needsApproval).toBe(false);
  });

  it('calls the MCP tool and returns its text', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    expect(
      await runTool(toolNamed(toolkit, 'get_weather'), '{"city":"Oslo","units":"f"}', context()),
    ).toEqual({
      ok: true,
      output: 'Oslo: 21 °F',
    });
  });

  it('checks that the arguments are an object with the required properties before calling', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    const result = await runTool(toolNamed(toolkit, 'get_weather'), '{"units":"c"}', context());
    expect(result).toMatchObject({
      ok: false,
      output: 'Error: invalid arguments for tool "get_weather": city: Required',
    });
  });

  it('turns images into input_image parts with a data URL', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    expect(await runTool(toolNamed(toolkit, 'chart'), '{}', context())).toEqual({
      ok: true,
      output: [
        { type: 'input_text', text: 'The chart:' },
        { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
      ],
    });
  });

  it('turns resources into JSON text and uses the title when there is no description', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    const read = toolNamed(toolkit, 'files_read');
    expect(read.description).toBe('Read a file');
    const result = await runTool(read, '{"path":"a.txt"}', context());
    expect(result.ok && JSON.parse(result.output as string)).toEqual({
      type: 'resource',
      resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'hello' },
    });
  });

  it('returns structuredContent when the result has no content', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    expect(await runTool(toolNamed(toolkit, 'stats'), '{}', context())).toEqual({
      ok: true,
      output: '{"count":3}',
    });
  });

  it('turns an isError result into a ToolExecutionError the model reads as the server’s text', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    const result = await runTool(toolNamed(toolkit, 'lookup'), '{"city":"Atlantis"}', context());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolExecutionError);
    expect(result.error.message).toBe(
      'MCP tool "lookup" of weather-server reported an error: no city named Atlantis',
    );
    expect(result.error.cause).toBeInstanceOf(McpToolCallError);
    expect((result.error.cause as McpToolCallError).result).toMatchObject({ isError: true });
    expect(result.output).toBe('Error: tool "lookup" failed: no city named Atlantis');
  });

  it('reports a tool that threw on the server as a failure', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    const result = await runTool(toolNamed(toolkit, 'explode'), '{}', context());
    expect(result.ok === false && result.output).toMatch(/^Error: tool "explode" failed: .*kaboom/);
  });

  it('cancels the request on the server when the run is aborted', async () => {
    const { clientTransport, cancelledOnServer } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport });
    const controller = new AbortController();
    const pending = runTool(toolNamed(toolkit, 'wait'), '{}', context({ signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const result = await pending;
    expect(result.ok === false && result.error).toBeInstanceOf(ToolAbortedError);
    await cancelledOnServer;
  });

  it('cancels the request on the server when the time limit passes', async () => {
    const { clientTransport, cancelledOnServer } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport, timeoutMs: 20 });
    const result = await runTool(toolNamed(toolkit, 'wait'), '{}', context());
    expect(result).toMatchObject({ ok: false, output: 'Error: tool "wait" timed out after 20 ms.' });
    await cancelledOnServer;
  });

  it('prefixes names, filters tools and decides approvals per tool', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({
      transport: clientTransport,
      prefix: 'wx_',
      filter: (tool) => tool.name !== 'explode',
      needsApproval: (tool) => tool.annotations?.readOnlyHint !== true,
    });
    expect(toolkit.tools.map((tool) => [tool.name, tool.needsApproval])).toEqual([
      ['wx_get_weather', false],
      ['wx_chart', true],
      ['wx_lookup', true],
      ['wx_files_read', true],
      ['wx_wait', true],
      ['wx_stats', true],
    ]);
    const result = await runTool(toolNamed(toolkit, 'wx_get_weather'), '{"city":"Oslo"}', context());
    expect(result).toEqual({ ok: true, output: 'Oslo: 21 °C' });
  });

  it('caps every tool’s output at maxOutputBytes, naming the size and the cap', async () => {
    const { clientTransport } = await weatherServer();
    const toolkit = await connect({ transport: clientTransport, maxOutputBytes: 10 });
    const weather = toolNamed(toolkit, 'get_weather');
    expect(weather.maxOutputBytes).toBe(10);
    const result = await runTool(weather, '{"city":"Oslo"}', context());
    expect(result.ok === false && result.error).toMatchObject({
      code: 'tool_output_too_large',
      sizeBytes: 12, // "Oslo: 21 °C": the degree sign takes two bytes
      maxOutputBytes: 10,
    });
  });

  it('refuses a prefix the Responses API would not accept in a name', async () => {
    const { clientTransport } = await weatherServer();
    await expect(
      connectMcpToolkit({ transport: clientTransport, prefix: 'my.server/' }),
    ).rejects.toMatchObject({
      code: 'mcp_options_invalid',
    });
  });

  it('closes the connection it opened, once', async () => {
    const { clientTransport, isClosed } = await weatherServer();
    const toolkit = await connectMcpToolkit({ transport: clientTransport });
    await toolkit.close();
    await toolkit.close();
    expect(isClosed()).toBe(true);
  });

  it('uses a connected client it is given and leaves it open on close', async () => {
    const { clientTransport, isClosed } = await weatherServer();
    const client = new Client({ name: 'app', version: '1.0.0' });
    await client.connect(clientTransport);
    const toolkit = await connectMcpToolkit({ client });
    await toolkit.close();
    expect(isClosed()).toBe(false);
    expect(await runTool(toolNamed(toolkit, 'get_weather'), '{"city":"Oslo"}', context())).toMatchObject({
      ok: true,
    });
    await client.close();
    expect(isClosed()).toBe(true);
  });

  it('does not reconnect a client it was given once its owner closed it, and says how to fix it', async () => {
    const { clientTransport } = await weatherServer();
    const client = new Client({ name: 'app', version: '1.0.0' });
    await client.connect(clientTransport);
    const toolkit = await connectMcpToolkit({ client });
    await client.close();
    const result = await runTool(toolNamed(toolkit, 'get_weather'), '{"city":"Oslo"}', context());
    expect(result.ok === false && result.error.cause).toMatchObject({
      code: 'mcp_connection_lost',
      server: 'weather-server',
    });
    expect(result.output).toBe(
      'Error: tool "get_weather" failed: The connection to MCP server "weather-server" is closed, and the ' +
        'toolkit does not reconnect a client it was given ({ client }). Connect that client again ' +
        '(client.connect(transport)), or pass { transport } so that the toolkit can restart the server.',
    );
  });

  it.each([
    [{ restart: { maxRestarts: -1 } }, /`restart\.maxRestarts` must be a whole number of 0 or more, got -1/],
    [
      { restart: { windowMs: 0 } },
      /`restart\.windowMs` must be a positive, finite number of milliseconds, got 0/,
    ],
    [{ restart: { startTimeoutMs: Number.NaN } }, /`restart\.startTimeoutMs` must be a positive/],
    [
      { restart: 'yes' },
      /`restart` must be an object such as \{ maxRestarts: 3, windowMs: 60_000 \}, or false/,
    ],
    [{ onConnectionEvent: 'log' }, /`onConnectionEvent` must be a function/],
  ])('refuses the option %j, naming it', async (bad, message) => {
    const { clientTransport } = await weatherServer();
    await expect(connectMcpToolkit({ transport: clientTransport, ...(bad as object) })).rejects.toMatchObject(
      { code: 'mcp_options_invalid', message: expect.stringMatching(message) },
    );
  });

  it('refuses a client that is not connected, saying how to fix it', async () => {
    const client = new Client({ name: 'app', version: '1.0.0' });
    const attempt = connectMcpToolkit({ client });
    await expect(attempt).rejects.toBeInstanceOf(McpToolkitError);
    await expect(attempt).rejects.toMatchObject({
      code: 'mcp_connection_failed',
      message: expect.stringMatching(/client\.connect\(transport\)/),
    });
  });

  it('reports a transport that cannot start as mcp_connection_failed', async () => {
    const broken: Transport = {
      start: () => Promise.reject(new Error('spawn ENOENT')),
      send: async () => {},
      close: async () => {},
    };
    await expect(connectMcpToolkit({ transport: broken })).rejects.toMatchObject({
      code: 'mcp_connection_failed',
      message: expect.stringMatching(/spawn ENOENT/),
    });
  });

  it('follows nextCursor through every page of tools/list', async () => {
    const server = new Server({ name: 'paged', version: '1.0.0' }, { capabilities: { tools: {} } });
    const pages = [['a', 'b'], ['c'], ['d']];
    server.setRequestHandler(ListToolsRequestSchema, async (request) => {
      const page = Number(request.params?.cursor ?? 0);
      return {
        tools: (pages[page] ?? []).map((name) => ({ name, inputSchema: { type: 'object' as const } })),
        ...(page + 1 < pages.length ? { nextCursor: String(page + 1) } : {}),
      };
    });
    server.setRequestHandler(CallToolRequestSchema, async (request) => ({
      content: [{ type: 'text', text: `called ${request.params.name}` }],
    }));
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const toolkit = await connect({ transport: clientTransport });
    expect(toolkit.tools.map((tool) => tool.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(toolkit.tools[0]?.description).toBe('The "a" tool of paged.');
    expect(await runTool(toolkit.tools[3]!, '{}', context())).toEqual({ ok: true, output: 'called d' });
  });

  it('gives clashing names distinct suffixes and keeps calling the right MCP tool', async () => {
    const server = new Server({ name: 'clash', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: ['read.file', 'read/file', 'read_file'].map((name) => ({
        name,
        inputSchema: { type: 'object' as const },
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => ({
      content: [{ type: 'text', text: request.params.name }],
    }));
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const toolkit = await connect({ transport: clientTransport });
    expect(toolkit.tools.map((tool) => tool.name)).toEqual(['read_file', 'read_file_2', 'read_file_3']);
    expect((await runTool(toolkit.tools[1]!, '{}', context())).output).toBe('read/file');
  });
});

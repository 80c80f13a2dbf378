import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { hostedMcpTool, type Tool } from '@turnkit/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer, type McpServerOptions, McpToolkitError } from '../src/index.js';
import {
  deleteInvoice,
  drawChart,
  explode,
  getInvoice,
  getWeather,
  slow,
  transfer,
  waitingTool,
  whoAmI,
} from './fixtures/office-tools.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** createMcpServer linked in process to an SDK client (no spawning). */
async function clientOf(tools: Tool[], options?: McpServerOptions): Promise<Client> {
  const server = createMcpServer(tools, options);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(clientTransport);
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return client;
}

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as Array<{ type: string; text?: string }>).map((block) => block.text).join('\n');
}

describe('createMcpServer listing', () => {
  it('lists every tool with its description and its parameters as the input schema', async () => {
    const client = await clientOf([getWeather, getInvoice, drawChart]);
    const { tools } = await client.listTools();
    expect(tools).toEqual([
      { name: 'get_weather', description: 'Get the weather for a city.', inputSchema: getWeather.parameters },
      {
        name: 'get_invoice',
        description: 'Fetch an invoice by its number.',
        inputSchema: getInvoice.parameters,
      },
      { name: 'draw_chart', description: 'Draw a chart.', inputSchema: drawChart.parameters },
    ]);
  });

  it('announces its name and version and lists the annotations the option gives', async () => {
    const client = await clientOf([getWeather, deleteInvoice], {
      name: 'office',
      version: '2.0.0',
      annotations: (tool) =>
        tool.needsApproval === false ? { readOnlyHint: true } : { destructiveHint: true, title: 'Delete' },
    });
    expect(client.getServerVersion()).toMatchObject({ name: 'office', version: '2.0.0' });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => [tool.name, tool.annotations])).toEqual([
      ['get_weather', { readOnlyHint: true }],
      ['delete_invoice', { destructiveHint: true, title: 'Delete' }],
    ]);
  });
});

describe('createMcpServer calls', () => {
  it('returns a string output as one text block', async () => {
    const client = await clientOf([getWeather]);
    const result = await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } });
    expect(result).toEqual({ content: [{ type: 'text', text: 'Oslo: 21 °C' }] });
  });

  it('returns an object output as JSON text and as structuredContent', async () => {
    const client = await clientOf([getInvoice]);
    const result = await client.callTool({ name: 'get_invoice', arguments: { number: 'INV-7' } });
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"number":"INV-7","total":120.5,"paid":false}' }],
      structuredContent: { number: 'INV-7', total: 120.5, paid: false },
    });
  });

  it('turns content parts into text and image blocks', async () => {
    const client = await clientOf([drawChart]);
    const result = await client.callTool({ name: 'draw_chart', arguments: {} });
    expect(result.content).toEqual([
      { type: 'text', text: 'The chart:' },
      { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
    ]);
  });

  it('answers invalid arguments with isError naming the field, without running the tool', async () => {
    const client = await clientOf([getWeather]);
    const result = await client.callTool({ name: 'get_weather', arguments: { town: 'Oslo' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^Error: invalid arguments for tool "get_weather": .*city/);
  });

  it('answers a tool that throws with isError and its message, never a stack', async () => {
    const client = await clientOf([explode]);
    const result = await client.callTool({ name: 'explode', arguments: {} });
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Error: tool "explode" failed: kaboom' }],
    });
  });

  it("answers with isError when the tool's time limit passes", async () => {
    const client = await clientOf([slow]);
    const result = await client.callTool({ name: 'slow', arguments: {} });
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Error: tool "slow" timed out after 30 ms.' }],
    });
  });

  it("aborts the tool's signal when the client cancels the request", async () => {
    const waiting = waitingTool();
    const client = await clientOf([waiting.tool]);
    const controller = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: controller.signal });
    await waiting.started;
    controller.abort(new Error('user pressed stop'));
    await expect(call).rejects.toThrow('user pressed stop');
    await expect(waiting.aborted).resolves.toBeDefined();
  });

  it('rejects an unknown tool name with an InvalidParams error listing the tools, prefixed once', async () => {
    const client = await clientOf([getWeather, getInvoice]);
    const call = client.callTool({ name: 'get_wether', arguments: {} });
    await expect(call).rejects.toBeInstanceOf(McpError);
    await expect(call).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: 'MCP error -32602: Unknown tool "get_wether". This server has: get_weather, get_invoice.',
    });
  });

  it('passes deps, and the context option gives each call its run id and turn', async () => {
    const client = await clientOf([whoAmI], {
      deps: { user: 'ada' },
      context: (call) => ({ runId: `run_for_${call.toolName}`, turn: 7 }),
    });
    const result = await client.callTool({ name: 'who_am_i', arguments: {} });
    expect(result.structuredContent).toEqual({
      callId: expect.stringMatching(/^mcp_\d+$/),
      runId: 'run_for_who_am_i',
      turn: 7,
      toolName: 'who_am_i',
      user: 'ada',
    });
  });

  it('numbers calls as turns and keeps one run id per server by default', async () => {
    const client = await clientOf([whoAmI]);
    const first = (await client.callTool({ name: 'who_am_i', arguments: {} })).structuredContent;
    const second = (await client.callTool({ name: 'who_am_i', arguments: {} })).structuredContent;
    expect(first).toMatchObject({ turn: 1, user: null, runId: expect.stringMatching(/^mcp_/) });
    expect(second).toMatchObject({ turn: 2, runId: (first as { runId: string }).runId });
  });

  it('turns a throwing context option into an internal error', async () => {
    const client = await clientOf([whoAmI], {
      context: () => {
        throw new Error('no session');
      },
    });
    await expect(client.callTool({ name: 'who_am_i', arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: 'MCP error -32603: The server could not prepare the call of "who_am_i": no session',
    });
  });
});

describe('createMcpServer approvals', () => {
  it('refuses a tool that needs approval when no approver is given', async () => {
    const client = await clientOf([deleteInvoice]);
    const result = await client.callTool({ name: 'delete_invoice', arguments: { number: 'INV-7' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'Error: tool "delete_invoice" needs approval before it runs, and this MCP server has no way to ask for it, so it was not run.',
    );
  });

  it('runs the tool when the approver approves, and asks with the call id and arguments', async () => {
    const asked: unknown[] = [];
    const client = await clientOf([deleteInvoice], {
      approve: (request) => {
        asked.push(request);
        return true;
      },
    });
    const result = await client.callTool({ name: 'delete_invoice', arguments: { number: 'INV-7' } });
    expect(result).toEqual({ content: [{ type: 'text', text: 'deleted INV-7' }] });
    expect(asked).toEqual([
      {
        kind: 'function',
        id: expect.stringMatching(/^mcp_/),
        toolName: 'delete_invoice',
        arguments: '{"number":"INV-7"}',
      },
    ]);
  });

  it("reports a rejection with the approver's reason", async () => {
    const client = await clientOf([deleteInvoice], {
      approve: () => ({ approve: false, reason: 'invoices are kept for ten years' }),
    });
    const result = await client.callTool({ name: 'delete_invoice', arguments: { number: 'INV-7' } });
    expect(result).toEqual({
      isError: true,
      content: [
        {
          type: 'text',
          text: 'Error: tool "delete_invoice" was not approved: invoices are kept for ten years',
        },
      ],
    });
  });

  it('evaluates a needsApproval function on the validated arguments', async () => {
    const asked: string[] = [];
    const client = await clientOf([transfer], {
      approve: (request) => {
        asked.push(request.arguments);
        return false;
      },
    });
    expect(await client.callTool({ name: 'transfer', arguments: { amount: 5 } })).toEqual({
      content: [{ type: 'text', text: 'sent 5' }],
    });
    const big = await client.callTool({ name: 'transfer', arguments: { amount: 500 } });
    expect(text(big)).toBe('Error: tool "transfer" was not approved.');
    expect(asked).toEqual(['{"amount":500}']);
  });

  it('reports invalid arguments before asking anyone for approval', async () => {
    let asked = false;
    const client = await clientOf([deleteInvoice], {
      approve: () => {
        asked = true;
        return true;
      },
    });
    const result = await client.callTool({ name: 'delete_invoice', arguments: {} });
    expect(text(result)).toMatch(/^Error: invalid arguments for tool "delete_invoice": .*number/);
    expect(asked).toBe(false);
  });
});

describe('createMcpServer checks', () => {
  function codeOf(run: () => unknown): string | undefined {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(McpToolkitError);
      return `${(error as McpToolkitError).code}: ${(error as Error).message}`;
    }
    return undefined;
  }

  it('refuses two tools with the same name', () => {
    expect(codeOf(() => createMcpServer([getWeather, getInvoice, getWeather]))).toBe(
      'mcp_serve_invalid: createMcpServer: two tools are named "get_weather" (tools[0] and tools[2]). ' +
        'MCP clients call tools by name, so names must be unique.',
    );
  });

  it('refuses hosted tools and values that are not turnkit tools', () => {
    const hosted = hostedMcpTool({ serverLabel: 'docs', serverUrl: 'https://mcp.example.com/docs' });
    expect(codeOf(() => createMcpServer([getWeather, hosted as unknown as Tool]))).toMatch(
      /^mcp_serve_invalid: createMcpServer: tools\[1\] is a tool of kind "hosted_mcp", not a turnkit function tool\. .*cannot be served/,
    );
    expect(codeOf(() => createMcpServer([{ name: 'x' } as unknown as Tool]))).toMatch(
      /^mcp_serve_invalid: createMcpServer: tools\[0\] is an object that is not a turnkit tool/,
    );
    expect(codeOf(() => createMcpServer(getWeather as unknown as Tool[]))).toMatch(
      /^mcp_serve_invalid: createMcpServer: `tools` must be an array/,
    );
  });

  it('refuses options of the wrong type', () => {
    expect(codeOf(() => createMcpServer([getWeather], { approve: true as never }))).toBe(
      'mcp_options_invalid: createMcpServer: `approve` must be a function, got boolean.',
    );
    expect(codeOf(() => createMcpServer([getWeather], { name: '' }))).toBe(
      'mcp_options_invalid: createMcpServer: `name` must be a non-empty string, got "".',
    );
  });
});

import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type RunToolContext, runTool, type Tool } from '@turnkit/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcpToolkit, McpToolkitError, serveMcpToolkit } from '../src/index.js';
import { drawChart, explode, getInvoice, getWeather, waitingTool } from './fixtures/office-tools.js';

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

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Serves `tools` on one end of an in-memory pair and bridges them back with connectMcpToolkit. */
async function bridged(tools: Tool[]) {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const served = await serveMcpToolkit(tools, { transport: serverTransport, name: 'office' });
  const toolkit = await connectMcpToolkit({ transport: clientTransport });
  cleanups.push(async () => {
    await toolkit.close();
    await served.close();
  });
  const byName = (name: string) => toolkit.tools.find((tool) => tool.name === name)!;
  return { served, toolkit, byName };
}

describe('serveMcpToolkit', () => {
  it('gives connectMcpToolkit back tools that describe the served tools and return their outputs', async () => {
    const { toolkit, byName } = await bridged([getWeather, getInvoice, drawChart]);
    expect(toolkit.tools.map((tool) => [tool.name, tool.description, tool.parameters])).toEqual([
      ['get_weather', getWeather.description, getWeather.parameters],
      ['get_invoice', getInvoice.description, getInvoice.parameters],
      ['draw_chart', drawChart.description, drawChart.parameters],
    ]);
    const calls: Array<[Tool, string]> = [
      [getWeather, '{"city":"Oslo"}'],
      [getInvoice, '{"number":"INV-7"}'],
      [drawChart, '{}'],
    ];
    for (const [tool, args] of calls) {
      const original = await runTool(tool, args, context());
      expect(original.ok).toBe(true);
      expect(await runTool(byName(tool.name), args, context())).toEqual(original);
    }
  });

  it("passes a served tool's failure message on through the bridge, naming the tool once", async () => {
    const { byName } = await bridged([explode]);
    const result = await runTool(byName('explode'), '{}', context());
    expect(result).toMatchObject({
      ok: false,
      output: 'Error: tool "explode" failed: kaboom',
      error: { cause: { message: 'kaboom' } },
    });
  });

  it('aborts the served tool when the bridged call is aborted', async () => {
    const waiting = waitingTool();
    const { byName } = await bridged([waiting.tool]);
    const controller = new AbortController();
    const call = runTool(byName('wait'), '{}', context({ signal: controller.signal }));
    await waiting.started;
    controller.abort(new Error('stop'));
    expect(await call).toMatchObject({ ok: false, error: { code: 'tool_aborted' } });
    await expect(waiting.aborted).resolves.toBeDefined();
  });

  it('closes the transport on close(), and close() can be called twice', async () => {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    let clientSawClose = false;
    clientTransport.onclose = () => {
      clientSawClose = true;
    };
    await clientTransport.start();
    const served = await serveMcpToolkit([getWeather], { transport: serverTransport });
    await served.close();
    await served.close();
    expect(clientSawClose).toBe(true);
  });

  it('refuses a missing transport, naming the fix', async () => {
    await expect(serveMcpToolkit([getWeather], {} as never)).rejects.toThrow(McpToolkitError);
    await expect(serveMcpToolkit([getWeather], {} as never)).rejects.toMatchObject({
      code: 'mcp_options_invalid',
      message: expect.stringContaining('new StdioServerTransport()'),
    });
  });

  it('wraps a transport that cannot start in mcp_serve_failed', async () => {
    const broken = {
      start: async () => {
        throw new Error('stdin is closed');
      },
      send: async () => {},
      close: async () => {},
    };
    await expect(serveMcpToolkit([getWeather], { transport: broken })).rejects.toMatchObject({
      code: 'mcp_serve_failed',
      message: 'serveMcpToolkit: the transport could not start: stdin is closed.',
      cause: { message: 'stdin is closed' },
    });
  });
});

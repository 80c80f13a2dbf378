import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  type RunToolContext,
  runTool,
  type Tool,
  type ToolCallResult,
  ToolTimeoutError,
} from '@turnkit/tools';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  connectMcpToolkit,
  type McpConnectionEvent,
  type McpToolkit,
  type McpToolkitSettings,
} from '../src/index.js';

const server = fileURLToPath(new URL('./fixtures/flaky-stdio-server.ts', import.meta.url));

function context(): RunToolContext {
  return {
    signal: new AbortController().signal,
    callId: 'call_1',
    toolName: 'x',
    runId: 'run_1',
    turn: 1,
    deps: undefined,
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Polls `check` until it holds (a wait, not a timing assertion: the test's timeout bounds it). */
async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

/** The flaky server as a real child process over stdio, and what it logged. */
async function flaky(settings: McpToolkitSettings = {}, mode?: '--crash-on-restart') {
  const dir = mkdtempSync(join(tmpdir(), 'turnkit-mcp-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'server.log');
  const lines = (prefix: string) =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith(prefix));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server, log, ...(mode ? [mode] : [])],
    stderr: 'ignore',
  });
  const events: McpConnectionEvent[] = [];
  const toolkit: McpToolkit = await connectMcpToolkit({
    transport,
    onConnectionEvent: (event) => events.push(event),
    ...settings,
  });
  cleanups.push(() => toolkit.close());
  const tool = (name: string): Tool => toolkit.tools.find((candidate) => candidate.name === name)!;
  const pidOf = (line: string) => Number(line.split(' ').at(-1));
  /** SIGKILLs the server process and waits until the transport has seen it go. */
  const kill = async (): Promise<number> => {
    const pid = transport.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => transport.pid === null);
    return pid;
  };
  return { toolkit, transport, events, tool, kill, starts: () => lines('start ').map(pidOf), lines };
}

function failureOf(result: ToolCallResult) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('an MCP stdio toolkit whose server process dies', { timeout: 20_000 }, () => {
  it('restarts a server killed with SIGKILL between calls, and the next call runs on the new process', async () => {
    const { tool, kill, starts } = await flaky();
    const first = await runTool(tool('pid'), '{}', context());
    expect(first).toEqual({ ok: true, output: String(starts()[0]) });
    const killed = await kill();

    const second = await runTool(tool('pid'), '{}', context());
    expect(second.ok).toBe(true);
    expect(Number(second.output)).not.toBe(killed);
    expect(starts()).toEqual([killed, Number(second.output)]);
  });

  it('reports the lost connection and the restart to onConnectionEvent, naming the server and process', async () => {
    const { tool, kill, events } = await flaky();
    const killed = await kill();
    await waitFor(() => events.length > 0);
    expect(events).toEqual([
      {
        type: 'disconnected',
        server: 'flaky',
        error: expect.objectContaining({
          code: 'mcp_connection_lost',
          server: 'flaky',
          message: `The connection to MCP server "flaky" closed unexpectedly (process ${killed} exited or was killed).`,
        }),
      },
    ]);
    expect((await runTool(tool('pid'), '{}', context())).ok).toBe(true);
    expect(events.slice(1)).toEqual([{ type: 'restarted', server: 'flaky', restarts: 1 }]);
  });

  it('fails a call whose server dies during it without making it again, and restarts on the next call', async () => {
    const { tool, transport, starts, lines } = await flaky();
    const pending = runTool(tool('hang'), '{}', context());
    await waitFor(() => lines('call hang').length === 1);
    const killed = transport.pid!;
    process.kill(killed, 'SIGKILL');

    const result = failureOf(await pending);
    expect(result.error.code).toBe('tool_failed');
    expect(result.error.cause).toMatchObject({ code: 'mcp_connection_lost', server: 'flaky' });
    expect(result.output).toBe(
      `Error: tool "hang" failed: MCP server "flaky" closed the connection during the call of "hang" ` +
        `(process ${killed} exited or was killed). Whether the tool ran is unknown, so it was not called ` +
        'again; the next call restarts the server.',
    );
    expect((await runTool(tool('pid'), '{}', context())).ok).toBe(true);
    expect(lines('call hang')).toHaveLength(1);
    expect(starts()).toHaveLength(2);
  });

  it('gives up after restart.maxRestarts restarts for a server that crashes on every start', async () => {
    const { tool, kill, starts, events } = await flaky({ restart: { maxRestarts: 2 } }, '--crash-on-restart');
    await kill();

    const result = failureOf(await runTool(tool('pid'), '{}', context()));
    expect(result.error.cause).toMatchObject({ code: 'mcp_restart_failed', server: 'flaky' });
    expect(result.output).toMatch(
      /^Error: tool "pid" failed: MCP server "flaky" has been restarted 2 times within 60 s, the limit \(restart\.maxRestarts = 2\), and is not restarted again until that window has passed; the last restart failed: .+\. Check that the server starts and stays up \(run its command by hand\), or raise restart\.maxRestarts\.$/,
    );
    expect(starts()).toHaveLength(3);
    expect(events.map((event) => event.type)).toEqual([
      'disconnected',
      'restart_failed',
      'restart_failed',
      'gave_up',
    ]);

    const again = failureOf(await runTool(tool('pid'), '{}', context()));
    expect(again.error.cause).toMatchObject({ code: 'mcp_restart_failed' });
    expect(starts()).toHaveLength(3);
  });

  it('leaves a lost connection lost with restart: false, saying so', async () => {
    const { tool, kill, starts } = await flaky({ restart: false });
    const killed = await kill();
    const result = failureOf(await runTool(tool('pid'), '{}', context()));
    expect(result.error.cause).toMatchObject({ code: 'mcp_connection_lost' });
    expect(result.output).toBe(
      `Error: tool "pid" failed: The connection to MCP server "flaky" closed (process ${killed} exited or ` +
        'was killed), and restarts are off. Make a new toolkit, or let it restart the server with the `restart` option.',
    );
    expect(starts()).toHaveLength(1);
  });

  it('fails calls after close() with mcp_toolkit_closed and starts nothing', async () => {
    const { toolkit, tool, starts } = await flaky();
    await toolkit.close();
    const result = failureOf(await runTool(tool('pid'), '{}', context()));
    expect(result.error.cause).toMatchObject({ code: 'mcp_toolkit_closed', server: 'flaky' });
    expect(starts()).toHaveLength(1);
  });
});

describe('time limits of MCP calls on a real stdio server', { timeout: 20_000 }, () => {
  it('times out a slow call at the toolkit’s timeoutMs and cancels it on the server', async () => {
    const { tool, lines } = await flaky({ timeoutMs: 200 });
    const result = failureOf(await runTool(tool('sleep'), '{"ms":10000}', context()));
    expect(result.error).toBeInstanceOf(ToolTimeoutError);
    expect(result.output).toBe('Error: tool "sleep" timed out after 200 ms.');
    await waitFor(() => lines('cancelled sleep').length === 1);
  });

  it('takes a time limit per tool from its listing', async () => {
    const { tool } = await flaky({ timeoutMs: (info) => (info.name === 'sleep' ? 150 : undefined) });
    expect(tool('sleep').timeoutMs).toBe(150);
    expect(tool('pid').timeoutMs).toBeUndefined();
    const result = failureOf(await runTool(tool('sleep'), '{"ms":10000}', context()));
    expect(result.output).toBe('Error: tool "sleep" timed out after 150 ms.');
  });

  it('has no time limit without timeoutMs: the SDK’s 60 s request default does not apply', async () => {
    const { tool } = await flaky();
    // Only the client's clock is faked; the server process sleeps 300 ms of real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = runTool(tool('sleep'), '{"ms":300}', context());
    await waitFor(() => vi.getTimerCount() > 0); // the request's timer is set
    vi.advanceTimersByTime(120_000);
    expect(await pending).toEqual({ ok: true, output: 'slept 300 ms' });
  });
});

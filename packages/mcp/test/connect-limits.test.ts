import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcpToolkit, DEFAULT_CONNECT_TIMEOUT_MS, McpToolkitError } from '../src/index.js';

const silentList = fileURLToPath(new URL('./fixtures/silent-list-server.ts', import.meta.url));

const spawned: StdioClientTransport[] = [];
afterEach(async () => {
  for (const transport of spawned.splice(0)) await transport.close().catch(() => {});
});

/** A real child process over stdio: one that never speaks MCP, or the server silent on tools/list. */
function transportOf(kind: 'mute' | 'silent-list'): StdioClientTransport {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: kind === 'mute' ? ['-e', 'setInterval(() => {}, 1000)'] : [silentList],
    stderr: 'ignore',
  });
  spawned.push(transport);
  return transport;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until the process is gone (a wait, not a timing assertion: the test's timeout bounds it). */
async function gone(pid: number): Promise<void> {
  while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The pid of the transport's process, once it has spawned. */
async function pidOf(transport: StdioClientTransport): Promise<number> {
  while (transport.pid === null) await new Promise((resolve) => setTimeout(resolve, 5));
  return transport.pid;
}

async function failure(promise: Promise<unknown>): Promise<McpToolkitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpToolkitError);
  return error as McpToolkitError;
}

describe('connectMcpToolkit time limit and signal', () => {
  it('gives a server that never answers the handshake connectTimeoutMs, then stops its process', async () => {
    const transport = transportOf('mute');
    const pending = connectMcpToolkit({ transport, connectTimeoutMs: 300 });
    const pid = await pidOf(transport);
    const error = await failure(pending);
    expect(error.code).toBe('mcp_connection_failed');
    expect(error.message).toBe(
      'The MCP server did not answer the handshake within 300 ms (connectTimeoutMs). Check that the command or URL starts an MCP server (run it by hand), or raise connectTimeoutMs for a slow start.',
    );
    await gone(pid);
  });

  it('gives listing the tools the same limit, names tools/list, and leaves a client passed in open', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transportOf('silent-list'));
    const error = await failure(connectMcpToolkit({ client, connectTimeoutMs: 300 }));
    expect(error.code).toBe('mcp_list_tools_failed');
    expect(error.server).toBe('silent-list');
    expect(error.message).toBe(
      'Could not list the tools of "silent-list": it did not answer tools/list within 300 ms (connectTimeoutMs).',
    );
    expect(client.getServerVersion()?.name).toBe('silent-list');
    expect(client.transport).toBeDefined();
  });

  it('stops connecting when the signal aborts, with its reason as the cause', async () => {
    const transport = transportOf('mute');
    const controller = new AbortController();
    const pending = connectMcpToolkit({ transport, signal: controller.signal, connectTimeoutMs: Infinity });
    const pid = await pidOf(transport);
    const reason = new Error('user closed the page');
    controller.abort(reason);
    const error = await failure(pending);
    expect(error.code).toBe('mcp_connect_aborted');
    expect(error.cause).toBe(reason);
    await gone(pid);
  });

  it('starts nothing when the signal has already aborted', async () => {
    const transport = transportOf('mute');
    const error = await failure(connectMcpToolkit({ transport, signal: AbortSignal.abort('late') }));
    expect(error.code).toBe('mcp_connect_aborted');
    expect(error.cause).toBe('late');
    expect(transport.pid).toBeNull();
  });

  it.each([0, -5, Number.NaN, '5000'])('refuses connectTimeoutMs %s, naming the option', async (value) => {
    const transport = transportOf('mute');
    const error = await failure(connectMcpToolkit({ transport, connectTimeoutMs: value as number }));
    expect(error.code).toBe('mcp_options_invalid');
    expect(error.message).toContain(
      '`connectTimeoutMs` must be a number of milliseconds above 0 (or Infinity)',
    );
    expect(transport.pid).toBeNull();
  });

  it('refuses a signal that is not an AbortSignal', async () => {
    const transport = transportOf('mute');
    const error = await failure(connectMcpToolkit({ transport, signal: {} as AbortSignal }));
    expect(error.code).toBe('mcp_options_invalid');
    expect(error.message).toContain('`signal` must be an AbortSignal');
  });

  it('waits 10 s by default, not the MCP SDK 60 s', () => {
    expect(DEFAULT_CONNECT_TIMEOUT_MS).toBe(10_000);
  });
});

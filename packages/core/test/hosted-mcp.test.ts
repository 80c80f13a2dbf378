import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, hostedMcpTool, type RunEvent, RunState } from '../src/index.js';
import { startTestMcpServer } from './fixtures/mcp-server.js';
import { createBodies, useEmulator } from './helpers.js';

const KEY = 'mcp-secret-4711';
const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/mcp-resume-child.ts', import.meta.url));

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});
let mcp: Awaited<ReturnType<typeof startTestMcpServer>>;
beforeAll(async () => {
  mcp = await startTestMcpServer(KEY);
});
afterAll(() => mcp.close());

const items = (extra: Partial<Parameters<typeof hostedMcpTool>[0]> = {}) =>
  hostedMcpTool({ serverLabel: 'items', serverUrl: mcp.url, headers: { 'x-api-key': KEY }, ...extra });
const deleteTurn = () => reply.mcpCall('items', 'delete_item', { id: 'A1' });
const lastBody = () => createBodies(emu).at(-1);

describe('hosted MCP with approvals', () => {
  it('interrupts on an approval request, then makes the real call once approved', async () => {
    emu.enqueue(deleteTurn());
    const agent = createAgent({ name: 'curator', model: 'm', client, tools: [items()] });
    const events: RunEvent[] = [];
    const stream = agent.stream('Delete A1');
    stream.on('mcp_list_tools', (e) => events.push(e));
    stream.on('approval_requested', (e) => events.push(e));
    const paused = await stream.result;
    expect(paused.status).toBe('interrupted');
    expect(paused.interruptions).toEqual([
      {
        kind: 'mcp',
        id: expect.stringMatching(/^mcpr_/),
        serverLabel: 'items',
        toolName: 'delete_item',
        arguments: '{"id":"A1"}',
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(['mcp_list_tools', 'approval_requested']);
    expect((events[0] as any).tools).toEqual(['search', 'delete_item']);
    expect(mcp.calls).toEqual([]);
    expect(createBodies(emu)[0].tools[0]).toMatchObject({
      type: 'mcp',
      server_label: 'items',
      require_approval: 'always',
    });

    const id = paused.interruptions[0]!.id;
    const calls: RunEvent[] = [];
    const resumed = agent.stream(paused.state!.withDecisions({ [id]: true }));
    resumed.on('mcp_call', (e) => calls.push(e));
    const done = await resumed.result;
    expect(done.status).toBe('completed');
    expect(lastBody().input).toEqual([
      { type: 'mcp_approval_response', approval_request_id: id, approve: true },
    ]);
    expect(lastBody().previous_response_id).toBe(paused.lastResponse!.id);
    expect(calls).toMatchObject([
      { name: 'delete_item', output: 'deleted A1', approvalRequestId: id, error: null },
    ]);
    expect(mcp.calls).toEqual([{ name: 'delete_item', args: { id: 'A1' } }]);
    mcp.calls.length = 0;
  });

  it('rejects with a reason the model reads, and the server is never called', async () => {
    emu.enqueue(deleteTurn());
    const agent = createAgent({ name: 'curator', model: 'm', client, tools: [items()] });
    const result = await agent.run('Delete A1', {
      approver: () => ({ approve: false, reason: 'A1 is still in use' }),
    });
    expect(result.status).toBe('completed');
    expect(result.output).toContain('A1 is still in use');
    expect(lastBody().input[0]).toMatchObject({
      type: 'mcp_approval_response',
      approve: false,
      reason: 'A1 is still in use',
    });
    expect(mcp.calls).toEqual([]);
  });

  it('calls at once a tool the service need not ask about', async () => {
    emu.enqueue(reply.mcpCall('items', 'search', { q: 'red' }));
    const agent = createAgent({
      model: 'm',
      client,
      tools: [items({ requireApproval: { never: ['search'] } })],
    });
    const result = await agent.run('Find red items');
    expect(result.status).toBe('completed');
    expect(result.interruptions).toEqual([]);
    expect(createBodies(emu)).toHaveLength(1);
    expect(result.output).toContain('3 items match "red"');
    mcp.calls.length = 0;
  });

  it('answers from the server policy: deny list rejects, allow list approves, without asking', async () => {
    const asked: string[] = [];
    const approver = (r: { toolName: string }) => {
      asked.push(r.toolName);
      return undefined;
    };
    emu.enqueue(deleteTurn());
    const denying = createAgent({
      model: 'm',
      client,
      tools: [items({ policy: { deny: ['delete_item'] } })],
    });
    const denied = await denying.run('Delete A1', { approver });
    expect(denied.output).toMatch(/deny list/);
    emu.enqueue(reply.mcpCall('items', 'search', { q: 'blue' }));
    const allowing = createAgent({ model: 'm', client, tools: [items({ policy: { allow: ['search'] } })] });
    const allowed = await allowing.run('Find blue items', { approver });
    expect(allowed.output).toContain('3 items match "blue"');
    expect(asked).toEqual([]);
    mcp.calls.length = 0;
  });

  it('pauses, serializes without the header, and a child process resumes to completion', async () => {
    emu.enqueue(deleteTurn());
    const agent = createAgent({ name: 'curator', model: 'm', client, tools: [items()] });
    const paused = await agent.run('Delete A1');
    const json = JSON.stringify(paused.state);
    expect(json).not.toContain(KEY);
    expect(JSON.stringify(paused)).not.toContain(KEY);
    const dir = await mkdtemp(join(tmpdir(), 'turnkit-mcp-'));
    const file = join(dir, 'state.json');
    await writeFile(file, json);
    const { stdout } = await run(process.execPath, [child, file, mcp.url, KEY], {
      env: { ...process.env, EMULATOR_URL: emu.url },
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ status: 'completed' });
    expect(JSON.parse(stdout).output).toContain('deleted A1');
    expect(await readFile(file, 'utf8')).not.toContain(KEY);
    expect(mcp.calls).toEqual([{ name: 'delete_item', args: { id: 'A1' } }]);
    expect(RunState.fromJSON(json).approvals).toHaveLength(1);
    mcp.calls.length = 0;
  });

  it('refuses a state whose approval shows another MCP tool or arguments than the request, calling nothing', async () => {
    emu.enqueue(deleteTurn());
    const agent = createAgent({ name: 'curator', model: 'm', client, tools: [items()] });
    const paused = await agent.run('Delete A1');
    const edits = [{ toolName: 'search' }, { arguments: '{"id":"B2"}' }, { serverLabel: 'other' }];
    for (const edit of edits) {
      const json = paused.state!.toJSON();
      Object.assign(json.approvals[0]!, edit);
      const state = RunState.fromJSON(json);
      await expect(agent.run(state.withDecisions({ [state.approvals[0]!.id]: true }))).rejects.toMatchObject({
        code: 'run_state_tampered',
        reason: 'approval_mismatch',
      });
    }
    expect(createBodies(emu)).toHaveLength(1);
    expect(mcp.calls).toEqual([]);
  });

  it('reports an MCP call that failed on the server as an mcp_call event with its error', async () => {
    emu.enqueue(reply.mcpCall('items', 'no_such_tool', {}));
    const agent = createAgent({ model: 'm', client, tools: [items({ requireApproval: 'never' })] });
    const calls: RunEvent[] = [];
    const stream = agent.stream('Do something odd');
    stream.on('mcp_call', (e) => calls.push(e));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      name: 'no_such_tool',
      output: null,
      error: { type: 'mcp_tool_execution_error' },
    });
    expect(JSON.stringify((calls[0] as any).error)).toContain('no_such_tool not found');
    expect(result.output).toContain('failed');
  });
});

describe('@modelcontextprotocol/server-everything over Streamable HTTP', () => {
  let server: ReturnType<typeof spawn>;
  let url: string;
  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const bin = createRequire(import.meta.url).resolve(
      '@modelcontextprotocol/server-everything/dist/index.js',
    );
    server = spawn(process.execPath, [bin, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: 'pipe',
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server-everything did not start')), 15_000);
      server.stderr!.on('data', (d: Buffer) => {
        if (d.toString().includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    url = `http://127.0.0.1:${port}/mcp`;
  });
  afterAll(() => {
    server.kill();
  });

  it('lists its tools and makes an approved echo call', async () => {
    emu.enqueue(reply.mcpCall('everything', 'echo', { message: 'hello from turnkit' }));
    const everything = hostedMcpTool({
      serverLabel: 'everything',
      serverUrl: url,
      policy: { allow: ['echo'] },
    });
    const listed: RunEvent[] = [];
    const stream = createAgent({ model: 'm', client, tools: [everything] }).stream('Echo something');
    stream.on('mcp_list_tools', (e) => listed.push(e));
    const result = await stream.result;
    expect((listed[0] as any).tools).toContain('echo');
    expect(result.status).toBe('completed');
    expect(result.output).toContain('hello from turnkit');
  });
});

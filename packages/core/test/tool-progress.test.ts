import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type Emulator, reply } from '@turnkit/emulator';
import { connectMcpToolkit, serveMcpToolkitHttp } from '@turnkit/mcp';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgent, createConversation, type RunEvent, type ToolProgressEvent } from '../src/index.js';
import { useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** Fetches `pages` pages, reporting each; repeats one report (refused). Returns what progress answered. */
const fetchPages = defineTool({
  name: 'fetch_pages',
  description: 'Fetch the pages of a report.',
  input: z.object({ pages: z.number().int() }),
  execute: async ({ pages }, { progress }) => {
    const answers: boolean[] = [];
    for (let page = 1; page <= pages; page++) {
      await new Promise((resolve) => setImmediate(resolve));
      answers.push(progress({ progress: page, total: pages, message: `fetched page ${page}` }));
      if (page === 1) answers.push(progress({ progress: 1 }));
    }
    return answers.join(',');
  },
});

const toolEvents = (events: RunEvent[]) =>
  events
    .filter((e) => e.type.startsWith('tool_'))
    .map((e) => (e.type === 'tool_progress' ? e.progress : e.type));

describe('tool_progress', () => {
  it('reports each progress of a tool between its start and its end, to listeners and to the iterator alike', async () => {
    emu.enqueue(reply.toolCall('fetch_pages', { pages: 3 }), reply.text('Fetched.'));
    const stream = createAgent({ model: 'm', client, tools: [fetchPages] }).stream('Fetch the report');
    const heard: ToolProgressEvent[] = [];
    stream.on('tool_progress', (e) => heard.push(e));
    const iterated: RunEvent[] = [];
    for await (const event of stream) iterated.push(event);
    const result = await stream.result;

    const call = result.items.find((item) => item.type === 'function_call')!;
    expect(heard).toEqual(
      [1, 2, 3].map((progress) => ({
        type: 'tool_progress',
        callId: (call as { call_id: string }).call_id,
        name: 'fetch_pages',
        progress,
        total: 3,
        message: `fetched page ${progress}`,
        runId: result.runId,
        turn: 1,
        agent: 'agent',
        depth: 0,
      })),
    );
    expect(iterated.filter((e) => e.type === 'tool_progress')).toEqual(heard);
    expect(toolEvents(iterated)).toEqual(['tool_call_started', 1, 2, 3, 'tool_call_finished']);
    // The repeated report was refused, and the tool was told so.
    const output = result.items.find((item) => item.type === 'function_call_output');
    expect(output).toMatchObject({ output: 'true,false,true,true' });
  });

  it('keeps a listener that throws away from the tool: the tool finishes, its output is kept, the run then fails with ListenerError', async () => {
    emu.enqueue(reply.toolCall('fetch_pages', { pages: 2 }), reply.text('never asked'));
    const conversation = createConversation();
    const stream = createAgent({ model: 'm', client, tools: [fetchPages] }).stream('Fetch', { conversation });
    stream.on('tool_progress', () => {
      throw new Error('progress bar broke');
    });
    const finished: RunEvent[] = [];
    stream.on('tool_call_finished', (e) => finished.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error).toMatchObject({ code: 'listener_failed', eventType: 'tool_progress' });
    expect(error.cause.message).toBe('progress bar broke');
    expect(finished).toMatchObject([{ ok: true, output: 'true,false,true' }]);
    expect(conversation.pending).toMatchObject([{ type: 'function_call_output', output: 'true,false,true' }]);
    expect(emu.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('refuses reports in needsApproval, where the call does not run yet', async () => {
    let answered: boolean | undefined;
    const guarded = defineTool({
      name: 'guarded',
      description: 'Needs approval when it says so.',
      input: z.object({}),
      needsApproval: (_input, { progress }) => {
        answered = progress({ progress: 1 });
        return false;
      },
      execute: () => 'ran',
    });
    emu.enqueue(reply.toolCall('guarded', {}), reply.text('Done.'));
    const stream = createAgent({ model: 'm', client, tools: [guarded] }).stream('Go');
    const heard: RunEvent[] = [];
    stream.on('tool_progress', (e) => heard.push(e));
    await stream.result;
    expect(answered).toBe(false);
    expect(heard).toEqual([]);
  });

  it('reports the progress of an MCP server’s tool used through connectMcpToolkit', async () => {
    const served = await serveMcpToolkitHttp([fetchPages], { name: 'reports' });
    const toolkit = await connectMcpToolkit({
      transport: new StreamableHTTPClientTransport(new URL(served.url)),
    });
    try {
      emu.enqueue(reply.toolCall('fetch_pages', { pages: 2 }), reply.text('Fetched over MCP.'));
      const stream = createAgent({ model: 'm', client, tools: toolkit.tools }).stream('Fetch');
      const heard: ToolProgressEvent[] = [];
      stream.on('tool_progress', (e) => heard.push(e));
      const result = await stream.result;
      expect(result.output).toBe('Fetched over MCP.');
      expect(heard.map(({ progress, total, message, name }) => ({ progress, total, message, name }))).toEqual(
        [
          { progress: 1, total: 2, message: 'fetched page 1', name: 'fetch_pages' },
          { progress: 2, total: 2, message: 'fetched page 2', name: 'fetch_pages' },
        ],
      );
    } finally {
      await toolkit.close();
      await served.close();
    }
  });
});

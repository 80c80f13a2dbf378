import {
  type Emulator,
  type ModelRequest,
  reply,
  type ScriptFault,
  type ScriptTurn,
} from '@turnkit/emulator';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Agent,
  createAgent,
  createConversation,
  hostedMcpTool,
  type RunEvent,
  TurnkitError,
} from '../src/index.js';
import { startTestMcpServer } from './fixtures/mcp-server.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

const KEY = 'mcp-secret-failed-turns';
let emu: Emulator;
let client: OpenAI;
/** The model of the current test: decides from what it sees, so a retry gets a faithful answer. */
let model: ((request: ModelRequest) => ScriptTurn) | undefined;
/** A fault for the n-th `POST /responses` (1-based) of the current test. */
let faultAt: { request: number; fault: ScriptFault } | undefined;
let requests = 0;
useEmulator(
  (e, c) => {
    emu = e;
    client = c;
  },
  {
    behavior: (request) => {
      if (!model) return undefined;
      requests++;
      const turn = model(request);
      return faultAt?.request === requests ? { ...turn, fault: faultAt.fault } : turn;
    },
  },
);
let mcp: Awaited<ReturnType<typeof startTestMcpServer>>;
beforeAll(async () => {
  mcp = await startTestMcpServer(KEY);
});
afterAll(() => mcp.close());
beforeEach(() => {
  model = undefined;
  faultAt = undefined;
  requests = 0;
  mcp.calls.length = 0;
});

const mcpTool = (options: Partial<Parameters<typeof hostedMcpTool>[0]> = {}) =>
  hostedMcpTool({ serverLabel: 'items', serverUrl: mcp.url, headers: { 'x-api-key': KEY }, ...options });
const called = (request: ModelRequest, name: string) =>
  request.context.find((item) => item.type === 'mcp_call' && item.name === name) as
    | { output?: string | null }
    | undefined;

/** The model of the never-approval case: one `search` call, then an answer built on its output. */
const searchModel = (request: ModelRequest): ScriptTurn => {
  const call = called(request, 'search');
  return call ? reply.text(`Found: ${call.output}`) : reply.mcpCall('items', 'search', { q: 'red' });
};
/** The model of the approval case: asks to delete A1; once the call ran, answers with its output. */
const deleteModel = (request: ModelRequest): ScriptTurn => {
  const call = called(request, 'delete_item');
  return call ? reply.text(`Done: ${call.output}`) : reply.mcpCall('items', 'delete_item', { id: 'A1' });
};

/**
 * Runs `agent` once without faults and returns, for its `request`-th response, where to cut its
 * stream so that the `mcp_call` completed before: after every event but `response.completed`
 * (a client can lose the last few events before a dropped connection, and the model's answer
 * after the call leaves room for that).
 */
async function eventsThroughMcpCall(agent: Agent, request: number, strategy: 'server' | 'stateless') {
  const raw: Array<{ turn: number; type: string; item?: string }> = [];
  const stream = agent.stream('Go', { conversation: createConversation({ strategy }) });
  stream.on('raw', (e) =>
    raw.push({ turn: e.turn, type: e.event.type, item: (e.event as { item?: { type: string } }).item?.type }),
  );
  await stream.result;
  const events = raw.filter((e) => e.turn === request);
  const done = events.findIndex((e) => e.type === 'response.output_item.done' && e.item === 'mcp_call');
  expect(done).toBeGreaterThan(0);
  expect(events.length - 1 - done).toBeGreaterThanOrEqual(5);
  emu.reset();
  mcp.calls.length = 0;
  requests = 0;
  return events.length - 1;
}

type Mode = 'server' | 'stateless' | 'background';
const modes: Mode[] = ['server', 'stateless', 'background'];
const agentFor = (mode: Mode, tool: ReturnType<typeof mcpTool>) =>
  createAgent({ model: 'm', client, tools: [tool], background: mode === 'background' });

describe('a hosted MCP call and the documented recovery', () => {
  const cases: Array<{
    name: string;
    tool: () => ReturnType<typeof mcpTool>;
    model: typeof searchModel;
    request: number;
  }> = [
    {
      name: 'a never-approval',
      tool: () => mcpTool({ requireApproval: 'never' }),
      model: searchModel,
      request: 1,
    },
    {
      name: 'an approved',
      tool: () => mcpTool({ policy: { allow: ['delete_item'] } }),
      model: deleteModel,
      request: 2,
    },
  ];
  for (const { name, tool, model: decide, request } of cases) {
    for (const mode of modes) {
      it(`runs ${name} call once when the stream fails after it completed (${mode})`, async () => {
        model = decide;
        const agent = agentFor(mode, tool());
        const strategy = mode === 'stateless' ? 'stateless' : 'server';
        const afterEvents = await eventsThroughMcpCall(agent, request, strategy);
        // A background response survives a dropped connection (the loop reopens its stream), so
        // there the turn fails the other way: the service reports an error mid-stream.
        faultAt = {
          request,
          fault:
            mode === 'background'
              ? { type: 'error_event', afterEvents }
              : { type: 'disconnect', afterEvents },
        };
        const conversation = createConversation({ strategy });
        const failed: RunEvent[] = [];
        const stream = agent.stream('Go', { conversation });
        stream.on('turn_failed', (e) => failed.push(e));
        const error = await stream.result.catch((e) => e);
        expect(TurnkitError.is(error)).toBe(true);
        expect(mcp.calls).toHaveLength(1);
        const kept = (failed[0] as { keptItemIds: string[] }).keptItemIds;
        expect(kept.some((id) => id.startsWith('mcp_'))).toBe(true);

        const result = await agent.run([], { conversation: error.partial.conversation });
        expect(result.status).toBe('completed');
        expect(mcp.calls).toHaveLength(1);
        expect(result.output).toMatch(/^(Found: 3 items match "red"|Done: deleted A1)$/);
        const retry = createBodies(emu).at(-1);
        expect(retry.input.some((item: { type: string }) => item.type === 'mcp_call')).toBe(true);
      });
    }
  }
});

describe('the events of a failed turn', () => {
  it('are retracted by a turn_failed event, so a consumer shows the retried message once', async () => {
    model = (request) =>
      request.context.some((item) => item.type === 'function_call_output')
        ? reply.text('It is 18 degrees.')
        : reply.items([
            { type: 'message', text: 'Let me check.' },
            {
              type: 'function_call',
              name: 'get_weather',
              arguments: { city: 'Paris' },
              call_id: 'call_paris',
            },
          ]);
    // Cut before response.completed: a client can lose the last events before a drop, not these.
    faultAt = { request: 1, fault: { type: 'disconnect', afterEvents: 12 } };
    const agent = createAgent({ model: 'm', client, tools: [getWeather] });
    const shown: Array<{ runId: string; turn: number; text: string }> = [];
    const consume = async (stream: ReturnType<Agent['stream']>) => {
      // The documented consumer rule: drop what a turn_failed retracts.
      stream.on('message', (e) => shown.push({ runId: e.runId, turn: e.turn, text: e.text }));
      stream.on('turn_failed', (e) => {
        for (let i = shown.length - 1; i >= 0; i--) {
          if (shown[i]!.runId === e.runId && shown[i]!.turn === e.turn) shown.splice(i, 1);
        }
      });
      return stream.result;
    };
    const error = await consume(agent.stream('Weather in Paris?')).catch((e) => e);
    expect(error.code).toBe('stream_failed');
    const result = await consume(agent.stream([], { conversation: error.partial.conversation }));
    expect(result.output).toBe('It is 18 degrees.');
    expect(shown.map((m) => m.text)).toEqual(['Let me check.', 'It is 18 degrees.']);
  });

  it('carry the id of the response the conversation did not keep', async () => {
    model = () => reply.text('A long answer that never arrives in full.');
    faultAt = { request: 1, fault: { type: 'error_event', afterEvents: 6 } };
    const stream = createAgent({ model: 'm', client }).stream('Hi');
    const failed: RunEvent[] = [];
    stream.on('turn_failed', (e) => failed.push(e));
    const error = await stream.result.catch((e) => e);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      type: 'turn_failed',
      turn: 1,
      responseId: expect.stringMatching(/^resp_/),
      keptItemIds: [],
    });
    expect((failed[0] as { error: unknown }).error).toBe(error);
    expect(error.partial.conversation.lastResponseId).toBeNull();
  });
});

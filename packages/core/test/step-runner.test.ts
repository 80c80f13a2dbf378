import { type Emulator, reply } from '@turnkit/emulator';
import { type Computer, computerTool, defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createAgent,
  createConversation,
  InputError,
  inProcessStepRunner,
  type RunEvent,
  type StepRunner,
} from '../src/index.js';
import { createBodies, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** A tool that counts its executions per call id. */
function countingTool(executions: Map<string, number>) {
  return defineTool({
    name: 'charge',
    description: 'Charge an amount.',
    input: z.object({ amount: z.number() }),
    execute: ({ amount }, { callId }) => {
      executions.set(callId, (executions.get(callId) ?? 0) + 1);
      return { charged: amount, key: callId };
    },
  });
}

/** A computer that keeps a list of the actions it ran, and shows a 1×1 PNG. */
function recordingComputer(actions: string[]): Computer {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const did = (what: string) => async () => {
    actions.push(what);
  };
  return {
    screenshot: async () => new Uint8Array(png),
    click: async ({ x, y }) => {
      actions.push(`click ${x},${y}`);
    },
    doubleClick: did('doubleClick'),
    scroll: did('scroll'),
    type: async ({ text }) => {
      actions.push(`type ${text}`);
    },
    keypress: did('keypress'),
    move: did('move'),
    drag: did('drag'),
    wait: did('wait'),
  };
}

/** A runner that records every step's result under its key, and replays recorded ones without performing them. */
function journal() {
  const recorded = new Map<string, string>();
  const keys: string[] = [];
  const step = async <T>(key: string, perform: () => Promise<T>): Promise<T> => {
    keys.push(key);
    const hit = recorded.get(key);
    if (hit !== undefined) return JSON.parse(hit) as T;
    const value = await perform();
    recorded.set(key, JSON.stringify(value));
    return value;
  };
  const runner: StepRunner = {
    modelTurn: (s, perform) => step(`turn:${s.runId}:${s.turn}`, perform),
    toolCall: (s, perform) => step(`call:${s.callId}`, perform),
    computerCall: (s, perform) => step(`computer:${s.callId}:${s.actions}`, perform),
  };
  return { runner, keys, recorded };
}

describe('the step runner seam', () => {
  it('performs every model turn and every tool call through the runner, tool calls keyed by call_id', async () => {
    emu.enqueue(
      reply.toolCalls([
        { name: 'charge', arguments: { amount: 5 }, callId: 'call_a' },
        { name: 'charge', arguments: { amount: 7 }, callId: 'call_b' },
      ]),
      reply.text('Charged both.'),
    );
    const executions = new Map<string, number>();
    const { runner, keys } = journal();
    const agent = createAgent({ model: 'gpt-test', client, tools: [countingTool(executions)] });
    const result = await agent.run('Charge 5 and 7', { steps: runner, runId: 'run_fixed' });
    expect(result.output).toBe('Charged both.');
    expect(keys).toEqual(['turn:run_fixed:1', 'call:call_a', 'call:call_b', 'turn:run_fixed:2']);
    expect([...executions]).toEqual([
      ['call_a', 1],
      ['call_b', 1],
    ]);
  });

  it('replays recorded steps without a model request or a tool execution, to the same result', async () => {
    const script = () =>
      emu.enqueue(
        reply.toolCall('charge', { amount: 5 }, { callId: 'call_a', reasoning: 'Charge it.' }),
        reply.text('Charged.', { reasoning: true }),
      );
    script();
    const executions = new Map<string, number>();
    const { runner, recorded } = journal();
    const agent = createAgent({
      model: 'gpt-test',
      client,
      tools: [countingTool(executions)],
      strategy: 'stateless',
    });
    const first = await agent.run('Charge 5', { steps: runner, runId: 'run_same' });
    const requests = createBodies(emu).length;
    expect(requests).toBe(2);
    // Every recorded result is plain JSON.
    for (const value of recorded.values()) expect(JSON.stringify(JSON.parse(value))).toBe(value);

    const events: RunEvent[] = [];
    const replay = agent.stream('Charge 5', {
      steps: runner,
      runId: 'run_same',
      conversation: createConversation({ strategy: 'stateless' }),
    });
    replay.on('tool_call_started', (e) => events.push(e));
    replay.on('text_delta', (e) => events.push(e));
    replay.on('turn_finished', (e) => events.push(e));
    const again = await replay.result;
    expect(createBodies(emu)).toHaveLength(requests);
    expect(executions.get('call_a')).toBe(1);
    expect(again.output).toBe(first.output);
    expect(again.items).toEqual(first.items);
    expect(again.conversation.toJSON()).toEqual(first.conversation.toJSON());
    // Events that happen inside a step are not reported again; the loop's own are.
    expect(events.map((e) => e.type)).toEqual(['turn_finished', 'turn_finished']);
  });

  it('performs each computer call through the runner, so a replay does not run its actions again', async () => {
    const script = () =>
      emu.enqueue(
        reply.computerCall(
          [
            { type: 'click', button: 'left', x: 10, y: 20 },
            { type: 'type', text: 'Ada' },
          ],
          { callId: 'call_form' },
        ),
        reply.text('Filled in.'),
      );
    script();
    const actions: string[] = [];
    const { runner, keys } = journal();
    const computer = computerTool({
      environment: 'browser',
      displayWidth: 1024,
      displayHeight: 768,
      computer: recordingComputer(actions),
    });
    const agent = createAgent({ model: 'gpt-test', client, tools: [computer], strategy: 'stateless' });
    const first = await agent.run('Fill in the form', { steps: runner, runId: 'run_form' });
    expect(first.output).toBe('Filled in.');
    expect(keys).toEqual(['turn:run_form:1', 'computer:call_form:2', 'turn:run_form:2']);
    expect(actions).toEqual(['click 10,20', 'type Ada']);

    const again = await agent.run('Fill in the form', {
      steps: runner,
      runId: 'run_form',
      conversation: createConversation({ strategy: 'stateless' }),
    });
    // The replay answers the call from the journal: no action runs twice.
    expect(actions).toEqual(['click 10,20', 'type Ada']);
    expect(again.items).toEqual(first.items);
    expect(again.items.find((i) => i.type === 'computer_call_output')).toMatchObject({
      call_id: 'call_form',
    });
  });

  it('reports the runId it is given in events, tool contexts and the result', async () => {
    emu.enqueue(reply.toolCall('whoami', {}), reply.text('Done.'));
    let seen: string | undefined;
    const whoami = defineTool({
      name: 'whoami',
      description: 'Reports the run id.',
      input: z.object({}),
      execute: (_input, { runId }) => {
        seen = runId;
        return runId;
      },
    });
    const agent = createAgent({ model: 'gpt-test', client, tools: [whoami] });
    const stream = agent.stream('Who?', { runId: 'run_given', steps: inProcessStepRunner });
    const ids = new Set<string>();
    stream.on('turn_started', (e) => ids.add(e.runId));
    stream.on('tool_call_finished', (e) => ids.add(e.runId));
    const result = await stream.result;
    expect(result.runId).toBe('run_given');
    expect(seen).toBe('run_given');
    expect([...ids]).toEqual(['run_given']);
  });

  it('refuses a runner without both functions, and an empty runId, before any request', async () => {
    const agent = createAgent({ model: 'gpt-test', client });
    await expect(agent.run('Hi', { steps: { modelTurn: () => Promise.reject() } as any })).rejects.toThrow(
      InputError,
    );
    await expect(agent.run('Hi', { runId: '  ' })).rejects.toThrow(/`runId` must be a non-empty string/);
    expect(createBodies(emu)).toHaveLength(0);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool, runTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createAgent,
  createConversation,
  RunAbortedError,
  type RunEvent,
  RunState,
  RunStateTamperedError,
} from '../src/index.js';
import { clerkAgents } from './fixtures/clerk-agents.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/nested-resume-child.ts', import.meta.url));

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const desk = { match: { model: 'desk-model' } };
const clerk = { match: { model: 'clerk-model' } };

function researchAgents() {
  const research = createAgent({
    name: 'research',
    description: 'Looks things up.',
    instructions: 'You research.',
    model: 'research-model',
    client,
    tools: [getWeather],
  });
  const main = createAgent({
    name: 'main',
    instructions: 'You answer.',
    model: 'main-model',
    client,
    tools: [research.asTool({ name: 'research' })],
  });
  return { research, main };
}

describe('agents as tools', () => {
  it("runs the agent inside the call: its events reach the parent's stream one level deeper, its usage adds up", async () => {
    const { main } = researchAgents();
    emu.enqueue(
      reply.toolCall('research', { input: 'Weather in Paris?' }, { match: { model: 'main-model' } }),
      reply.toolCall('get_weather', { city: 'Paris' }, { match: { model: 'research-model' } }),
      reply.text('Paris: 18 degrees, clear.', { match: { model: 'research-model' } }),
      reply.text('It is 18 degrees in Paris.', { match: { model: 'main-model' } }),
    );
    const stream = main.stream('What is it like in Paris?');
    const events: RunEvent[] = [];
    for (const type of [
      'turn_started',
      'tool_call_started',
      'tool_call_finished',
      'text_delta',
      'run_finished',
    ] as const) {
      stream.on(type, (e) => events.push(e));
    }
    const result = await stream.result;
    expect(result.finalOutput).toBe('It is 18 degrees in Paris.');
    const bodies = createBodies(emu);
    expect(bodies.map((b) => b.model)).toEqual([
      'main-model',
      'research-model',
      'research-model',
      'main-model',
    ]);
    expect(bodies[1].instructions).toBe('You research.');
    expect(bodies[1].input).toEqual([{ type: 'message', role: 'user', content: 'Weather in Paris?' }]);
    expect(bodies[3].input[0]).toMatchObject({
      type: 'function_call_output',
      output: 'Paris: 18 degrees, clear.',
    });
    const seen = events.filter((e) => e.type !== 'text_delta').map((e) => `${e.type}:${e.agent}:${e.depth}`);
    expect(seen).toEqual([
      'turn_started:main:0',
      'tool_call_started:main:0',
      'turn_started:research:1',
      'tool_call_started:research:1',
      'tool_call_finished:research:1',
      'turn_started:research:1',
      'run_finished:research:1',
      'tool_call_finished:main:0',
      'turn_started:main:0',
      'run_finished:main:0',
    ]);
    const subRun = events.find((e) => e.agent === 'research')!.runId;
    expect(subRun).not.toBe(result.runId);
    expect(result.usage.requests).toBe(4);
    const own = result.responses.reduce((n, r) => n + r.usage!.total_tokens, 0);
    expect(result.usage.totalTokens).toBeGreaterThan(own);
  });

  it('gives the model the JSON of a typed answer, and takes a custom input and prompt', async () => {
    const quote = createAgent({
      name: 'quote',
      model: 'quote-model',
      client,
      output: z.object({ price: z.number() }),
    });
    const main = createAgent({
      name: 'main',
      model: 'main-model',
      client,
      tools: [
        quote.asTool({
          name: 'get_quote',
          description: 'Prices a product.',
          input: z.object({ product: z.string(), quantity: z.number() }),
          prompt: ({ product, quantity }) => `Price ${quantity} × ${product}.`,
        }),
      ],
    });
    emu.enqueue(
      reply.toolCall('get_quote', { product: 'desk', quantity: 2 }, { match: { model: 'main-model' } }),
      reply.text('{"price":300}', { match: { model: 'quote-model' } }),
      reply.text('That is 300.', { match: { model: 'main-model' } }),
    );
    await main.run('Two desks?');
    const bodies = createBodies(emu);
    expect(bodies[1].input[0].content).toBe('Price 2 × desk.');
    expect(bodies[2].input[0].output).toBe('{"price":300}');
  });

  it('shares the parent conversation strategy with the agent it runs', async () => {
    const { main } = researchAgents();
    emu.enqueue(
      reply.toolCall('research', { input: 'x' }, { match: { model: 'main-model' } }),
      reply.text('y', { match: { model: 'research-model' } }),
      reply.text('z', { match: { model: 'main-model' } }),
    );
    await main.run('Go', { conversation: createConversation({ strategy: 'stateless' }) });
    expect(createBodies(emu).map((b) => b.store)).toEqual([false, false, false]);
  });

  it('tells the model when the agent fails, and still counts its usage', async () => {
    const looping = createAgent({
      name: 'looping',
      description: 'Loops.',
      model: 'loop-model',
      client,
      tools: [getWeather],
      maxTurns: 1,
    });
    const main = createAgent({
      name: 'main',
      model: 'main-model',
      client,
      tools: [looping.asTool({ name: 'loop' })],
    });
    emu.enqueue(
      reply.toolCall('loop', { input: 'go' }, { match: { model: 'main-model' } }),
      reply.toolCall('get_weather', { city: 'Oslo' }, { match: { model: 'loop-model' } }),
      reply.text('The helper gave up.', { match: { model: 'main-model' } }),
    );
    const result = await main.run('Try');
    expect(result.finalOutput).toBe('The helper gave up.');
    expect(createBodies(emu)[2].input[0].output).toMatch(
      /^Error: tool "loop" failed: The run used all 1 turns/,
    );
    expect(result.usage.requests).toBe(3);
  });

  it("cancels the agent's run and its tools when the parent run is aborted", async () => {
    const seen = { aborted: false };
    const controller = new AbortController();
    const wait = defineTool({
      name: 'wait',
      description: 'Waits until cancelled.',
      input: z.object({}),
      execute: (_input, { signal }) =>
        new Promise<string>((resolve) => {
          signal.addEventListener('abort', () => {
            seen.aborted = true;
            resolve('cancelled');
          });
          controller.abort(new Error('user left'));
        }),
    });
    const slow = createAgent({
      name: 'slow',
      description: 'Slow.',
      model: 'slow-model',
      client,
      tools: [wait],
    });
    const main = createAgent({
      name: 'main',
      model: 'main-model',
      client,
      tools: [slow.asTool({ name: 'slow' })],
    });
    emu.enqueue(
      reply.toolCall('slow', { input: 'go' }, { match: { model: 'main-model' } }),
      reply.toolCall('wait', {}, { match: { model: 'slow-model' } }),
    );
    const error = await main.run('Go', { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect(seen.aborted).toBe(true);
  });

  it('runs as a plain tool outside a run too', async () => {
    const { research } = researchAgents();
    emu.enqueue(reply.text('Found it.'));
    const tool = research.asTool({ name: 'research' });
    const result = await runTool(tool, '{"input":"Find it"}', {
      signal: new AbortController().signal,
      callId: 'call_1',
      toolName: 'research',
      runId: 'r',
      turn: 1,
      deps: undefined,
    });
    expect(result).toEqual({ ok: true, output: 'Found it.' });
  });

  it('refuses an agent tool without a description', () => {
    const bare = createAgent({ name: 'bare', model: 'm' });
    expect(() => bare.asTool({ name: 'bare' })).toThrow(ConfigurationError);
    expect(() => bare.asTool({ name: 'bare' })).toThrow(/needs a `description`/);
  });
});

describe('approvals inside an agent run as a tool', () => {
  function script() {
    emu.enqueue(
      reply.toolCall('ask_clerk', { input: 'Delete INV-9' }, desk),
      reply.toolCall('delete_invoice', { number: 'INV-9' }, clerk),
      reply.text('INV-9 is gone.', { match: { model: 'clerk-model', toolOutputFor: 'delete_invoice' } }),
      reply.text('The clerk deleted INV-9.', { match: { model: 'desk-model', toolOutputFor: 'ask_clerk' } }),
    );
  }

  for (const strategy of ['server', 'stateless'] as const) {
    it(`pause the whole run and resume it exactly where it stopped, ${strategy} strategy`, async () => {
      script();
      const { desk: agent } = clerkAgents(createAgent, client, strategy);
      const paused = await agent.run('Please delete INV-9');
      expect(paused.status).toBe('interrupted');
      expect(paused.interruptions).toEqual([
        {
          kind: 'function',
          id: expect.any(String),
          toolName: 'delete_invoice',
          arguments: '{"number":"INV-9"}',
          agent: 'clerk',
        },
      ]);
      const state = paused.state!;
      expect(state.nested).toHaveLength(1);
      expect(state.nested[0]).toMatchObject({ toolName: 'ask_clerk', agent: 'desk' });
      expect(state.nested[0]!.state.agentName).toBe('clerk');
      expect(paused.conversation.unansweredCalls.map((c) => c.name)).toEqual(['ask_clerk']);
      expect(createBodies(emu)).toHaveLength(2);

      const restored = RunState.fromJSON(JSON.stringify(state));
      const { desk: again } = clerkAgents(createAgent, client, strategy);
      const done = await again.run(restored.withDecisions({ [paused.interruptions[0]!.id]: true }));
      expect(done.status).toBe('completed');
      expect(done.finalOutput).toBe('The clerk deleted INV-9.');
      const bodies = createBodies(emu);
      expect(bodies).toHaveLength(4);
      expect(bodies[2].model).toBe('clerk-model');
      expect(bodies[2].input.at(-1)).toMatchObject({ type: 'function_call_output', output: 'deleted INV-9' });
      expect(bodies[3].model).toBe('desk-model');
      expect(bodies[3].input.at(-1)).toMatchObject({
        type: 'function_call_output',
        output: 'INV-9 is gone.',
      });
    });
  }

  it('tells the clerk the call was not approved when it is rejected', async () => {
    emu.enqueue(
      reply.toolCall('ask_clerk', { input: 'Delete INV-9' }, desk),
      reply.toolCall('delete_invoice', { number: 'INV-9' }, clerk),
      reply.text('I was not allowed.', clerk),
      reply.text('Not deleted.', desk),
    );
    const { desk: agent } = clerkAgents(createAgent, client);
    const paused = await agent.run('Delete INV-9');
    const done = await agent.run(
      paused.state!.withDecisions({ [paused.interruptions[0]!.id]: { approve: false, reason: 'audit' } }),
    );
    expect(done.finalOutput).toBe('Not deleted.');
    expect(createBodies(emu)[2].input.at(-1).output).toBe(
      'The call was not approved: audit Do not try it again unless asked.',
    );
  });

  it('stays paused, with a new state, when the nested request gets no decision', async () => {
    script();
    const { desk: agent } = clerkAgents(createAgent, client);
    const paused = await agent.run('Delete INV-9');
    const again = await agent.run(paused.state!.withDecisions({}));
    expect(again.status).toBe('interrupted');
    expect(again.interruptions.map((r) => r.id)).toEqual(paused.interruptions.map((r) => r.id));
    expect(again.state!.resumeToken).not.toBe(paused.state!.resumeToken);
    expect(createBodies(emu)).toHaveLength(2);
  });

  it('resume in another process from the saved state', async () => {
    script();
    const { desk: agent } = clerkAgents(createAgent, client);
    const paused = await agent.run('Please delete INV-9');
    const dir = await mkdtemp(join(tmpdir(), 'nested-resume-'));
    const file = join(dir, 'state.json');
    await writeFile(file, JSON.stringify(paused.state));
    const { stdout } = await run(
      process.execPath,
      [child, file, JSON.stringify({ [paused.interruptions[0]!.id]: true })],
      {
        env: { ...process.env, EMULATOR_URL: emu.url },
        timeout: 30_000,
      },
    );
    // The resumed run counts its own requests: the clerk's resumed turn and the desk's next one.
    expect(JSON.parse(stdout)).toEqual({
      status: 'completed',
      output: 'The clerk deleted INV-9.',
      requests: 2,
    });
    expect(createBodies(emu).map((b) => b.model)).toEqual([
      'desk-model',
      'clerk-model',
      'clerk-model',
      'desk-model',
    ]);
  });

  it('refuses a state whose nested run names a call the model did not make with that tool, running nothing', async () => {
    script();
    const { desk: agent } = clerkAgents(createAgent, client);
    const paused = await agent.run('Delete INV-9');
    const json = JSON.parse(JSON.stringify(paused.state));
    json.nested[0].toolName = 'delete_everything';
    const state = RunState.fromJSON(json);
    const error = await agent
      .run(state.withDecisions({ [paused.interruptions[0]!.id]: true }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(RunStateTamperedError);
    expect(createBodies(emu)).toHaveLength(2);
  });

  it('refuses a state whose nested approval is not among its approvals', () => {
    const json = {
      kind: 'turnkit.run_state',
      schemaVersion: 3,
      agentName: 'desk',
      runId: 'run_1',
      resumeToken: 'rt_1',
      turns: 1,
      usage: {
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        cachedInputTokens: 0,
        reasoningTokens: 0,
        requests: 0,
      },
      approvals: [],
      conversation: {
        schemaVersion: 1,
        strategy: 'server',
        lastResponseId: null,
        history: [],
        pending: [],
        unanswered: [],
      },
      nested: [
        {
          callId: 'call_p',
          toolName: 'ask_clerk',
          agent: 'desk',
          state: {
            kind: 'turnkit.run_state',
            schemaVersion: 3,
            agentName: 'clerk',
            runId: 'run_2',
            resumeToken: 'rt_2',
            turns: 1,
            usage: {
              inputTokens: 0,
              outputTokens: 0,
              totalTokens: 0,
              cachedInputTokens: 0,
              reasoningTokens: 0,
              requests: 0,
            },
            approvals: [{ kind: 'function', id: 'call_x', toolName: 'delete_invoice', arguments: '{}' }],
            conversation: {
              schemaVersion: 1,
              strategy: 'server',
              lastResponseId: null,
              history: [],
              pending: [],
              unanswered: [],
            },
            nested: [],
          },
        },
      ],
    };
    expect(() => RunState.fromJSON(json)).toThrow(
      /damaged at nested\.0\.state\.approvals: the nested approval "call_x" is not among the state's approvals/,
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  Conversation,
  createAgent,
  createConversation,
  createFileSession,
  createMemorySession,
  InputError,
  RunState,
  RunStateConsumedError,
} from '../src/index.js';
import { createBodies, useEmulator } from './helpers.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/race-resume-child.ts', import.meta.url));

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

function payTool(log: string[]) {
  return defineTool({
    name: 'pay',
    description: 'Pay an amount.',
    input: z.object({ amount: z.number() }),
    needsApproval: true,
    execute: ({ amount }) => {
      log.push(`paid ${amount}`);
      return `paid ${amount}`;
    },
  });
}

async function paused(log: string[], options: { conversation?: Conversation } = {}) {
  emu.enqueue(reply.toolCall('pay', { amount: 500 }), reply.text('Paid.'));
  const agent = createAgent({ name: 'billing', model: 'm', client, tools: [payTool(log)] });
  const result = await agent.run('Pay 500', options);
  expect(result.status).toBe('interrupted');
  return { agent, state: result.state!, id: result.interruptions[0]!.id };
}

describe('a resume input is single-use', () => {
  it('refuses a second resume of the same state object, and the tool ran once', async () => {
    const log: string[] = [];
    const { agent, state, id } = await paused(log);
    const input = state.withDecisions({ [id]: true });
    expect((await agent.run(input)).status).toBe('completed');
    const second = agent.run(input);
    await expect(second).rejects.toBeInstanceOf(RunStateConsumedError);
    await expect(second).rejects.toMatchObject({ code: 'run_state_consumed', runId: state.runId });
    await expect(second).rejects.toThrow(/already resumed/);
    expect(log).toEqual(['paid 500']);
    expect(state.consumed).toBe(true);
    expect(createBodies(emu)).toHaveLength(2);
  });

  it('refuses another resume input made from the same state', async () => {
    const log: string[] = [];
    const { agent, state, id } = await paused(log);
    const approve = state.withDecisions({ [id]: true });
    const reject = state.withDecisions({ [id]: false });
    await agent.run(approve);
    await expect(agent.run(reject)).rejects.toBeInstanceOf(RunStateConsumedError);
    expect(() => state.withDecisions({ [id]: true })).toThrow(RunStateConsumedError);
    expect(log).toEqual(['paid 500']);
  });

  it('refuses a second resume started while the first still runs', async () => {
    const log: string[] = [];
    const { agent, state, id } = await paused(log);
    const input = state.withDecisions({ [id]: true });
    const results = await Promise.allSettled([agent.run(input), agent.run(input)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(RunStateConsumedError);
    expect(log).toEqual(['paid 500']);
  });

  it('resumes a new state made by a resume that stayed interrupted', async () => {
    const log: string[] = [];
    const { agent, state, id } = await paused(log);
    const again = await agent.run(state.withDecisions({}));
    expect(again.status).toBe('interrupted');
    expect(again.state!.resumeToken).not.toBe(state.resumeToken);
    expect((await agent.run(again.state!.withDecisions({ [id]: true }))).status).toBe('completed');
    expect(log).toEqual(['paid 500']);
  });

  it('keeps a state usable when its resume was refused before anything ran', async () => {
    const log: string[] = [];
    const { agent, state, id } = await paused(log);
    const other = createAgent({ name: 'support', model: 'm', client, tools: [payTool(log)] });
    await expect(other.run(state.withDecisions({ [id]: true }))).rejects.toBeInstanceOf(InputError);
    expect(state.consumed).toBe(false);
    const clientless = createAgent({ name: 'billing', model: 'm', tools: [payTool(log)] });
    await expect(clientless.run(state.withDecisions({ [id]: true }))).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(state.consumed).toBe(false);
    expect((await agent.run(state.withDecisions({ [id]: true }))).status).toBe('completed');
    expect(log).toEqual(['paid 500']);
  });

  it('refuses the same saved state loaded twice when the session claims each resume', async () => {
    const log: string[] = [];
    const session = createMemorySession();
    const conversation = createConversation({ session });
    const { agent, state, id } = await paused(log, { conversation });
    const json = JSON.stringify(state);
    const first = RunState.fromJSON(json, { session });
    const second = RunState.fromJSON(json, { session });
    expect(first.resumeToken).toBe(second.resumeToken);
    expect((await agent.run(first.withDecisions({ [id]: true }))).status).toBe('completed');
    const before = session.entries.length;
    await expect(agent.run(second.withDecisions({ [id]: true }))).rejects.toThrow(
      /another process or state object/,
    );
    expect(session.entries.length).toBe(before);
    expect(log).toEqual(['paid 500']);
  });
});

describe('two processes racing to resume one saved state', () => {
  it('runs the tool in exactly one of them; the other gets run_state_consumed and changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'turnkit-race-'));
    const sessionFile = join(dir, 'chat.jsonl');
    const stateFile = join(dir, 'state.json');
    const execLog = join(dir, 'executions.log');
    await writeFile(execLog, '');
    const conversation = createConversation({
      strategy: 'stateless',
      session: createFileSession(sessionFile),
    });
    emu.enqueue(reply.toolCall('pay', { amount: 700 }));
    const agent = createAgent({
      name: 'billing',
      model: 'm',
      client,
      tools: [payTool([])],
      strategy: 'stateless',
    });
    const result = await agent.run('Pay 700', { conversation });
    expect(result.status).toBe('interrupted');
    await writeFile(stateFile, JSON.stringify(result.state));
    emu.enqueue(reply.text('Paid 700.'));

    const race = () =>
      run(process.execPath, [child, stateFile, sessionFile, execLog], {
        env: { ...process.env, EMULATOR_URL: emu.url },
        timeout: 30_000,
      }).then(({ stdout }) => JSON.parse(stdout));
    const outcomes = await Promise.all([race(), race()]);
    expect(outcomes).toEqual(
      expect.arrayContaining([{ status: 'completed' }, { error: 'run_state_consumed' }]),
    );
    const executions = (await readFile(execLog, 'utf8')).split('\n').filter(Boolean);
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatch(/^paid 700 in \d+$/);
    expect(createBodies(emu)).toHaveLength(2);
    const restored = await Conversation.resume(createFileSession(sessionFile), { strategy: 'stateless' });
    const outputs = restored.history.filter((i) => i.type === 'function_call_output');
    expect(outputs).toHaveLength(1);
    expect(restored.pending).toEqual([]);
  }, 60_000);
});

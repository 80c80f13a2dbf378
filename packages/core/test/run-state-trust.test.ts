import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createAgent,
  openRunState,
  RunState,
  RunStateTamperedError,
  sealRunState,
} from '../src/index.js';
import { createBodies, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const KEY = 'a developer key of at least 32 bytes, kept out of the state';

function tools(log: string[]) {
  const run = (name: string) => (input: unknown) => {
    log.push(`${name} ${JSON.stringify(input)}`);
    return 'done';
  };
  return [
    defineTool({
      name: 'pay',
      description: 'Pay an amount.',
      input: z.object({ amount: z.number() }),
      needsApproval: true,
      execute: run('pay'),
    }),
    defineTool({
      name: 'refund',
      description: 'Refund an amount.',
      input: z.object({ amount: z.number() }),
      needsApproval: true,
      execute: run('refund'),
    }),
  ];
}

async function pausedAt(strategy: 'server' | 'stateless', log: string[]) {
  emu.enqueue(reply.toolCall('pay', { amount: 5 }), reply.text('Paid.'));
  const agent = createAgent({ name: 'billing', model: 'm', client, tools: tools(log), strategy });
  const result = await agent.run('Pay 5');
  expect(result.status).toBe('interrupted');
  return { agent, state: result.state!, json: result.state!.toJSON() };
}

const approveAll = (state: RunState) =>
  state.withDecisions(Object.fromEntries(state.approvals.map((a) => [a.id, true])));

for (const strategy of ['server', 'stateless'] as const) {
  describe(`a run state authorizes only what the model asked for (${strategy})`, () => {
    it('refuses a state whose approval carries other arguments than the model call', async () => {
      const log: string[] = [];
      const { agent, json } = await pausedAt(strategy, log);
      json.approvals[0]!.arguments = '{"amount":99999}';
      const resumed = agent.run(approveAll(RunState.fromJSON(json)));
      await expect(resumed).rejects.toBeInstanceOf(RunStateTamperedError);
      await expect(resumed).rejects.toMatchObject({
        code: 'run_state_tampered',
        reason: 'approval_mismatch',
        approvalId: json.approvals[0]!.id,
      });
      await expect(resumed).rejects.toThrow(/arguments/);
      expect(log).toEqual([]);
      expect(createBodies(emu)).toHaveLength(1);
    });

    it('refuses a state whose approval names another tool than the model call', async () => {
      const log: string[] = [];
      const { agent, json } = await pausedAt(strategy, log);
      json.approvals[0]!.toolName = 'refund';
      await expect(agent.run(approveAll(RunState.fromJSON(json)))).rejects.toThrow(
        /"refund".*model asked for "pay"/,
      );
      expect(log).toEqual([]);
    });

    it('refuses an approval for a call the model never made', async () => {
      const log: string[] = [];
      const { agent, json } = await pausedAt(strategy, log);
      json.approvals.push({
        kind: 'function',
        id: 'call_forged',
        toolName: 'refund',
        arguments: '{"amount":1}',
      });
      const resumed = agent.run(approveAll(RunState.fromJSON(json)));
      await expect(resumed).rejects.toMatchObject({ reason: 'unknown_call', approvalId: 'call_forged' });
      expect(log).toEqual([]);
    });

    it('runs exactly the call the model made', async () => {
      const log: string[] = [];
      const { agent, json } = await pausedAt(strategy, log);
      const done = await agent.run(approveAll(RunState.fromJSON(json)));
      expect(done.status).toBe('completed');
      expect(log).toEqual(['pay {"amount":5}']);
    });
  });
}

describe('sealed run states', () => {
  it('round-trips a sealed state with the key and resumes it', async () => {
    const log: string[] = [];
    const { agent, state } = await pausedAt('stateless', log);
    const text = JSON.stringify(sealRunState(state, KEY));
    expect(JSON.parse(text)).toMatchObject({ kind: 'turnkit.sealed_run_state', alg: 'HMAC-SHA256' });
    const opened = openRunState(text, { key: KEY });
    expect(opened.toJSON()).toEqual(state.toJSON());
    expect((await agent.run(approveAll(opened))).status).toBe('completed');
    expect(log).toEqual(['pay {"amount":5}']);
  });

  it('refuses a sealed state with one byte of the arguments changed', async () => {
    const { state } = await pausedAt('stateless', []);
    const text = JSON.stringify(sealRunState(state, KEY));
    // Change the approval and the model's own call alike, so only the seal can tell.
    const edited = text.replaceAll('{\\"amount\\":5}', '{\\"amount\\":6}');
    expect(edited).not.toBe(text);
    expect(() => openRunState(edited, { key: KEY })).toThrow(RunStateTamperedError);
    expect(() => openRunState(edited, { key: KEY })).toThrow(/does not match its seal/);
    // Unsealed, the same consistent edit is not detectable: that is what the key is for.
    const plain = JSON.parse(edited).state;
    expect(RunState.fromJSON(plain).approvals[0]!.arguments).toBe('{"amount":6}');
  });

  it('refuses a sealed state with one byte of any conversation item changed', async () => {
    const { state } = await pausedAt('stateless', []);
    const text = JSON.stringify(sealRunState(state, KEY));
    const edited = text.replace('Pay 5', 'Pay 6');
    expect(edited).not.toBe(text);
    expect(() => openRunState(edited, { key: KEY })).toThrow(RunStateTamperedError);
  });

  it('refuses an unsealed state, a wrong key, a short key and a sealed state read without its key', async () => {
    const { state } = await pausedAt('stateless', []);
    const sealed = sealRunState(state, KEY);
    expect(() => openRunState(JSON.stringify(state), { key: KEY })).toThrow(/not sealed/);
    expect(() => openRunState(JSON.stringify(state), { key: KEY })).toThrow(
      expect.objectContaining({ reason: 'unsealed' }),
    );
    expect(() => openRunState(sealed, { key: `${KEY}!` })).toThrow(/does not match its seal/);
    expect(() => sealRunState(state, 'short')).toThrow(ConfigurationError);
    expect(() => openRunState(sealed, { key: new Uint8Array(8) })).toThrow(/at least 32 bytes/);
    expect(() => RunState.fromJSON(sealed)).toThrow(/openRunState/);
    expect(JSON.stringify(sealed)).not.toContain(KEY);
  });
});

describe('run state validation', () => {
  it('refuses negative or fractional usage, naming the field', async () => {
    const { json } = await pausedAt('stateless', []);
    expect(() => RunState.fromJSON({ ...json, usage: { ...json.usage, inputTokens: -1 } })).toThrow(
      /usage\.inputTokens/,
    );
    expect(() => RunState.fromJSON({ ...json, usage: { ...json.usage, requests: 1.5 } })).toThrow(
      /usage\.requests/,
    );
  });

  it('refuses unknown fields in the state, its approvals and its conversation, but keeps items as sent', async () => {
    const { json } = await pausedAt('stateless', []);
    expect(() => RunState.fromJSON({ ...json, admin: true })).toThrow(/unknown field "admin"/);
    expect(() =>
      RunState.fromJSON({ ...json, approvals: [{ ...json.approvals[0]!, approved: true }] }),
    ).toThrow(/approvals\.0.*unknown field "approved"/);
    expect(() =>
      RunState.fromJSON({ ...json, conversation: { ...json.conversation, extra: 1 } as never }),
    ).toThrow(/conversation.*unknown field "extra"/);
    const history = json.conversation.history.map((i) => ({ ...i, x_note: 'kept' }));
    const state = RunState.fromJSON({ ...json, conversation: { ...json.conversation, history } });
    expect(state.conversation.history[0]).toMatchObject({ x_note: 'kept' });
  });
});

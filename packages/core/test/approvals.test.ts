import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError, createAgent, RUN_STATE_VERSION, type RunEvent, RunState } from '../src/index.js';
import { deleteInvoice } from './fixtures/invoice-tools.js';
import { createBodies, useEmulator } from './helpers.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/approve-child.ts', import.meta.url));

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const creates = () => createBodies(emu);

function payTool(log: string[]) {
  return defineTool({
    name: 'pay',
    description: 'Pay an amount.',
    input: z.object({ amount: z.number() }),
    needsApproval: ({ amount }) => amount > 100,
    execute: ({ amount }) => {
      log.push(`paid ${amount}`);
      return `paid ${amount}`;
    },
  });
}

for (const strategy of ['server', 'stateless'] as const) {
  describe(`approvals of function tools (${strategy})`, () => {
    it('pauses before a tool that needs approval, then runs it once approved', async () => {
      emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-7' }), reply.text('INV-7 is gone.'));
      const agent = createAgent({ name: 'billing', model: 'm', client, tools: [deleteInvoice], strategy });
      const events: RunEvent[] = [];
      const stream = agent.stream('Delete INV-7');
      stream.on('approval_requested', (e) => events.push(e));
      const paused = await stream.result;
      expect(paused.status).toBe('interrupted');
      expect(emu.requests).toHaveLength(1);
      const [request] = paused.interruptions;
      expect(request).toMatchObject({
        kind: 'function',
        toolName: 'delete_invoice',
        arguments: '{"number":"INV-7"}',
      });
      expect(events).toHaveLength(1);

      const state = RunState.fromJSON(JSON.parse(JSON.stringify(paused.state)));
      const done = await agent.run(state.withDecisions({ [request!.id]: true }));
      expect(done.status).toBe('completed');
      expect(done.output).toBe('INV-7 is gone.');
      const second = creates()[1];
      const outputs = second.input.filter((i: any) => i.type === 'function_call_output');
      expect(outputs).toEqual([
        { type: 'function_call_output', call_id: request!.id, output: 'deleted INV-7' },
      ]);
      const ids = second.input.filter((i: any) => i.id).map((i: any) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('tells the model the reason of a rejection, and never runs the tool', async () => {
      const log: string[] = [];
      emu.enqueue(reply.toolCall('pay', { amount: 500 }), reply.text('Understood, no payment.'));
      const agent = createAgent({ name: 'billing', model: 'm', client, tools: [payTool(log)], strategy });
      const paused = await agent.run('Pay 500');
      const id = paused.interruptions[0]!.id;
      const done = await agent.run(
        paused.state!.withDecisions({ [id]: { approve: false, reason: 'over budget' } }),
      );
      expect(done.status).toBe('completed');
      expect(log).toEqual([]);
      const output = creates()[1].input.find((i: any) => i.type === 'function_call_output');
      expect(output.output).toMatch(/not approved: over budget/);
    });
  });
}

describe('approval policies', () => {
  it('asks only when needsApproval says so for these arguments', async () => {
    const log: string[] = [];
    emu.enqueue(reply.toolCall('pay', { amount: 20 }), reply.text('Paid.'));
    const result = await createAgent({ model: 'm', client, tools: [payTool(log)] }).run('Pay 20');
    expect(result.status).toBe('completed');
    expect(log).toEqual(['paid 20']);
  });

  it('runs a tool on the allow list and rejects one on the deny list without asking', async () => {
    const log: string[] = [];
    emu.enqueue(
      reply.toolCalls([
        { name: 'pay', arguments: { amount: 900 } },
        { name: 'delete_invoice', arguments: { number: 'INV-1' } },
      ]),
      reply.text('ok'),
    );
    const agent = createAgent({
      model: 'm',
      client,
      tools: [payTool(log), deleteInvoice],
      approval: { allow: ['pay'], deny: ['delete_invoice'] },
    });
    const decided: RunEvent[] = [];
    const stream = agent.stream('go');
    stream.on('approval_decided', (e) => decided.push(e));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(log).toEqual(['paid 900']);
    expect(decided.map((e: any) => [e.request.toolName, e.approve, e.by])).toEqual([
      ['pay', true, 'allow_list'],
      ['delete_invoice', false, 'deny_list'],
    ]);
    const outputs = creates()[1].input.map((i: any) => i.output);
    expect(outputs[1]).toMatch(/deny list/);
  });

  it('asks an async approver, and a run approver before the agent one', async () => {
    const asked: string[] = [];
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-2' }), reply.text('ok'));
    const agent = createAgent({
      model: 'm',
      client,
      tools: [deleteInvoice],
      approval: {
        approver: async () => {
          asked.push('agent');
          return false;
        },
      },
    });
    const result = await agent.run('go', {
      approver: async (request) => {
        asked.push(`run:${request.toolName}`);
        await new Promise((r) => setTimeout(r, 5));
        return { approve: true };
      },
    });
    expect(result.status).toBe('completed');
    expect(asked).toEqual(['run:delete_invoice']);
  });

  it('interrupts when every approver declines to decide', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-3' }));
    const result = await createAgent({ model: 'm', client, tools: [deleteInvoice] }).run('go', {
      approver: () => undefined,
    });
    expect(result.status).toBe('interrupted');
  });

  it('stays interrupted when resumed without a decision, sending nothing', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-4' }));
    const agent = createAgent({ model: 'm', client, tools: [deleteInvoice] });
    const paused = await agent.run('go');
    const again = await agent.run(paused.state!.withDecisions({}));
    expect(again.status).toBe('interrupted');
    expect(again.interruptions).toEqual(paused.interruptions);
    expect(creates()).toHaveLength(1);
  });
});

describe('run state', () => {
  it('resumes in another process and completes', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-9' }), reply.text('Deleted INV-9.'));
    const agent = createAgent({
      name: 'billing',
      model: 'm',
      client,
      tools: [deleteInvoice],
      strategy: 'stateless',
    });
    const paused = await agent.run('Delete INV-9');
    const dir = await mkdtemp(join(tmpdir(), 'turnkit-state-'));
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
    expect(JSON.parse(stdout)).toEqual({ status: 'completed', output: 'Deleted INV-9.' });
  });

  it('refuses a damaged, foreign or newer state with a clear error', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-5' }));
    const paused = await createAgent({ model: 'm', client, tools: [deleteInvoice] }).run('go');
    const json = paused.state!.toJSON();
    expect(() => RunState.fromJSON('{not json')).toThrow(/not valid JSON/);
    expect(() => RunState.fromJSON({ hello: 'world' })).toThrow(/not a turnkit run state/);
    expect(() => RunState.fromJSON({ ...json, schemaVersion: RUN_STATE_VERSION + 1 })).toThrow(
      new RegExp(`newer turnkit \\(schemaVersion ${RUN_STATE_VERSION + 1}\\)`),
    );
    expect(() => RunState.fromJSON({ ...json, approvals: [{ id: 3 }] })).toThrow(/damaged at approvals\.0/);
    expect(() => RunState.fromJSON({ ...json, schemaVersion: 0 })).toThrow(ConfigurationError);
    expect(() => paused.state!.withDecisions({ nope: true })).toThrow(/No approval "nope"/);
    expect(() => paused.state!.withDecisions({ [paused.interruptions[0]!.id]: 'yes' as any })).toThrow(
      /true, false/,
    );
  });

  it('refuses to resume under another agent', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-6' }));
    const paused = await createAgent({ name: 'billing', model: 'm', client, tools: [deleteInvoice] }).run(
      'go',
    );
    const other = createAgent({ name: 'support', model: 'm', client, tools: [deleteInvoice] });
    await expect(other.run(paused.state!.withDecisions({}))).rejects.toThrow(
      /belongs to the agent "billing"/,
    );
  });
});

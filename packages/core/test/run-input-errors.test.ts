import type { Emulator } from '@turnkit/emulator';
import { reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAgent, InputError } from '../src/index.js';
import { deleteInvoice } from './fixtures/invoice-tools.js';
import { useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const agentOf = () => createAgent({ name: 'billing', model: 'm', client, tools: [deleteInvoice] });
const refused = (run: Promise<unknown>) =>
  run.then(
    () => expect.unreachable('the run was accepted'),
    (e) => e,
  );

describe('a run input that is not one says what it got and what to pass', () => {
  it('result.state of a completed run is undefined: says when it is set and how to continue', async () => {
    emu.enqueue(reply.text('done'));
    const agent = agentOf();
    const result = await agent.run('hello');
    expect(result.status).toBe('completed');
    const error = await refused(agent.run(result.state as never));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('got undefined');
    expect(error.message).toContain('only set when result.status is "interrupted"');
    expect(error.message).toContain('{ conversation: result.conversation }');
  });

  it('a RunState without decisions points to state.withDecisions and names the waiting approval', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-7' }));
    const agent = agentOf();
    const paused = await agent.run('Delete INV-7');
    expect(paused.status).toBe('interrupted');
    const error = await refused(agent.run(paused.state as never));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('got a RunState without decisions');
    expect(error.message).toContain('state.withDecisions(');
    expect(error.message).toContain(paused.interruptions[0]!.id);
    expect(emu.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it("a RunState's JSON points to RunState.fromJSON", async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-7' }));
    const agent = agentOf();
    const paused = await agent.run('Delete INV-7');
    const error = await refused(agent.run(JSON.parse(JSON.stringify(paused.state))));
    expect(error.message).toContain("got a RunState's JSON");
    expect(error.message).toContain('RunState.fromJSON');
  });

  it('a RunResult says its status and how to continue it', async () => {
    emu.enqueue(reply.text('done'));
    const agent = agentOf();
    const result = await agent.run('hello');
    const error = await refused(agent.run(result as never));
    expect(error.message).toContain('got a RunResult (status "completed")');
    expect(error.message).toContain('{ conversation: result.conversation }');
  });

  it('a Conversation says to pass it as the conversation option', async () => {
    emu.enqueue(reply.text('done'));
    const agent = agentOf();
    const result = await agent.run('hello');
    const error = await refused(agent.run(result.conversation as never));
    expect(error.message).toContain('got a Conversation');
    expect(error.message).toContain('{ conversation }');
  });

  it('a number names its type', async () => {
    const error = await refused(agentOf().run(42 as never));
    expect(error.message).toContain('got a number');
  });
});

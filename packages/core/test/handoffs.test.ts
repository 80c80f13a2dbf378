import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createAgent,
  createConversation,
  handoff,
  InputError,
  MaxTurnsExceededError,
  type RunEvent,
  RunFailedError,
  RunState,
  removeToolCalls,
} from '../src/index.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const lookupInvoice = defineTool({
  name: 'lookup_invoice',
  description: 'Look an invoice up.',
  input: z.object({ number: z.string() }),
  execute: ({ number }) => ({ number, total: 120, currency: 'EUR' }),
});

const refund = defineTool({
  name: 'refund_invoice',
  description: 'Refund an invoice.',
  input: z.object({ number: z.string() }),
  needsApproval: true,
  execute: ({ number }) => `Refunded ${number}.`,
});

function agents() {
  const billing = createAgent({
    name: 'billing',
    description: 'Invoices, payments and refunds.',
    instructions: 'You handle billing.',
    model: 'billing-model',
    tools: [lookupInvoice, refund],
    client,
  });
  const triage = createAgent({
    name: 'triage',
    instructions: 'You route the customer.',
    model: 'triage-model',
    tools: [getWeather],
    handoffs: [billing],
    client,
  });
  return { billing, triage };
}

describe('handoffs', () => {
  it('offers each handoff as a function tool, then continues with the agent handed to', async () => {
    const { triage, billing } = agents();
    emu.enqueue(
      reply.toolCall('transfer_to_billing', {}),
      reply.text('Invoice INV-7 is 120 EUR.', { match: { model: 'billing-model' } }),
    );
    const stream = triage.stream('How much is INV-7?');
    const events: RunEvent[] = [];
    stream.on('handoff', (e) => events.push(e));
    stream.on('turn_started', (e) => events.push(e));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('Invoice INV-7 is 120 EUR.');
    expect(result.lastAgent).toBe(billing);
    const [first, second] = createBodies(emu);
    expect(first.model).toBe('triage-model');
    expect(first.instructions).toBe('You route the customer.');
    expect(first.tools.map((t: any) => t.name)).toEqual(['get_weather', 'transfer_to_billing']);
    expect(first.tools[1]).toEqual({
      type: 'function',
      name: 'transfer_to_billing',
      description:
        'Hand the conversation to the agent "billing": Invoices, payments and refunds. Call it when that agent should answer.',
      parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
      strict: true,
    });
    expect(second.model).toBe('billing-model');
    expect(second.instructions).toBe('You handle billing.');
    expect(second.tools.map((t: any) => t.name)).toEqual(['lookup_invoice', 'refund_invoice']);
    // Server strategy: the same chain goes on, answering the handoff call.
    expect(second.previous_response_id).toBe(result.responses[0]!.id);
    expect(second.input).toEqual([
      { type: 'function_call_output', call_id: expect.any(String), output: 'Handed off to billing.' },
    ]);
    expect(events.map((e) => `${e.type}:${e.agent}`)).toEqual([
      'turn_started:triage',
      'handoff:triage',
      'turn_started:billing',
    ]);
    expect(events[1]).toMatchObject({
      from: 'triage',
      to: 'billing',
      toolName: 'transfer_to_billing',
      dropped: 0,
    });
  });

  it('sends the agent handed to the whole history in a stateless conversation', async () => {
    const { triage } = agents();
    emu.enqueue(reply.toolCall('transfer_to_billing', {}), reply.text('Sure.'));
    const conversation = createConversation({ strategy: 'stateless' });
    await triage.run('Refund please', { conversation });
    const [, second] = createBodies(emu);
    expect(second.store).toBe(false);
    expect(second.input.map((i: any) => i.type ?? i.role)).toEqual([
      'message',
      'function_call',
      'function_call_output',
    ]);
  });

  it('runs the other calls of the turn, then hands off; a second handoff call of the turn is answered, not followed', async () => {
    const research = createAgent({
      name: 'research',
      instructions: 'Research.',
      model: 'research-model',
      client,
    });
    const { billing } = agents();
    const triage = createAgent({
      name: 'triage',
      model: 'triage-model',
      client,
      tools: [getWeather],
      handoffs: [billing, research],
    });
    emu.enqueue(
      reply.toolCalls([
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'transfer_to_billing', arguments: {} },
        { name: 'transfer_to_research', arguments: {} },
      ]),
      reply.text('Billing here.'),
    );
    const result = await triage.run('Weather, then my bill');
    expect(result.lastAgent.name).toBe('billing');
    const outputs = createBodies(emu)[1].input.map((i: any) => i.output);
    expect(outputs[0]).toContain('"temperature":18');
    expect(outputs[1]).toBe('Handed off to billing.');
    expect(outputs[2]).toBe('Not handed off: this turn handed the conversation to billing already.');
  });

  it('answers a call of an unknown handoff like any unknown tool, and the agent goes on', async () => {
    const { triage } = agents();
    emu.enqueue(reply.toolCall('transfer_to_legal', {}), reply.text('Let me help myself.'));
    const result = await triage.run('Sue them');
    expect(result.lastAgent.name).toBe('triage');
    expect(createBodies(emu)[1].input[0].output).toBe(
      'Error: there is no tool named "transfer_to_legal". Available tools: get_weather.',
    );
    expect(createBodies(emu)[1].model).toBe('triage-model');
  });

  it('stops a cycle of handoffs at maxTurns with the agent it was at', async () => {
    let a: ReturnType<typeof createAgent> | undefined;
    const b = createAgent({ name: 'b', model: 'm', client, handoffs: [() => a!] });
    a = createAgent({ name: 'a', model: 'm', client, handoffs: [b], maxTurns: 3 });
    emu.enqueue(
      reply.toolCall('transfer_to_b', {}),
      reply.toolCall('transfer_to_a', {}),
      reply.toolCall('transfer_to_b', {}),
    );
    const error = await a.run('Ping').catch((e) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(error.partial.turns).toBe(3);
    expect(error.partial.lastAgent.name).toBe('b');
    expect(createBodies(emu).map((body) => body.tools.map((t: any) => t.name))).toEqual([
      ['transfer_to_b'],
      ['transfer_to_a'],
      ['transfer_to_b'],
    ]);
  });

  it('filters what the next agent sees, keeping it valid', async () => {
    const { billing } = agents();
    const triage = createAgent({
      name: 'triage',
      model: 'triage-model',
      client,
      tools: [getWeather],
      handoffs: [handoff(billing, { inputFilter: removeToolCalls })],
    });
    emu.enqueue(
      reply.toolCall('get_weather', { city: 'Paris' }),
      reply.items([
        { type: 'message', text: 'Passing you on.' },
        { type: 'function_call', name: 'transfer_to_billing', arguments: {} },
      ]),
      reply.text('Billing.'),
    );
    const events: RunEvent[] = [];
    const stream = triage.stream('Weather, then billing', {
      conversation: createConversation({ strategy: 'stateless' }),
    });
    stream.on('handoff', (e) => events.push(e));
    await stream.result;
    const third = createBodies(emu)[2];
    // Two messages: the user's, and the assistant's (sent in its short form, `content` a string).
    expect(third.input.map((i: any) => [i.type ?? 'message', i.role])).toEqual([
      ['message', 'user'],
      ['message', 'assistant'],
    ]);
    expect(third.input[1].content).toBe('Passing you on.');
    expect(events[0]).toMatchObject({ dropped: 4 });
  });

  it('drops an output whose call a filter removed, and a call whose output it removed', async () => {
    const { billing } = agents();
    const triage = createAgent({
      name: 'triage',
      model: 'triage-model',
      client,
      tools: [getWeather],
      handoffs: [
        handoff(billing, {
          inputFilter: ({ items }) =>
            items.filter((i: any) => !(i.type === 'function_call' && i.name === 'get_weather')),
        }),
      ],
    });
    emu.enqueue(
      reply.toolCall('get_weather', { city: 'Paris' }),
      reply.toolCall('transfer_to_billing', {}),
      reply.text('Hi.'),
    );
    await triage.run('Go', { conversation: createConversation({ strategy: 'stateless' }) });
    const third = createBodies(emu)[2];
    expect(
      third.input.filter((i: any) => i.type === 'function_call_output').map((i: any) => i.output),
    ).toEqual(['Handed off to billing.']);
  });

  it('starts a new chain from what the filter keeps with the server strategy', async () => {
    const { billing } = agents();
    const triage = createAgent({
      name: 'triage',
      model: 'triage-model',
      client,
      handoffs: [
        handoff(billing, { inputFilter: ({ items }) => items.filter((i: any) => i.role === 'user') }),
      ],
    });
    emu.enqueue(reply.toolCall('transfer_to_billing', {}), reply.text('Billing.'));
    const result = await triage.run('My bill');
    const second = createBodies(emu)[1];
    expect(second.previous_response_id).toBeUndefined();
    expect(second.input).toEqual([{ type: 'message', role: 'user', content: 'My bill' }]);
    expect(result.status).toBe('completed');
  });

  it('stops with RunFailedError when an input filter throws, the conversation left as it was', async () => {
    const { billing } = agents();
    const triage = createAgent({
      name: 'triage',
      model: 'm',
      client,
      handoffs: [
        handoff(billing, {
          inputFilter: () => {
            throw new Error('filter broke');
          },
        }),
      ],
    });
    emu.enqueue(reply.toolCall('transfer_to_billing', {}));
    const error = await triage.run('Bill').catch((e) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error.message).toContain('filter broke');
    expect(error.partial.conversation.unansweredCalls).toEqual([]);
  });

  it('refuses a handoff to an agent that cannot run the conversation', async () => {
    const statelessOnly = createAgent({ name: 'zdr', model: 'm', client, strategy: 'stateless' });
    const triage = createAgent({ name: 'triage', model: 'm', client, handoffs: [statelessOnly] });
    emu.enqueue(reply.toolCall('transfer_to_zdr', {}));
    const error = await triage.run('Hi').catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /The agent "zdr" runs "stateless" conversations but was given a "server" one/,
    );
  });

  it('refuses handoffs that are not agents, and two handoff tools with one name', () => {
    expect(() => createAgent({ model: 'm', handoffs: [{} as never] })).toThrow(
      /handoffs\[0\]. must be an agent/,
    );
    const x = createAgent({ name: 'x', model: 'm' });
    const twice = createAgent({ name: 't', model: 'm', client, handoffs: [x, handoff(x)] });
    emu.enqueue(reply.text('never'));
    return expect(twice.run('Hi')).rejects.toThrow(/two tools named "transfer_to_x"/);
  });

  it('pauses for an approval of the agent handed to and resumes with it, from the first agent, after a JSON round trip', async () => {
    const { triage } = agents();
    emu.enqueue(
      reply.toolCall('transfer_to_billing', {}),
      reply.toolCall('refund_invoice', { number: 'INV-7' }),
      reply.text('Refund done.', { match: { toolOutputFor: 'refund_invoice' } }),
    );
    const paused = await triage.run('Refund INV-7');
    expect(paused.status).toBe('interrupted');
    expect(paused.lastAgent.name).toBe('billing');
    expect(paused.state!.agentName).toBe('billing');
    const state = RunState.fromJSON(JSON.parse(JSON.stringify(paused.state)));
    const { triage: again } = agents();
    const done = await again.run(state.withDecisions({ [state.approvals[0]!.id]: true }));
    expect(done.status).toBe('completed');
    expect(done.finalOutput).toBe('Refund done.');
    expect(done.lastAgent.name).toBe('billing');
    const last = createBodies(emu).at(-1);
    expect(last.model).toBe('billing-model');
    expect(last.input[0]).toMatchObject({ type: 'function_call_output', output: 'Refunded INV-7.' });
  });

  it('types the answer of the agent handed to', async () => {
    const billing = createAgent({
      name: 'billing',
      model: 'b',
      client,
      output: z.object({ total: z.number() }),
    });
    const triage = createAgent({ name: 'triage', model: 't', client, handoffs: [billing] });
    emu.enqueue(reply.toolCall('transfer_to_billing', {}), reply.text('{"total":120}'));
    const result = await triage.run('Total?');
    expect(result.finalOutput).toEqual({ total: 120 });
    expect(createBodies(emu)[0].text).toBeUndefined();
    expect(createBodies(emu)[1].text.format.name).toBe('billing_output');
  });
});

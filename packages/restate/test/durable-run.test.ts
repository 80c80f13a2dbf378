import { reply } from '@turnkit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './harness/cluster.js';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ workers: 2 });
});
afterAll(() => cluster?.stop());
beforeEach(() => {
  cluster.emu.reset();
  cluster.ledger.reset();
  cluster.ledger.openGate();
});

const modelBodies = () =>
  cluster.emu.requests
    .filter((r) => r.method === 'POST' && /\/responses$/.test(r.path))
    .map((r) => r.body as any);

describe('a durable run on a real Restate server', () => {
  it('runs the tools the model calls and completes, journaling each turn and call', async () => {
    cluster.emu.enqueue(
      reply.toolCalls([
        { name: 'lookup_invoice', arguments: { number: 'INV-7' }, callId: 'call_lookup' },
        { name: 'notify', arguments: { message: 'paying INV-7' }, callId: 'call_notify' },
      ]),
      reply.toolCall(
        'pay',
        { number: 'INV-7', amount: 120 },
        { callId: 'call_pay', match: { toolOutputFor: 'notify' } },
      ),
      reply.text('Paid INV-7: 120 EUR.', { match: { toolOutputFor: 'pay' } }),
    );
    const client = cluster.client('payments');
    const run = await client.start('conv-basic', 'Pay invoice INV-7');
    const result = await client.result(run);
    expect(result).toMatchObject({
      runId: run.runId,
      conversationId: 'conv-basic',
      status: 'completed',
      output: 'Paid INV-7: 120 EUR.',
      turns: 3,
      decisions: [],
    });
    expect(result.usage.requests).toBe(3);
    expect(modelBodies()).toHaveLength(3);
    expect(cluster.ledger.starts.map((s) => s.callId)).toEqual(['call_lookup', 'call_notify', 'call_pay']);
    expect([...cluster.ledger.effects.keys()]).toEqual(['call_notify', 'call_pay']);

    const { events } = await client.events('conv-basic');
    const types = events.map((e) => e.event.type);
    expect(types[0]).toBe('run_started');
    expect(types.at(-1)).toBe('run_ended');
    expect(types.filter((t) => t === 'turn_finished')).toHaveLength(3);
    expect(types.filter((t) => t === 'tool_call_finished')).toHaveLength(3);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(new Set(events.map((e) => e.runId))).toEqual(new Set([run.runId]));
    const status = await client.status('conv-basic');
    expect(status).toMatchObject({
      conversationId: 'conv-basic',
      runs: 1,
      strategy: 'server',
      events: events.length,
    });
    expect(status.current).toBeUndefined();
  });
});

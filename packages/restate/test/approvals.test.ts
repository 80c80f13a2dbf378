import { reply } from '@turnkit/emulator';
import { DurableAgentError, type DurableEvent } from '@turnkit/restate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './harness/cluster.js';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ workers: 2 });
});
afterAll(() => cluster?.stop());
beforeEach(async () => {
  cluster.emu.reset();
  cluster.ledger.reset();
  cluster.ledger.openGate();
  for (const index of [0, 1]) if (!cluster.workers.has(index)) await cluster.startWorker(index);
});

/** Reads the conversation's events until one matches, and returns all read so far. */
async function until(conversationId: string, runId: string, match: (e: DurableEvent) => boolean) {
  const seen: DurableEvent[] = [];
  for await (const entry of cluster.client('approvals').follow(conversationId, { runId, intervalMs: 20 })) {
    seen.push(entry);
    if (match(entry)) return seen;
  }
  throw new Error(`the run ended without the event: ${JSON.stringify(seen.map((e) => e.event.type))}`);
}

describe('durable approvals', () => {
  it('wait while both workers are stopped and restarted, and a later decision resumes the run', async () => {
    cluster.emu.enqueue(
      reply.toolCall('pay', { number: 'INV-5', amount: 300 }, { callId: 'call_pay5' }),
      reply.text('Paid INV-5.', { match: { toolOutputFor: 'pay' } }),
    );
    const client = cluster.client('approvals');
    const run = await client.start('conv-approve', 'Pay INV-5');
    const seen = await until('conv-approve', run.runId, (e) => e.event.type === 'approval_waiting');
    const waiting = seen.at(-1)!.event as Extract<DurableEvent['event'], { type: 'approval_waiting' }>;
    expect(waiting.request).toMatchObject({ kind: 'function', id: 'call_pay5', toolName: 'pay' });
    expect(seen.map((e) => e.event.type)).toContain('approval_requested');
    expect((await client.runStatus('conv-approve', run.runId)).status).toBe('waiting');

    // Once Restate's inactivity timeout passes, the waiting run is suspended: no process holds it.
    let status = await cluster.invocationStatus(run.invocationId);
    for (let i = 0; status !== 'suspended' && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await cluster.invocationStatus(run.invocationId);
    }
    expect(status).toBe('suspended');
    await cluster.stopWorker(0);
    await cluster.stopWorker(1);
    expect(cluster.workers.size).toBe(0);
    expect(await cluster.invocationStatus(run.invocationId)).toBe('suspended');
    await cluster.startWorker(0);
    await cluster.startWorker(1);
    expect(cluster.ledger.startsOf('call_pay5')).toHaveLength(0);

    const decided = await client.decide('conv-approve', 'call_pay5', {
      approve: true,
      reason: 'within budget',
    });
    expect(decided).toMatchObject({
      conversationId: 'conv-approve',
      approvalId: 'call_pay5',
      runId: run.runId,
      approve: true,
    });
    const result = await client.result(run);
    expect(result).toMatchObject({
      status: 'completed',
      output: 'Paid INV-5.',
      turns: 2,
      decisions: [{ approvalId: 'call_pay5', approve: true, reason: 'within budget' }],
    });
    expect(cluster.ledger.startsOf('call_pay5')).toHaveLength(1);
    expect([...cluster.ledger.effects.keys()]).toEqual(['call_pay5']);

    // A second decision for the same request is refused and changes nothing.
    const again = await client.decide('conv-approve', 'call_pay5', false).catch((e) => e);
    expect(again).toBeInstanceOf(DurableAgentError);
    expect(again).toMatchObject({ code: 'approval_decided', status: 409 });
    expect(again.message).toMatch(/already approved/);
    expect(cluster.ledger.starts).toHaveLength(1);
    expect((await client.runStatus('conv-approve', run.runId)).result?.decisions).toHaveLength(1);
  });

  it('of one turn wait together; of two decisions sent at once for one of them exactly one is taken', async () => {
    cluster.emu.enqueue(
      reply.toolCalls([
        { name: 'pay', arguments: { number: 'INV-1', amount: 10 }, callId: 'call_a' },
        { name: 'pay', arguments: { number: 'INV-2', amount: 20 }, callId: 'call_b' },
      ]),
      reply.text('Paid one, skipped the other.', { match: { toolOutputFor: 'pay' } }),
    );
    const client = cluster.client('approvals');
    const run = await client.start('conv-two', 'Pay INV-1 and INV-2');
    await until('conv-two', run.runId, (e) => e.event.type === 'approval_waiting');
    expect((await client.runStatus('conv-two', run.runId)).waiting.map((r) => r.id)).toEqual([
      'call_a',
      'call_b',
    ]);

    const outcomes = await Promise.allSettled([
      client.decide('conv-two', 'call_a', { approve: true }),
      client.decide('conv-two', 'call_a', { approve: false, reason: 'no' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'approval_decided' });
    const taken = (outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<any>).value;

    // The run waits for the other approval still.
    expect((await client.runStatus('conv-two', run.runId)).status).toBe('waiting');
    await client.decide('conv-two', 'call_b', { approve: false, reason: 'not this month' });
    const result = await client.result(run);
    expect(result.status).toBe('completed');
    expect(result.decisions).toEqual([
      { approvalId: 'call_a', approve: taken.approve, ...(taken.reason ? { reason: taken.reason } : {}) },
      { approvalId: 'call_b', approve: false, reason: 'not this month' },
    ]);
    // Only approved calls ran; the model read the rejection of the other.
    expect(cluster.ledger.starts.map((s) => s.callId)).toEqual(taken.approve ? ['call_a'] : []);
    const last = cluster.emu.requests
      .filter((r) => r.method === 'POST' && /\/responses$/.test(r.path))
      .at(-1)!;
    const outputs = (last.body as any).input.filter((i: any) => i.type === 'function_call_output');
    expect(outputs.map((o: any) => o.call_id)).toEqual(['call_a', 'call_b']);
    expect(outputs[1].output).toMatch(/not approved: not this month/);
  });
});

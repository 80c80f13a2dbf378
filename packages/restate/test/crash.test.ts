import { reply } from '@turnkit/emulator';
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
  cluster.modelRequests.length = 0;
  // A test kills a worker; the next one starts with two again.
  for (const index of [0, 1]) if (!cluster.workers.has(index)) await cluster.startWorker(index);
});

const modelRequestCount = () =>
  cluster.emu.requests.filter((r) => r.method === 'POST' && /\/responses$/.test(r.path)).length;

describe('a worker that dies in the middle of a run', () => {
  it('is replaced by the other worker: the run completes, no completed step runs again, the interrupted tool reruns under the same call id', async () => {
    cluster.emu.enqueue(
      reply.toolCalls([
        { name: 'lookup_invoice', arguments: { number: 'INV-9' }, callId: 'call_lookup' },
        { name: 'notify', arguments: { message: 'paying INV-9' }, callId: 'call_notify' },
      ]),
      reply.toolCall(
        'pay',
        { number: 'INV-9', amount: 120 },
        { callId: 'call_pay', match: { toolOutputFor: 'notify' } },
      ),
      reply.text('Paid INV-9.', { match: { toolOutputFor: 'pay' } }),
    );
    const client = cluster.client('payments');
    const run = await client.start('conv-crash-tool', 'Pay INV-9');

    // The slow tool has started, made its payment and waits at the gate: kill its worker now.
    const first = await cluster.ledger.waitForStart('pay');
    while (cluster.ledger.waiting === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const killed = await cluster.killPid(first.pid);
    cluster.ledger.openGate();

    const result = await client.result(run);
    expect(result).toMatchObject({ status: 'completed', output: 'Paid INV-9.', turns: 3 });
    const survivor = [...cluster.workers.values()].find((w) => w.index !== killed)!;

    // Starts per call id: the interrupted call twice (on each worker), the others once.
    expect(cluster.ledger.startsOf('call_lookup')).toHaveLength(1);
    expect(cluster.ledger.startsOf('call_notify')).toHaveLength(1);
    expect(cluster.ledger.startsOf('call_pay').map((s) => s.pid)).toEqual([first.pid, survivor.pid]);
    expect(cluster.ledger.starts).toHaveLength(4);
    // Side effects keyed by call id: each applied exactly once; the retry's payment request was
    // answered with the first one.
    expect([...cluster.ledger.effects.keys()].sort()).toEqual(['call_notify', 'call_pay']);
    expect(cluster.ledger.effects.get('call_pay')!.requests).toBe(2);
    expect(cluster.ledger.effects.get('call_notify')!.requests).toBe(1);
    // One model request per turn: the turns that completed before the kill were not requested again.
    expect(modelRequestCount()).toBe(3);
    expect(cluster.modelRequests).toHaveLength(3);

    // The event log reports each call once: the interrupted attempt's events were never journaled.
    const { events } = await client.events('conv-crash-tool');
    const started = events
      .filter((e) => e.event.type === 'tool_call_started')
      .map((e) => (e.event as any).callId);
    expect(started.sort()).toEqual(['call_lookup', 'call_notify', 'call_pay']);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  });

  it('after a computer call: the survivor answers the call from the journal and runs none of its actions again', async () => {
    const slowAnswer = reply.text('The form for INV-5 is sent.', {
      delayMs: 1000, // a stream of several seconds, cut short by the kill
    });
    cluster.emu.enqueue(
      reply.computerCall(
        [
          { type: 'click', button: 'left', x: 40, y: 300 },
          { type: 'type', text: 'INV-5' },
        ],
        { callId: 'call_form' },
      ),
      slowAnswer,
      { ...slowAnswer, delayMs: 0 },
    );
    const client = cluster.client('browser');
    const run = await client.start('conv-crash-computer', 'Send the form for INV-5');

    // The actions ran and the next turn is streaming: kill the worker that runs it.
    await cluster.waitForModelRequests(2);
    while (modelRequestCount() < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await cluster.killPid(cluster.modelRequests[1]!);

    const result = await client.result(run);
    expect(result).toMatchObject({ status: 'completed', output: 'The form for INV-5 is sent.', turns: 2 });
    expect(cluster.ledger.startsOf('click 40,300')).toHaveLength(1);
    expect(cluster.ledger.startsOf('type INV-5')).toHaveLength(1);
    expect(cluster.ledger.starts).toHaveLength(2);
    // The call's events are in the log once, from the attempt that journaled them.
    const { events } = await client.events('conv-crash-computer');
    expect(events.filter((e) => e.event.type === 'computer_action')).toHaveLength(2);
    expect(events.filter((e) => e.event.type === 'computer_screenshot')).toHaveLength(1);
  });

  it('in the middle of a model turn: that turn is requested again, once, and the steps before it are not', async () => {
    cluster.ledger.openGate();
    const slowAnswer = reply.text('The invoice INV-3 is for 120 EUR and is due on Friday.', {
      match: { toolOutputFor: 'lookup_invoice' },
      delayMs: 1000, // a stream of about 20 s, cut short by the kill
    });
    cluster.emu.enqueue(
      reply.toolCall('lookup_invoice', { number: 'INV-3' }, { callId: 'call_lookup3' }),
      slowAnswer,
      { ...slowAnswer, delayMs: 0 },
    );
    const client = cluster.client('payments');
    const run = await client.start('conv-crash-turn', 'What is INV-3?');

    // The second turn's request has reached the model, which streams its answer slowly: kill the
    // worker that sent it.
    await cluster.waitForModelRequests(2);
    while (modelRequestCount() < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const streaming = cluster.modelRequests[1]!;
    await cluster.killPid(streaming);

    const result = await client.result(run);
    expect(result).toMatchObject({
      status: 'completed',
      output: 'The invoice INV-3 is for 120 EUR and is due on Friday.',
      turns: 2,
    });
    expect(cluster.ledger.startsOf('call_lookup3')).toHaveLength(1);
    // Two turns, plus the one interrupted request.
    expect(modelRequestCount()).toBe(3);
    expect(cluster.modelRequests).toHaveLength(3);
    expect(cluster.modelRequests[2]).not.toBe(streaming);
    expect(result.usage.requests).toBe(2);
  });
});

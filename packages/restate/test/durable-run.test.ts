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

describe('limits of a durable run, as in core', () => {
  it('stops at maxTurns with the typed error, and the next run continues the conversation', async () => {
    cluster.emu.enqueue(
      reply.toolCall('lookup_invoice', { number: 'INV-8' }, { callId: 'call_l8' }),
      reply.text('INV-8 is 120 EUR.', { match: { toolOutputFor: 'lookup_invoice' } }),
    );
    const client = cluster.client('payments');
    const stopped = await client.result(await client.start('conv-limit', 'What is INV-8?', { maxTurns: 1 }));
    expect(stopped).toMatchObject({ status: 'failed', turns: 1, error: { code: 'max_turns_exceeded' } });
    expect(stopped.error!.message).toContain('used all 1 turns');
    const continued = await client.result(await client.start('conv-limit', ''));
    expect(continued).toMatchObject({ status: 'completed', output: 'INV-8 is 120 EUR.', turns: 1 });
    expect(cluster.ledger.startsOf('call_l8')).toHaveLength(1);
  });

  it("ends a tool call at the tool's time limit and tells the model", async () => {
    cluster.ledger.closeGate();
    cluster.emu.enqueue(
      reply.toolCall('slow_check', {}, { callId: 'call_slow' }),
      reply.text('The check did not finish.', { match: { toolOutputFor: 'slow_check' } }),
    );
    const client = cluster.client('payments');
    const result = await client.result(await client.start('conv-timeout', 'Check it'));
    expect(result).toMatchObject({ status: 'completed', output: 'The check did not finish.' });
    const { events } = await client.events('conv-timeout');
    const finished = events.find((e) => e.event.type === 'tool_call_finished')!.event as any;
    expect(finished).toMatchObject({ callId: 'call_slow', ok: false, errorCode: 'tool_timeout' });
    const sent = modelBodies()[1].input.find((i: any) => i.type === 'function_call_output');
    expect(sent.output).toMatch(/timed out after 200 ms/);
  });
});

describe('conversations on a real Restate server', () => {
  it('runs a second run sent during a first one after it, on the conversation the first left', async () => {
    cluster.ledger.closeGate();
    cluster.emu.enqueue(
      reply.toolCall(
        'pay',
        { number: 'INV-A', amount: 1 },
        { callId: 'call_a', match: { inputIncludes: 'INV-A' } },
      ),
      reply.text('A is paid.', { match: { toolOutputFor: 'pay' } }),
      reply.text('B noted.', { match: { inputIncludes: 'INV-B' } }),
    );
    const client = cluster.client('payments');
    const first = await client.start('conv-queue', 'Pay INV-A');
    await cluster.ledger.waitForStart('pay');
    const second = await client.start('conv-queue', 'Note INV-B');
    // The first run holds the conversation; the second waits in Restate's queue, not started.
    expect((await client.status('conv-queue')).current).toBe(first.runId);
    const queued = await client.runStatus('conv-queue', second.runId).catch((e) => e);
    expect(queued).toMatchObject({ code: 'run_unknown' });
    expect(modelBodies()).toHaveLength(1);

    cluster.ledger.openGate();
    const [a, b] = [await client.result(first), await client.result(second)];
    expect([a.output, b.output]).toEqual(['A is paid.', 'B noted.']);
    // One after the other: every event of the first run precedes every event of the second, and the
    // second run's request continues the first run's response chain.
    const { events } = await client.events('conv-queue');
    const owners = events.map((e) => e.runId);
    expect(owners.lastIndexOf(first.runId)).toBeLessThan(owners.indexOf(second.runId));
    const bodies = modelBodies();
    expect(bodies).toHaveLength(3);
    const lastOfFirst = events
      .filter((e) => e.runId === first.runId && e.event.type === 'turn_finished')
      .at(-1)!;
    expect(bodies[2].previous_response_id).toBe((lastOfFirst.event as any).responseId);
    expect(bodies[2].input).toEqual([{ type: 'message', role: 'user', content: 'Note INV-B' }]);
    expect((await client.status('conv-queue')).runs).toBe(2);
  });

  it('runs two runs sent at the same moment one after the other, never interleaved', async () => {
    cluster.emu.enqueue(
      reply.text('Noted A, slowly.', { match: { inputIncludes: 'Note A' }, delayMs: 20 }),
      reply.text('Noted B, slowly.', { match: { inputIncludes: 'Note B' }, delayMs: 20 }),
    );
    const client = cluster.client('payments');
    const runs = await Promise.all([
      client.start('conv-together', 'Note A'),
      client.start('conv-together', 'Note B'),
    ]);
    const results = await Promise.all(runs.map((run) => client.result(run)));
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed']);
    const { events } = await client.events('conv-together');
    const order = [...new Set(events.map((e) => e.runId))];
    expect([...order].sort()).toEqual(runs.map((r) => r.runId).sort());
    const [first, second] = order as [string, string];
    const owners = events.map((e) => e.runId);
    expect(owners.lastIndexOf(first)).toBeLessThan(owners.indexOf(second));
    // The second run continues the chain the first one left.
    const bodies = modelBodies();
    const firstResponse = events.find((e) => e.runId === first && e.event.type === 'turn_finished')!;
    expect(bodies[1].previous_response_id).toBe((firstResponse.event as any).responseId);
  });

  it('keeps a stateless conversation, encrypted reasoning included, in object state for the next run', async () => {
    cluster.emu.enqueue(
      reply.toolCall('lookup_invoice', { number: 'INV-4' }, { reasoning: 'Look the invoice up.' }),
      reply.text('INV-4 is 120 EUR.', { match: { toolOutputFor: 'lookup_invoice' }, reasoning: true }),
    );
    const client = cluster.client('stateless');
    const first = await client.result(await client.start('conv-stateless', 'My name is Ada. What is INV-4?'));
    expect(first.output).toBe('INV-4 is 120 EUR.');
    const snapshot = await client.conversation('conv-stateless');
    expect(snapshot.strategy).toBe('stateless');
    const reasoning = snapshot.history.filter((item: any) => item.type === 'reasoning');
    expect(reasoning.length).toBeGreaterThan(0);
    for (const item of reasoning as any[]) expect(item.encrypted_content).toMatch(/^gAAAAA/);

    const second = await client.result(await client.start('conv-stateless', 'What do you remember?'));
    expect(second.output).toContain('My name is Ada.');
    const bodies = modelBodies();
    expect(bodies.every((b) => b.store === false && b.include.includes('reasoning.encrypted_content'))).toBe(
      true,
    );
    expect(bodies.at(-1).input.filter((i: any) => i.type === 'reasoning')).toEqual(reasoning);
  });

  it('keeps the compaction item of a stateless conversation and sends only what follows it', async () => {
    const client = cluster.client('compacting');
    const long = `Remember the code word: heron. ${'Background detail. '.repeat(260)}`;
    const first = await client.result(await client.start('conv-compact', long));
    expect(first.status).toBe('completed');
    const snapshot = await client.conversation('conv-compact');
    expect(snapshot.history[0]).toMatchObject({ type: 'compaction' });
    expect((snapshot.history[0] as any).encrypted_content).toMatch(/^gAAAAA/);
    const second = await client.result(await client.start('conv-compact', 'What do you remember?'));
    expect(second.output).toContain('heron');
    const input = modelBodies().at(-1).input;
    expect(input[0]).toMatchObject({ type: 'compaction' });
    expect(JSON.stringify(input)).not.toContain('Background detail.');
  });

  it('cancels the background response on the service when its run is cancelled', async () => {
    cluster.emu.enqueue(reply.text(`${'slowly '.repeat(60)}done`, { delayMs: 100 }));
    const client = cluster.client('background');
    const run = await client.start('conv-cancel', 'Write slowly');
    while (!cluster.emu.responses.some((r: any) => r.background && r.status === 'in_progress')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.cancel(run);
    const result = await client.result(run);
    expect(result.status).toBe('cancelled');
    expect(result.error).toMatchObject({ code: 'aborted' });
    const cancels = cluster.emu.requests.filter((r) => r.method === 'POST' && /\/cancel$/.test(r.path));
    expect(cancels).toHaveLength(1);
    expect(cluster.emu.responses.find((r: any) => r.background)!.status).toBe('cancelled');
    const { events } = await client.events('conv-cancel');
    expect(events.at(-1)!.event).toMatchObject({ type: 'run_ended', result: { status: 'cancelled' } });
  });
});

describe('bad input to a durable agent', () => {
  const post = async (path: string, body: string) => {
    const response = await fetch(`${cluster.server.ingressUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: (await response.json()) as { message: string; metadata?: any } };
  };

  it('gets a clear error for an unknown conversation, and creates nothing', async () => {
    const client = cluster.client('payments');
    for (const attempt of [
      () => client.decide('conv-nobody', 'call_1', true),
      () => client.status('conv-nobody'),
      () => client.events('conv-nobody'),
      () => client.runStatus('conv-nobody', 'run_1'),
    ]) {
      const error = await attempt().catch((e) => e);
      expect(error).toMatchObject({ code: 'conversation_unknown', status: 404 });
      expect(error.message).toContain('There is no conversation "conv-nobody"');
    }
    expect(await client.status('conv-nobody').catch((e) => e.code)).toBe('conversation_unknown');
  });

  it('refuses a decision for an approval nobody waits for, and a malformed one, changing nothing', async () => {
    cluster.emu.enqueue(reply.text('Hello.'));
    const client = cluster.client('payments');
    await client.result(await client.start('conv-bad', 'Hi'));
    const before = await client.status('conv-bad');

    const unknown = await client.decide('conv-bad', 'call_never', true).catch((e) => e);
    expect(unknown).toMatchObject({ code: 'approval_unknown', status: 404 });
    expect(unknown.message).toContain('No approval "call_never" waits in conversation "conv-bad"');
    const key = encodeURIComponent(JSON.stringify(['conv-bad', 'call_never']));
    for (const body of ['{"approve":"yes"}', '{"approve":true,"by":"me"}', '[]', '"ok"']) {
      const answer = await post(`/payments-approvals/${key}/decide`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.metadata).toEqual({ turnkit: 'input_invalid' });
    }
    const badKey = await post(
      `/payments-approvals/${encodeURIComponent('not-json')}/decide`,
      '{"approve":true}',
    );
    expect(badKey).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('["<conversation id>", "<approval id>"]') },
    });
    // `open` is for runs only: the ingress does not reach it.
    expect((await post(`/payments-approvals/${key}/open`, '{}')).status).toBeGreaterThanOrEqual(400);
    expect(await client.status('conv-bad')).toEqual(before);
  });

  it('refuses a malformed run request with the field at fault, before it changes anything', async () => {
    cluster.emu.enqueue(reply.text('Hello.'));
    const client = cluster.client('payments');
    await client.result(await client.start('conv-malformed', 'Hi'));
    const before = await client.status('conv-malformed');
    const cases: Array<[string, RegExp]> = [
      ['{"input":42}', /`input` must be a string or an array/],
      ['{"input":[7]}', /`input\[0\]` must be an input item/],
      ['{"input":"hi","extra":true}', /unknown field "extra"/],
      ['{"input":"hi","maxTurns":0}', /`maxTurns` must be a whole number/],
      ['{"input":"hi","runId":"has space"}', /`runId` must be 1–128/],
      ['{"input":""}', /The run has no input/],
      ['"just text"', /must be a JSON object/],
    ];
    for (const [body, message] of cases) {
      const answer = await post('/payments/conv-malformed/run', body);
      expect(answer.status, body).toBe(400);
      expect(answer.body.message).toMatch(message);
    }
    const events = await post('/payments/conv-malformed/events', '{"after":-1}');
    expect(events).toMatchObject({ status: 400, body: { message: expect.stringContaining('`after`') } });
    const reused = await client.start('conv-malformed', 'Hi again', { runId: 'run_fixed' });
    cluster.emu.enqueue(reply.text('Again.'));
    await client.result(reused);
    const again = await post('/payments/conv-malformed/run', '{"input":"Hi","runId":"run_fixed"}');
    expect(again).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('already exists') },
    });
    expect((await client.status('conv-malformed')).runs).toBe(before.runs + 1);
    // The client checks what it can before sending.
    await expect(client.start('conv-malformed', 42 as any)).rejects.toMatchObject({ code: 'input_invalid' });
    await expect(client.start('', 'Hi')).rejects.toMatchObject({ code: 'input_invalid' });
    expect(modelBodies()).toHaveLength(2);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, EmulatorOptionsError, reply, startEmulator } from '../src/index.js';
import { clientFor } from './helpers.js';
import { rawRequest } from './raw-http.js';

describe('a bounded log', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ logLimit: 3 });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('keeps the newest logLimit requests and responses and counts the ones it dropped', async () => {
    const client = clientFor(emu);
    for (const input of ['one', 'two', 'three', 'four', 'five']) {
      await client.responses.create({ model: 'm', input, store: false });
    }
    expect(emu.requests.map((r) => (r.body as { input: string }).input)).toEqual(['three', 'four', 'five']);
    expect(emu.droppedRequests).toBe(2);
    expect(emu.responses).toHaveLength(3);
    expect(emu.droppedResponses).toBe(2);
    const sixth = await client.responses.create({ model: 'm', input: 'six', store: false });
    expect(emu.responses.map((r) => r.id).at(-1)).toBe(sixth.id);
    expect(emu.responses).toHaveLength(3);
    expect(emu.droppedResponses).toBe(3);
  });

  it('clearLog() forgets requests, responses and the dropped counts, but not stored responses or turns', async () => {
    const client = clientFor(emu);
    const stored = await client.responses.create({ model: 'm', input: 'keep me' });
    for (const input of ['a', 'b', 'c']) await client.responses.create({ model: 'm', input });
    emu.enqueue(reply.text('queued'));
    expect(emu.droppedRequests).toBe(1);
    emu.clearLog();
    expect(emu.requests).toEqual([]);
    expect(emu.responses).toEqual([]);
    expect(emu.droppedRequests).toBe(0);
    expect(emu.droppedResponses).toBe(0);
    expect(emu.getResponse(stored.id)?.id).toBe(stored.id);
    expect(emu.pendingTurns).toBe(1);
    const next = await client.responses.create({
      model: 'm',
      input: 'after',
      previous_response_id: stored.id,
    });
    expect(next.output_text).toBe('queued');
    expect(emu.requests).toHaveLength(1);
  });

  it('reset() empties the log and its counts too', async () => {
    const client = clientFor(emu);
    for (const input of ['a', 'b', 'c', 'd']) await client.responses.create({ model: 'm', input });
    emu.reset();
    expect(emu.requests).toEqual([]);
    expect(emu.droppedRequests).toBe(0);
    expect(emu.droppedResponses).toBe(0);
  });
});

describe('the default log limit', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it('keeps the last 1000 requests', async () => {
    const paths = Array.from({ length: 1002 }, (_, i) => `${emu.url}/responses/resp_missing_${i}`);
    for (let i = 0; i < paths.length; i += 50) {
      await Promise.all(paths.slice(i, i + 50).map(async (p) => (await fetch(p)).arrayBuffer()));
    }
    expect(emu.requests).toHaveLength(1000);
    expect(emu.droppedRequests).toBe(2);
    expect(emu.requests.every((r) => r.status === 404)).toBe(true);
  });
});

describe('the path and query of a logged request', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.clearLog());

  it.for([
    ['/v1/responses/resp_1', '/v1/responses/resp_1', {}],
    [
      '/v1/responses/resp_1?stream=false&include[]=a&include[]=b',
      '/v1/responses/resp_1',
      { stream: 'false', include: ['a', 'b'] },
    ],
    ['/v1/./responses/x/../resp_2', '/v1/responses/resp_2', {}],
    ['/v1/responses/%72esp_3', '/v1/responses/%72esp_3', {}],
    ['/v1\\responses\\resp_4', '/v1/responses/resp_4', {}],
    ['//v1/responses', '/responses', {}],
  ] as const)('%s is logged as %s', async ([target, path, query]) => {
    const answer = await rawRequest(emu.port, { method: 'GET', path: target });
    expect(answer.status).toBe(404);
    expect(emu.requests).toEqual([expect.objectContaining({ method: 'GET', path, query, status: 404 })]);
  });
});

describe('logLimit 0', () => {
  it('keeps no request and counts every one', async () => {
    const emu = await startEmulator({ logLimit: 0 });
    try {
      await clientFor(emu).responses.create({ model: 'm', input: 'Hi' });
      expect(emu.requests).toEqual([]);
      expect(emu.responses).toEqual([]);
      expect(emu.droppedRequests).toBe(1);
      expect(emu.droppedResponses).toBe(1);
    } finally {
      await emu.close();
    }
  });
});

describe('logLimit checks', () => {
  it.for([-1, 2.5, Number.NaN, '10'])('refuses logLimit %s', async (value) => {
    const error = await startEmulator({ logLimit: value as number }).catch((e) => e);
    expect(EmulatorOptionsError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_option', option: 'logLimit' });
  });

  it('accepts Infinity for an unbounded log', async () => {
    const emu = await startEmulator({ logLimit: Number.POSITIVE_INFINITY });
    await emu.close();
  });
});

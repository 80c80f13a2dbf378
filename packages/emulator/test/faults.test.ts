import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { clientFor, eventsOf, jsonOf, post, readFrames } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('HTTP faults', () => {
  it('answers 429 with retry-after; the SDK retries and succeeds on the next turn', async () => {
    emu.enqueue(
      reply.fault({ type: 'http', status: 429, retryAfter: 0, retryAfterMs: 10 }),
      reply.text('after retry'),
    );
    const response = await clientFor(emu, { maxRetries: 2 }).responses.create({ model: 'm', input: 'Hi' });
    expect(response.output_text).toBe('after retry');
    expect(emu.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(emu.requests[1]!.headers['x-stainless-retry-count']).toBe('1');
  });

  it('sends the rate-limit body and retry headers', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 429, retryAfter: 2, retryAfterMs: 1500 }));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('retry-after-ms')).toBe('1500');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await jsonOf(res)).toEqual({
      error: {
        message: 'Rate limit reached for requests. Please try again later.',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  it('answers 500 with a custom error; the SDK surfaces it after its retries', async () => {
    emu.enqueue(
      ...[1, 2].map(() =>
        reply.fault({ type: 'http', status: 500, retryAfterMs: 5, error: { message: 'Model overloaded' } }),
      ),
    );
    const error = await clientFor(emu, { maxRetries: 1 })
      .responses.create({ model: 'm', input: 'Hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain('Model overloaded');
    expect((error as InstanceType<typeof OpenAI.APIError>).requestID).toBe(emu.requests[1]!.requestId);
    expect(emu.requests).toHaveLength(2);
  });

  it('passes extra headers such as x-should-retry', async () => {
    emu.enqueue(
      reply.fault({ type: 'http', status: 503, headers: { 'x-should-retry': 'false' } }),
      reply.text('unused'),
    );
    const error = await clientFor(emu, { maxRetries: 2 })
      .responses.create({ model: 'm', input: 'Hi' })
      .catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(emu.requests).toHaveLength(1);
    expect(emu.pendingTurns).toBe(1);
  });
});

describe('error event mid-stream', () => {
  it('sends the nested error event then response.failed, and the SDK throws', async () => {
    emu.enqueue(
      reply.fault({
        type: 'error_event',
        error: {
          type: 'insufficient_quota',
          code: 'insufficient_quota',
          message: 'You exceeded your current quota.',
        },
      }),
    );
    const stream = await clientFor(emu).responses.create({ model: 'm', input: 'Hi', stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['response.created', 'response.in_progress']);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('You exceeded your current quota.');
  });

  it('is framed like the real recording and leaves a failed response behind', async () => {
    emu.enqueue(
      reply.text('Partial answer that never finishes', { fault: { type: 'error_event', afterEvents: 5 } }),
    );
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', stream: true });
    const { frames } = await readFrames(res);
    const events = eventsOf(frames);
    const errorEvent = events.at(-2)!;
    expect(frames.at(-2)!.event).toBe('error');
    expect(Object.keys(errorEvent)).toEqual(['type', 'sequence_number', 'error']);
    expect(errorEvent).toEqual({
      type: 'error',
      sequence_number: 5,
      error: {
        type: 'server_error',
        code: 'server_error',
        message: 'The server had an error while processing your request. Sorry about that!',
        param: null,
      },
    });
    const failed = events.at(-1)! as {
      type: string;
      sequence_number: number;
      response: Record<string, unknown>;
    };
    expect(failed).toMatchObject({
      type: 'response.failed',
      sequence_number: 6,
      response: {
        status: 'failed',
        error: { code: 'server_error', message: expect.any(String) },
        output: [],
        usage: null,
      },
    });
    const id = (failed.response as { id: string }).id;
    expect(emu.getResponse(id)?.status).toBe('failed');
  });

  it('throws through the SDK stream helper too', async () => {
    emu.enqueue(
      reply.text('Hello', { fault: { type: 'error_event', afterEvents: 4, error: { message: 'Boom' } } }),
    );
    const stream = clientFor(emu).responses.stream({ model: 'm', input: 'Hi' });
    await expect(stream.finalResponse()).rejects.toThrow('Boom');
  });

  it('answers a non-streamed request with the HTTP error', async () => {
    emu.enqueue(
      reply.fault({
        type: 'error_event',
        status: 400,
        error: { message: 'Bad things', type: 'invalid_request_error' },
      }),
    );
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi' });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toMatchObject({ message: 'Bad things', type: 'invalid_request_error' });
  });
});

describe('dropped connections', () => {
  it('drops a stream mid-way; the SDK stream fails', async () => {
    emu.enqueue(reply.text('one two three four five six', { fault: { type: 'disconnect', afterEvents: 6 } }));
    const stream = await clientFor(emu).responses.create({ model: 'm', input: 'Hi', stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(seen).toHaveLength(6);
    expect(seen.at(-1)).toBe('response.output_text.delta');
  });

  it('delivers every event before the cut intact when read raw', async () => {
    emu.enqueue(reply.text('Hello world', { fault: { type: 'disconnect' } }));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', stream: true });
    const received: string[] = [];
    const reader = res.body!.getReader();
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return null;
        received.push(Buffer.from(value).toString('utf8'));
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const text = received.join('');
    expect(
      text
        .split('\n\n')
        .filter(Boolean)
        .map((f) => f.split('\n')[0]),
    ).toEqual([
      'event: response.created',
      'event: response.in_progress',
      'event: response.output_item.added',
    ]);
  });

  it('drops a non-streamed request before answering; the SDK reports a connection error', async () => {
    emu.enqueue(reply.text('never sent', { fault: { type: 'disconnect' } }));
    const error = await clientFor(emu)
      .responses.create({ model: 'm', input: 'Hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(emu.requests[0]!.status).toBeUndefined();
  });
});

describe('delays', () => {
  it('waits delayMs before each streamed event', async () => {
    emu.enqueue(reply.text('slow', { delayMs: 15 }));
    const started = Date.now();
    const stream = clientFor(emu).responses.stream({ model: 'm', input: 'Hi' });
    await stream.finalResponse();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15 * 8);
  });

  it('lets a client abort a slow stream; the emulator keeps serving', async () => {
    emu.enqueue(reply.text('a b c d e f g h', { delayMs: 20 }));
    const controller = new AbortController();
    const stream = await clientFor(emu).responses.create(
      { model: 'm', input: 'Hi', stream: true },
      { signal: controller.signal },
    );
    let count = 0;
    for await (const _event of stream) {
      if (++count === 3) controller.abort();
    }
    expect(count).toBe(3);
    const next = await clientFor(emu).responses.create({ model: 'm', input: 'still there?' });
    expect(next.output_text).toBe('You said: "still there?"');
  });
});

describe('fault defaults', () => {
  it('drops a fault-only turn after response.in_progress, before any terminal event', async () => {
    emu.enqueue(reply.fault({ type: 'disconnect' }));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', stream: true });
    const chunks: string[] = [];
    await (async () => {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>)
        chunks.push(Buffer.from(chunk).toString());
    })().catch(() => undefined);
    const types = chunks
      .join('')
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => frame.split('\n')[0]);
    expect(types).toEqual(['event: response.created', 'event: response.in_progress']);
  });
});

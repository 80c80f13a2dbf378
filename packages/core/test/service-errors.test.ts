import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  Conversation,
  createAgent,
  RateLimitedError,
  ResponseFailedError,
  TurnkitError,
} from '../src/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const agentWith = (maxRetries: number) =>
  createAgent({ model: 'm', client: new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries }) });

describe('errors from the service', () => {
  it('succeeds when a 429 is followed by a normal turn, through the client retry', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 429, retryAfterMs: 5 }), reply.text('after the retry'));
    const result = await agentWith(2).run('hi');
    expect(result.output).toBe('after the retry');
    expect(emu.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('fails with RateLimitedError carrying retry-after and the request id once retries are used up', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 429, retryAfter: 7 }));
    const error = await agentWith(0)
      .run('hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.requestId).toMatch(/\S/);
    expect(error.message).toContain(error.requestId);
    expect(error.partial.turns).toBe(1);
  });

  it('maps a 500 to service_error', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 500 }));
    const error = await agentWith(0)
      .run('hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('service_error');
  });

  it('fails with stream_failed on an error event mid-stream, keeping the service code', async () => {
    emu.enqueue(reply.fault({ type: 'error_event', error: { code: 'server_error', message: 'Boom' } }));
    const error = await agentWith(0)
      .run('hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseFailedError);
    expect(error.code).toBe('stream_failed');
    expect(error.apiCode).toBe('server_error');
    expect(error.message).toMatch(/Boom/);
  });

  it('fails with stream_failed when the connection drops mid-stream, and a retry on the same conversation resends the input', async () => {
    emu.enqueue(
      reply.text('a long answer that never arrives', { fault: { type: 'disconnect', afterEvents: 4 } }),
    );
    const agent = agentWith(0);
    const error = await agent.run('hello there').catch((e) => e);
    expect(TurnkitError.is(error)).toBe(true);
    expect(error.code).toBe('stream_failed');
    emu.enqueue(reply.text('second try'));
    const result = await agent.run([], { conversation: error.partial.conversation });
    expect(result.output).toBe('second try');
    const last = emu.requests.at(-1)!.body as any;
    expect(last.input).toEqual([{ type: 'message', role: 'user', content: 'hello there' }]);
  });

  it('reports previous_response_not_found for a conversation the service does not know', async () => {
    const conversation = Conversation.fromJSON({
      schemaVersion: 1,
      strategy: 'server',
      lastResponseId: 'resp_unknown',
      pending: [],
      unanswered: [],
    });
    const error = await agentWith(0)
      .run('hi', { conversation })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('bad_request');
    expect(error.apiCode).toBe('previous_response_not_found');
    expect(error.param).toBe('previous_response_id');
  });
});

describe('conversation snapshots', () => {
  it('round-trips through JSON and refuses a newer schema version', () => {
    const c = new Conversation();
    c.push([{ type: 'message', role: 'user', content: 'x' }]);
    const restored = Conversation.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(restored.toJSON()).toEqual(c.toJSON());
    expect(() => Conversation.fromJSON({ ...c.toJSON(), schemaVersion: 2 })).toThrow(
      /schemaVersion 2 is not supported/,
    );
    expect(() => Conversation.fromJSON('nope')).toThrow(/must be an object/);
    expect(() => Conversation.fromJSON({ schemaVersion: 1, pending: 'x' })).toThrow(/malformed/);
  });
});

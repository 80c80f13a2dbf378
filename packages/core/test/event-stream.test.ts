import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIError, RateLimitError } from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, openEventStream, ResponseFailedError } from '../src/index.js';

/**
 * A real HTTP server whose SSE bodies are scripted byte for byte (the emulator always writes
 * well-formed events): each request takes the next script, a list of chunks written with a pause
 * between them, or `'hold'` to keep the connection open and silent.
 */
type Chunk = string | Buffer | 'hold';
let server: Server;
let client: OpenAI;
const scripts: Chunk[][] = [];
const closed: Promise<void>[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    let gone!: () => void;
    closed.push(new Promise((resolve) => (gone = resolve)));
    response.on('close', () => gone());
    const script = scripts.shift();
    if (!script) {
      response.writeHead(429, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { message: 'Slow down.', type: 'rate_limit', code: 'rate_limit' } }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    (async () => {
      for (const chunk of script) {
        if (chunk === 'hold') return;
        response.write(chunk);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const open = (script: Chunk[]) => {
  scripts.push(script);
  return openEventStream(client.responses.create({ model: 'm', input: 'Hi', stream: true }));
};
const frame = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const delta = (n: number, text: string) => ({
  type: 'response.output_text.delta',
  sequence_number: n,
  delta: text,
});

async function read(events: AsyncIterable<ResponseStreamEvent>) {
  const seen: ResponseStreamEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

describe('openEventStream: the events of an SSE body, read without the SDK Stream', () => {
  it('parses events split anywhere: inside a line, inside a UTF-8 character, CRLF line ends, comments, multi-line data', async () => {
    const first = frame(delta(0, 'Grüße 🌍'), 'response.output_text.delta');
    const bytes = Buffer.from(first);
    const cut = bytes.indexOf(Buffer.from('🌍')) + 2; // in the middle of the 4 bytes of the emoji
    const events = await open([
      ': keep-alive\n\n',
      bytes.subarray(0, 7),
      bytes.subarray(7, cut),
      bytes.subarray(cut),
      // CRLF line ends, one of them cut between its CR and its LF.
      `event: response.output_text.delta\r\ndata: ${JSON.stringify(delta(1, 'a'))}\r`,
      '\n\r\n',
      // One JSON value over two data lines: the lines are joined with a newline, which JSON allows.
      `data: {"type":"response.output_text.delta",\ndata: "sequence_number":2,"delta":"b"}\n\n`,
    ]);
    const { seen, error } = await read(events);
    expect(error).toBeUndefined();
    expect(seen).toEqual([delta(0, 'Grüße 🌍'), delta(1, 'a'), delta(2, 'b')]);
  });

  it('keeps the last event when the body ends without its blank line, as the SDK does', async () => {
    const { seen, error } = await read(
      await open([frame(delta(0, 'x')), `data: ${JSON.stringify(delta(1, 'y'))}`]),
    );
    expect(error).toBeUndefined();
    expect(seen).toEqual([delta(0, 'x'), delta(1, 'y')]);
  });

  it('ends at [DONE] and closes the body', async () => {
    const { seen } = await read(
      await open([frame(delta(0, 'x')), frame('[DONE]'), frame(delta(1, 'never')), 'hold']),
    );
    expect(seen).toEqual([delta(0, 'x')]);
    await closed.at(-1);
  });

  it('throws an `error` event as the SDK APIError, after the events before it', async () => {
    const payload = { type: 'error', error: { code: 'server_error', message: 'The model broke.' } };
    const { seen, error } = await read(await open([frame(delta(0, 'x')), frame(payload, 'error'), 'hold']));
    expect(seen).toEqual([delta(0, 'x')]);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('The model broke.');
    expect((error as APIError).code).toBe('server_error');
    await closed.at(-1); // the request was aborted
  });

  it('throws a payload with an `error` field as an APIError even without the event name', async () => {
    const { error } = await read(await open([frame({ error: { message: 'Nope.', code: 'bad' } })]));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('Nope.');
  });

  it('throws data that is not JSON as the SDK SyntaxError', async () => {
    const { seen, error } = await read(await open([frame(delta(0, 'x')), 'data: {"type": "response.\n\n']));
    expect(seen).toEqual([delta(0, 'x')]);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe('Error reading response: malformed server-sent event JSON.');
  });

  it('fails an event that never ends instead of buffering it without limit', async () => {
    scripts.push([`data: "${'x'.repeat(3000)}`, 'x'.repeat(3000), 'hold']);
    const events = await openEventStream(client.responses.create({ model: 'm', input: 'Hi', stream: true }), {
      maxEventChars: 4096,
    });
    const { error } = await read(events);
    expect(error).toBeInstanceOf(ResponseFailedError);
    expect((error as ResponseFailedError).code).toBe('stream_failed');
    expect((error as Error).message).toBe(
      'The service sent an event of more than 4096 characters; the stream was closed.',
    );
    await closed.at(-1);
  });

  it('leaving early aborts the request (the server sees the connection close)', async () => {
    const events = await open([frame(delta(0, 'x')), frame(delta(1, 'y')), 'hold']);
    for await (const event of events) {
      expect(event).toEqual(delta(0, 'x'));
      break;
    }
    await closed.at(-1);
  });

  it('an abort while a read waits ends the stream without an error (a stall is reported by the reader)', async () => {
    const events = (await open([frame(delta(0, 'x')), 'hold'])) as AsyncIterable<ResponseStreamEvent> & {
      controller: AbortController;
    };
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(delta(0, 'x'));
    const waiting = iterator.next();
    events.controller.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await closed.at(-1);
  });

  it('an abort through the request signal ends the stream the same way', async () => {
    scripts.push([frame(delta(0, 'x')), 'hold']);
    const controller = new AbortController();
    const events = await openEventStream(
      client.responses.create({ model: 'm', input: 'Hi', stream: true }, { signal: controller.signal }),
    );
    const seen: ResponseStreamEvent[] = [];
    for await (const event of events) {
      seen.push(event);
      controller.abort();
    }
    expect(seen).toEqual([delta(0, 'x')]);
    await closed.at(-1);
  });

  it('refuses a maxEventChars that is not a positive whole number, leaving no rejection unhandled', async () => {
    // No script: the server answers 429, which nobody awaits; vitest fails on an unhandled rejection.
    const error = await openEventStream(client.responses.create({ model: 'm', input: 'Hi', stream: true }), {
      maxEventChars: 0,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('`maxEventChars` must be a positive whole number');
    const notAnObject = await openEventStream(
      client.responses.create({ model: 'm', input: 'Hi', stream: true }),
      5 as never,
    ).catch((e) => e);
    expect(notAnObject).toBeInstanceOf(ConfigurationError);
    expect(notAnObject.message).toContain('takes an options object');
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('a stream left in the middle of an event leaves nothing behind for the next stream (decoders are reused)', async () => {
    const first = (await open([
      frame(delta(0, 'x')),
      'data: {"type":"response.output_text.delta","seq',
      'hold',
    ])) as AsyncIterable<ResponseStreamEvent> & {
      controller: AbortController;
    };
    const iterator = first[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(delta(0, 'x'));
    await new Promise((resolve) => setTimeout(resolve, 30)); // the half event arrives
    const waiting = iterator.next();
    first.controller.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    const { seen, error } = await read(await open([frame(delta(1, 'y')), frame(delta(2, 'z'))]));
    expect(error).toBeUndefined();
    expect(seen).toEqual([delta(1, 'y'), delta(2, 'z')]);
  });

  it('can be read once', async () => {
    const events = await open([frame(delta(0, 'x'))]);
    await read(events);
    expect(() => events[Symbol.asyncIterator]()).toThrow('This response stream was read already.');
  });

  it('an HTTP error is the SDK error of its status, before any stream exists', async () => {
    const error = await openEventStream(
      client.responses.create({ model: 'm', input: 'Hi', stream: true }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toContain('Slow down.');
  });

  it("takes the response from the SDK's request, without its parse (which would build a Stream nobody reads)", async () => {
    scripts.push([frame(delta(0, 'fast'))]);
    const pending = client.responses.create({ model: 'm', input: 'Hi', stream: true });
    const parse = vi.spyOn(pending, 'withResponse');
    const { seen, error } = await read(await openEventStream(pending));
    expect({ seen, error }).toEqual({ seen: [delta(0, 'fast')], error: undefined });
    // If an upgrade of `openai` loses the request promise this reads, the fallback still works
    // (next test) but every turn pays the SDK's parse again: this test says so.
    expect(parse).not.toHaveBeenCalled();
  });

  it('falls back to withResponse() for an SDK promise without the request promise it reads', async () => {
    scripts.push([frame(delta(0, 'slow')), frame(delta(1, ' path'))]);
    const pending = client.responses.create({ model: 'm', input: 'Hi', stream: true });
    const withoutIt = { withResponse: () => pending.withResponse() };
    const { seen, error } = await read(await openEventStream(withoutIt as unknown as typeof pending));
    expect({ seen, error }).toEqual({ seen: [delta(0, 'slow'), delta(1, ' path')], error: undefined });
  });

  it('passes through the stream of a client that is not the SDK (no withResponse)', async () => {
    const own = (async function* () {
      yield delta(0, 'mine') as ResponseStreamEvent;
    })();
    const { seen } = await read(await openEventStream(Promise.resolve(own) as never));
    expect(seen).toEqual([delta(0, 'mine')]);
  });
});

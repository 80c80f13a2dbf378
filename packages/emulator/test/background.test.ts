import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor, createSseDecoder, eventsOf, jsonOf, post, readFrames } from './helpers.js';
import { API_KEY, startTestMcpServer, type TestMcpServer } from './mcp-test-server.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

type Event = Record<string, unknown> & { type: string; sequence_number: number };

const TEXT = 'one two three four five six seven eight';

/** Polls `GET /responses/{id}` with the SDK until the status is terminal; returns every status seen. */
async function pollUntilDone(
  id: string,
): Promise<{ statuses: string[]; response: OpenAI.Responses.Response }> {
  const statuses: string[] = [];
  for (;;) {
    const response = await client.responses.retrieve(id);
    if (statuses.at(-1) !== response.status) statuses.push(response.status as string);
    if (response.status !== 'queued' && response.status !== 'in_progress') return { statuses, response };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Reads SSE events from a raw answer until the stream ends or drops (reports which). */
async function readUntilEnd(
  res: Response,
  stopAfter?: number,
): Promise<{ events: Event[]; dropped: boolean }> {
  const decoder = createSseDecoder();
  const events: Event[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      events.push(...(eventsOf(decoder.feed(value)) as Event[]));
      if (stopAfter !== undefined && events.length >= stopAfter) {
        await reader.cancel();
        return { events, dropped: false };
      }
    }
  } catch {
    return { events, dropped: true };
  }
  events.push(...(eventsOf(decoder.end()) as Event[]));
  return { events, dropped: false };
}

/** Streams a background response with raw fetch: `GET …/responses/{id}?stream=true[&starting_after=N]`. */
async function replay(id: string, startingAfter?: number): Promise<Event[]> {
  const query = startingAfter === undefined ? '' : `&starting_after=${startingAfter}`;
  const res = await fetch(`${emu.url}/responses/${id}?stream=true${query}`);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  return eventsOf((await readFrames(res)).frames) as Event[];
}

const seqs = (events: Event[]) => events.map((e) => e.sequence_number);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('background mode (JSON)', () => {
  it('answers queued at once, then moves through in_progress to completed with output and usage', async () => {
    emu.enqueue(reply.text(TEXT, { delayMs: 15 }));
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    const { statuses, response } = await pollUntilDone(created.id);
    expect(created).toMatchObject({
      status: 'queued',
      background: true,
      output: [],
      usage: null,
      completed_at: null,
      store: true,
    });
    expect([created.status, ...statuses.filter((s) => s !== 'queued')]).toEqual([
      'queued',
      'in_progress',
      'completed',
    ]);
    expect(response.output_text).toBe(TEXT);
    expect(response.background).toBe(true);
    expect(response.completed_at).toEqual(expect.any(Number));
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(response.service_tier).toBe('default');
    expect(emu.responses.map((r) => r.status)).toEqual(['completed']);
  });

  it('runs function-call turns with reasoning in the background, and chains to them once done', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }, { reasoning: 'Needs the weather.' }));
    const created = await client.responses.create({
      model: 'm',
      input: 'Weather?',
      background: true,
      reasoning: { effort: 'low', summary: 'auto' },
    });
    const { response } = await pollUntilDone(created.id);
    expect(response.output.map((i) => i.type)).toEqual(['reasoning', 'function_call']);
    const call = response.output[1] as OpenAI.Responses.ResponseFunctionToolCall;
    const next = await client.responses.create({
      model: 'm',
      previous_response_id: created.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp":21}' }],
    });
    expect(next.output_text).toBe('Tool get_weather returned: {"temp":21}');
  });

  it('shows the items done so far while the response is in progress', async () => {
    emu.enqueue(
      reply.items(
        [
          { type: 'message', text: 'First.' },
          { type: 'message', text: TEXT },
        ],
        { delayMs: 10 },
      ),
    );
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    let partial: OpenAI.Responses.Response | undefined;
    for (;;) {
      const current = await client.responses.retrieve(created.id);
      if (current.status === 'completed') break;
      if (current.output.length === 1) partial = current;
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(partial).toMatchObject({ status: 'in_progress', usage: null, output_text: 'First.' });
  });

  it('rejects background with store: false with a 400', async () => {
    const error = await client.responses
      .create({ model: 'm', input: 'Hi', background: true, store: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'background', code: 'invalid_value' });
    expect(emu.pendingTurns).toBe(0);
  });

  it('answers an http fault turn with the HTTP error, as without background', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 429, retryAfterMs: 1 }), reply.text('after retry'));
    const created = await clientFor(emu, { maxRetries: 1 }).responses.create({
      model: 'm',
      input: 'Hi',
      background: true,
    });
    expect((await pollUntilDone(created.id)).response.output_text).toBe('after retry');
    expect(emu.requests.map((r) => r.status).slice(0, 2)).toEqual([429, 200]);
  });

  it('fails the response in the background on an error_event fault', async () => {
    emu.enqueue(reply.text(TEXT, { fault: { type: 'error_event', afterEvents: 6 } }));
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    const { response } = await pollUntilDone(created.id);
    expect(response).toMatchObject({ status: 'failed', usage: null, error: { code: 'server_error' } });
    const events = await replay(created.id);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['error', 'response.failed']);
    expect(seqs(events)).toEqual(range(0, events.length - 1));
  });
});

describe('background streams', () => {
  it('sends created (queued), queued, in_progress, … completed with contiguous sequence numbers', async () => {
    emu.enqueue(reply.text('Hello there'));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      background: true,
      stream: true,
    });
    const events = eventsOf((await readFrames(res)).frames) as AnyJson[];
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.queued',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(seqs(events)).toEqual(range(0, 10));
    expect(events.slice(0, 3).map((e) => e.response.status)).toEqual(['queued', 'queued', 'in_progress']);
    expect(events[0].response).toMatchObject({ background: true, output: [], usage: null });
    expect(events.at(-1).response).toMatchObject({ status: 'completed', background: true });
    // Every event is stored: a replay from the start gives the same stream.
    expect(await replay(events[0].response.id)).toEqual(events);
  });

  it('replays exactly the events after starting_after once the response is done (SDK retrieve)', async () => {
    emu.enqueue(reply.text(TEXT));
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    await pollUntilDone(created.id);
    const all = await replay(created.id);
    const stream = await client.responses.retrieve(created.id, { stream: true, starting_after: 4 });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events).toEqual(all.slice(5));
    expect(emu.requests.at(-1)?.query).toMatchObject({ stream: 'true', starting_after: '4' });
    expect(await replay(created.id, all.length - 1)).toEqual([]);
  });

  it('replays the stored events and then follows the live ones while the response runs', async () => {
    emu.enqueue(reply.text(TEXT, { delayMs: 15 }));
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    // Wait until a few events exist, then resume after the third one.
    while ((emu.getResponse(created.id)?.status as string) === 'queued') {
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const stream = await client.responses.retrieve(created.id, { stream: true, starting_after: 2 });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    let liveAfterConnect = false;
    for await (const event of stream) {
      events.push(event);
      if (emu.getResponse(created.id)?.status !== 'completed') liveAfterConnect = true;
    }
    expect(liveAfterConnect).toBe(true);
    expect(events[0]?.sequence_number).toBe(3);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events).toEqual((await replay(created.id)).slice(3));
  });

  it("works with the SDK's responses.stream({response_id, starting_after})", async () => {
    emu.enqueue(reply.text(TEXT, { delayMs: 5 }));
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    const stream = client.responses.stream({ response_id: created.id, starting_after: 6 });
    const seen: number[] = [];
    stream.on('event', (event) => seen.push(event.sequence_number));
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(TEXT);
    expect(seen[0]).toBe(7);
    expect(seen).toEqual(range(7, seen.at(-1) as number));
  });

  it('resumes after a disconnect fault with every event exactly once, and the work completes', async () => {
    emu.enqueue(reply.text(TEXT, { delayMs: 5, fault: { type: 'disconnect', afterEvents: 6 } }));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      background: true,
      stream: true,
    });
    const first = await readUntilEnd(res);
    expect(first.dropped).toBe(true);
    expect(seqs(first.events)).toEqual(range(0, 5));
    const id = (first.events[0] as AnyJson).response.id as string;
    expect(emu.getResponse(id)?.status).not.toBe('completed');
    const rest = await replay(id, first.events.at(-1)?.sequence_number);
    const all = [...first.events, ...rest];
    expect(seqs(all)).toEqual(range(0, all.length - 1));
    expect(all.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(emu.getResponse(id)?.status).toBe('completed');
  });

  it('keeps running when the client closes its stream, and a later GET stream resumes it', async () => {
    emu.enqueue(reply.text(TEXT, { delayMs: 5 }));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      background: true,
      stream: true,
    });
    const first = await readUntilEnd(res, 4);
    const id = (first.events[0] as AnyJson).response.id as string;
    const rest = await replay(id, first.events.at(-1)?.sequence_number);
    expect(seqs([...first.events, ...rest])).toEqual(range(0, first.events.length + rest.length - 1));
    expect(rest.at(-1)?.type).toBe('response.completed');
  });

  it('rejects a stream of a response created without background with a 400', async () => {
    const plain = await client.responses.create({ model: 'm', input: 'Hi' });
    const res = await fetch(`${emu.url}/responses/${plain.id}?stream=true`);
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toEqual({
      message: 'This response cannot be streamed because it was not created with background=true.',
      type: 'invalid_request_error',
      param: 'stream',
      code: null,
    });
    const unknown = await fetch(`${emu.url}/responses/resp_unknown?stream=true`);
    expect(unknown.status).toBe(404);
    const error = await client.responses
      .retrieve(plain.id, { stream: true, starting_after: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('rejects a starting_after that is not an integer', async () => {
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    const res = await fetch(`${emu.url}/responses/${created.id}?stream=true&starting_after=abc`);
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toMatchObject({ param: 'starting_after', code: 'invalid_type' });
  });
});

describe('cancel', () => {
  it('cancels an in-progress background response, ends its stream, and is idempotent', async () => {
    emu.enqueue(reply.text(`${TEXT} ${TEXT} ${TEXT}`, { delayMs: 10 }));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      background: true,
      stream: true,
    });
    const reading = readUntilEnd(res);
    let id: string | undefined;
    while (!id || emu.getResponse(id)?.status !== 'in_progress') {
      id ??= emu.responses[0]?.id;
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    // Let the message start and a few deltas go out, then cancel mid-message.
    await new Promise((resolve) => setTimeout(resolve, 45));
    const cancelled = await client.responses.cancel(id);
    expect(cancelled).toMatchObject({
      id,
      status: 'cancelled',
      background: true,
      usage: null,
      completed_at: null,
    });
    expect(cancelled.output).toEqual([expect.objectContaining({ type: 'message', status: 'in_progress' })]);
    const { events, dropped } = await reading;
    expect(dropped).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'cancelled' } });
    expect(seqs(events)).toEqual(range(0, events.length - 1));
    expect(await client.responses.cancel(id)).toEqual(cancelled);
    const count = (await replay(id)).length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((await client.responses.retrieve(id)).status).toBe('cancelled');
    expect(await replay(id)).toHaveLength(count);
  });

  it('cancels a queued response before any output', async () => {
    emu.enqueue(reply.text(TEXT, { delayMs: 200 }));
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    const cancelled = await client.responses.cancel(created.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', output: [], usage: null });
    expect((await replay(created.id)).map((e) => e.type)).toEqual([
      'response.created',
      'response.queued',
      'response.failed',
    ]);
  });

  it('refuses to cancel a finished background response, and a response created without background', async () => {
    const done = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    await pollUntilDone(done.id);
    const res = await post(`${emu.url}/responses/${done.id}/cancel`, {});
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toEqual({
      message: 'Cannot cancel a completed response.',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    const plain = await client.responses.create({ model: 'm', input: 'Hi' });
    const error = await client.responses.cancel(plain.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain(
      'Only responses created with background=true can be cancelled.',
    );
    expect((await post(`${emu.url}/responses/resp_unknown/cancel`, {})).status).toBe(404);
  });
});

describe('background lifecycle', () => {
  it('stops a running background response when it is deleted', async () => {
    emu.enqueue(reply.text(TEXT, { delayMs: 200 }));
    const created = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    await client.responses.delete(created.id);
    await expect(client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await fetch(`${emu.url}/responses/${created.id}?stream=true`)).status).toBe(404);
  });

  it('stops running background work on close()', async () => {
    const own = await startEmulator({ script: [reply.text(TEXT, { delayMs: 5_000 })] });
    const created = await clientFor(own).responses.create({ model: 'm', input: 'Hi', background: true });
    const res = await fetch(`${own.url}/responses/${created.id}?stream=true`);
    const reading = readUntilEnd(res);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await reading).events.map((e) => e.type)).toEqual(['response.created', 'response.queued']);
    expect(own.getResponse(created.id)?.status).toBe('queued');
  });

  it('runs hosted MCP calls in the background', async () => {
    const mcp: TestMcpServer = await startTestMcpServer();
    try {
      emu.enqueue(reply.mcpCall('ledger', 'add', { a: 2, b: 3 }, { delayMs: 5 }));
      const tools = [
        {
          type: 'mcp',
          server_label: 'ledger',
          server_url: mcp.url,
          headers: { 'x-api-key': API_KEY },
          require_approval: 'never',
        },
      ] as OpenAI.Responses.Tool[];
      const created = await client.responses.create({ model: 'm', input: 'Add', tools, background: true });
      expect(created.status).toBe('queued');
      const { response } = await pollUntilDone(created.id);
      expect(response.output.map((i) => i.type)).toEqual(['mcp_list_tools', 'mcp_call', 'message']);
      expect(response.output_text).toBe('MCP tool add returned: 5');
      expect(mcp.calls).toEqual([{ name: 'add', arguments: { a: 2, b: 3 } }]);
    } finally {
      await mcp.close();
    }
  });
});

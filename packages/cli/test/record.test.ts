// The recording proxy against the emulator standing in for the real endpoint: a multi-turn run
// with parallel tools goes through the proxy, the recordings are replayed by a second emulator,
// and the same agent gets the same result from the replay.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, createAgent, type RunResult } from '@turnkit/core';
import { type Emulator, loadScript, reply, startEmulator } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Scrubber, startRecorder } from '../src/index.js';

const KEY = 'sk-live-recording-secret-0451';
const MCP_SECRET = 'mcp-header-secret-7788';
let live: Emulator;
let dir: string;
beforeAll(async () => {
  live = await startEmulator({ apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), 'turnkit-record-'));
});
afterAll(async () => {
  await live.close();
  await rm(dir, { recursive: true, force: true });
});

const toolCalls: string[] = [];
const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  input: z.object({ city: z.string() }),
  execute: ({ city }) => {
    toolCalls.push(city);
    return { city, sky: city === 'Paris' ? 'clear' : 'rain' };
  },
});

/** The same agent, against whichever endpoint. */
const weatherAgent = (client: OpenAI) =>
  createAgent({
    name: 'weather',
    model: 'gpt-5.1',
    instructions: 'Answer weather questions.',
    client,
    tools: [getWeather],
    settings: { reasoning: { effort: 'low', summary: 'auto' }, user: 'ann@example.com' },
  });

/** What a run amounts to, without the ids (which the recording replaces). */
function outcome(result: RunResult) {
  return {
    status: result.status,
    output: result.output,
    turns: result.turns,
    usage: result.usage,
    calls: result.items
      .filter((i) => i.type === 'function_call')
      .map((i) => i.type === 'function_call' && [i.name, i.arguments]),
    outputs: result.items
      .filter((i) => i.type === 'function_call_output')
      .map((i) => i.type === 'function_call_output' && i.output),
  };
}

describe('recording live traffic', () => {
  it('records a multi-turn run with tools that a second emulator replays to the same result', async () => {
    const to = join(dir, 'weather');
    const recorder = await startRecorder({ to, target: live.origin });
    live.enqueue(
      reply.toolCalls(
        [
          { name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_weather', arguments: { city: 'Oslo' } },
        ],
        { reasoning: 'Two cities.' },
      ),
      reply.text('Paris is clear; Oslo has rain.', { match: { toolOutputFor: 'get_weather' } }),
    );
    const viaProxy = new OpenAI({ baseURL: `${recorder.origin}/openai/v1`, apiKey: KEY, maxRetries: 0 });
    toolCalls.length = 0;
    const recorded = await weatherAgent(viaProxy).run('Weather in Paris and Oslo?');
    await recorder.close();
    expect(recorded.output).toBe('Paris is clear; Oslo has rain.');
    expect(toolCalls.sort()).toEqual(['Oslo', 'Paris']);

    expect((await readdir(to)).sort()).toEqual([
      '0001-create.chunks.txt',
      '0001-create.json',
      '0002-create.chunks.txt',
      '0002-create.json',
      'script.json',
    ]);
    expect(recorder.recordings).toEqual(['0001-create', '0002-create']);
    const script = JSON.parse(await readFile(recorder.scriptPath, 'utf8'));
    expect(script.turns).toEqual([{ recording: '0001-create' }, { recording: '0002-create' }]);

    // Nothing of the live session's ids or secrets is in the files.
    const files = await Promise.all((await readdir(to)).map((name) => readFile(join(to, name), 'utf8')));
    const everything = files.join('\n');
    for (const response of recorded.responses) expect(everything).not.toContain(response.id.slice(5));
    for (const item of recorded.items) {
      if ('call_id' in item && item.call_id) expect(everything).not.toContain(item.call_id);
    }
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('ann@example.com');
    expect(everything).toContain('"user": "[redacted]"');
    const events = files[0]!
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[0].type).toBe('response.created');
    expect(events.at(-1).type).toBe('response.completed');
    expect(events[0].response.id).toMatch(/^resp_0+1$/);

    // Replayed offline: the same agent, the same result.
    const replay = await startEmulator({ script: await loadScript(recorder.scriptPath) });
    try {
      toolCalls.length = 0;
      const client = new OpenAI({ baseURL: replay.azureUrl, apiKey: 'test', maxRetries: 0 });
      const replayed = await weatherAgent(client).run('Weather in Paris and Oslo?');
      expect(outcome(replayed)).toEqual(outcome(recorded));
      expect(toolCalls.sort()).toEqual(['Oslo', 'Paris']);
      expect(replay.pendingTurns).toBe(0);
      // The replay chained the second turn to the first response, under its scrubbed id.
      expect(replayed.responses[1]!.previous_response_id).toBe(replayed.responses[0]!.id);
      expect(replayed.responses[0]!.id).toBe(events[0].response.id);
    } finally {
      await replay.close();
    }
  });

  it('records a non-streamed answer and an HTTP error as bodies the emulator replays', async () => {
    const to = join(dir, 'bodies');
    const recorder = await startRecorder({ to, target: `${live.origin}/v1` });
    live.enqueue(
      reply.text('Plain JSON.'),
      reply.fault({ type: 'http', status: 429, error: { message: 'Slow down.' } }),
    );
    const viaProxy = new OpenAI({ baseURL: recorder.origin, apiKey: KEY, maxRetries: 0 });
    const body = await viaProxy.responses.create({ model: 'gpt-5.1', input: 'Hi' });
    const failure = await viaProxy.responses
      .create({ model: 'gpt-5.1', input: 'Again' })
      .catch((e: unknown) => e);
    await recorder.close();
    expect(body.output_text).toBe('Plain JSON.');
    expect((failure as { status: number }).status).toBe(429);
    expect((await readdir(to)).sort()).toEqual(['0001-create.json', '0002-create.json', 'script.json']);

    const replay = await startEmulator({ script: await loadScript(recorder.scriptPath) });
    try {
      const client = new OpenAI({ baseURL: replay.url, apiKey: 'test', maxRetries: 0 });
      const again = await client.responses.create({ model: 'gpt-5.1', input: 'Hi' });
      expect(again.output_text).toBe('Plain JSON.');
      expect(again.id).toMatch(/^resp_0+\d+$/);
      const error = (await client.responses
        .create({ model: 'gpt-5.1', input: 'Again' })
        .catch((e: unknown) => e)) as {
        status: number;
        message: string;
      };
      expect(error.status).toBe(429);
      expect(error.message).toContain('Slow down.');
    } finally {
      await replay.close();
    }
  });

  it('forwards other requests without recording them', async () => {
    const to = join(dir, 'forward');
    const exchanges: string[] = [];
    const recorder = await startRecorder({
      to,
      target: live.origin,
      onExchange: (e) =>
        exchanges.push(`${e.method} ${e.path} ${e.status} ${e.recording ?? `(${e.skipped})`}`),
    });
    live.enqueue(reply.text('Stored.'));
    const viaProxy = new OpenAI({ baseURL: `${recorder.origin}/v1`, apiKey: KEY, maxRetries: 0 });
    const created = await viaProxy.responses.create({ model: 'gpt-5.1', input: 'Keep this' });
    const fetched = await viaProxy.responses.retrieve(created.id);
    await recorder.close();
    expect(fetched.id).toBe(created.id);
    expect(exchanges).toEqual([
      'POST /v1/responses 200 0001-create',
      `GET /v1/responses/${created.id} 200 (only POST …/responses is recorded)`,
    ]);
    expect(recorder.recordings).toEqual(['0001-create']);
  });

  it('refuses a folder that holds recordings already, and a target that is not a URL', async () => {
    const to = join(dir, 'taken');
    const first = await startRecorder({ to, target: live.origin });
    await first.close();
    await expect(startRecorder({ to, target: live.origin })).rejects.toThrow(/already holds recordings/);
    await expect(startRecorder({ to: join(dir, 'x'), target: 'my-resource' })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(startRecorder({ to: join(dir, 'y'), target: 'https://u:p@example.com' })).rejects.toThrow(
      /must not hold credentials/,
    );
  });
});

describe('scrubbing by rule', () => {
  it('replaces ids consistently, wherever they appear, and redacts secrets and identifiers', () => {
    const scrubber = new Scrubber();
    const scrubbed = scrubber.scrub({
      id: 'resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b',
      previous_response_id: 'resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b',
      output: [{ id: 'fc_0123456789abcdef', call_id: 'call_VSPygqKTWdrhaFErNvMV18Yl' }],
      error: {
        message:
          "Previous response with id 'resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b' not found.",
      },
      tools: [
        {
          type: 'mcp',
          server_url: 'https://mcp.example.com/x?key=abc',
          headers: { Authorization: `Bearer ${MCP_SECRET}` },
        },
      ],
      user: 'ann@example.com',
      safety_identifier: 'user-42',
      text: `my key is sk-proj-abcdefghijklmnopqrstu and my file is file-AbCdEf0123456789`,
      api_key: 'anything',
      sequence_number: 7,
      encrypted_content: 'gAAAAABo-opaque',
    }) as Record<string, any>;
    expect(scrubbed.id).toBe(`resp_${'0'.repeat(47)}1`);
    expect(scrubbed.previous_response_id).toBe(scrubbed.id);
    expect(scrubbed.error.message).toBe(`Previous response with id '${scrubbed.id}' not found.`);
    expect(scrubbed.output[0]).toEqual({
      id: 'fc_0000000000000002',
      call_id: 'call_000000000000000000000003',
    });
    expect(scrubbed.tools[0]).toEqual({
      type: 'mcp',
      server_url: 'https://mcp.example.com/x?key=%5Bredacted%5D',
      headers: { Authorization: '[redacted]' },
    });
    expect(scrubbed.user).toBe('[redacted]');
    expect(scrubbed.safety_identifier).toBe('[redacted]');
    expect(scrubbed.api_key).toBe('[redacted]');
    expect(scrubbed.text).toBe('my key is [redacted] and my file is file-0000000000000004');
    expect(scrubbed.sequence_number).toBe(7);
    expect(scrubbed.encrypted_content).toBe('gAAAAABo-opaque');
    expect(JSON.stringify(scrubbed)).not.toContain(MCP_SECRET);
  });
});

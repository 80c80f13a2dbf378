import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { clientFor, jsonOf, post, RECORDINGS, readFrames } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const toolCall = join(RECORDINGS, 'azure-tool-call.1');
const text = join(RECORDINGS, 'azure-text.1');
const lines = (prefix: string) =>
  readFileSync(`${prefix}.chunks.txt`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

describe('recording replay', () => {
  it('replays azure-tool-call.1 as the SSE stream verbatim, with event lines from each type', async () => {
    emu.enqueue(reply.recording(toolCall));
    const res = await post(`${emu.azureUrl}/responses`, {
      model: 'gpt-5.1',
      input: 'Weather in SF?',
      stream: true,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const { frames, text: body } = await readFrames(res);
    const recorded = lines(toolCall);
    expect(frames.map((f) => f.data)).toEqual(recorded);
    expect(frames.map((f) => f.event)).toEqual(recorded.map((l) => JSON.parse(l).type));
    expect(body).toBe(recorded.map((l) => `event: ${JSON.parse(l).type}\ndata: ${l}\n\n`).join(''));
  });

  it('feeds a recorded tool call through the SDK and lets the next turn chain to it', async () => {
    emu.enqueue(reply.recording(toolCall));
    const client = clientFor(emu);
    const stream = client.responses.stream({ model: 'gpt-5.1', input: 'Weather in SF?' });
    const final = await stream.finalResponse();
    expect(final.id).toBe('resp_04041325ab8ae30400698c519fb7fc81979972618138fc336d');
    const call = final.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ name: 'weather', call_id: 'call_H5DxLSFnsGhiROnUiDHmgyc8' });
    const next = await client.responses.create({
      model: 'gpt-5.1',
      previous_response_id: final.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp":18}' }],
    });
    expect(next.output_text).toBe('Tool weather returned: {"temp":18}');
  });

  it('replays the .json body verbatim for a non-streamed request', async () => {
    emu.enqueue(reply.recording(`${text}.json`));
    const res = await post(`${emu.url}/responses`, { model: 'gpt-5.1', input: 'Hi' });
    expect(await jsonOf(res)).toEqual(JSON.parse(readFileSync(`${text}.json`, 'utf8')));
  });

  it('replays azure-text.1 through the SDK stream with its text intact', async () => {
    emu.enqueue(reply.recording(text));
    const final = await clientFor(emu).responses.stream({ model: 'gpt-5.1', input: 'Hi' }).finalResponse();
    const recordedText = lines(text)
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(final.output_text).toBe(recordedText);
    expect(final.status).toBe('completed');
  });

  it('replays a recorded error stream so the SDK throws, and its HTTP error body with a status', async () => {
    const error = join(RECORDINGS, 'openai-error.1');
    emu.enqueue(reply.recording(error));
    const stream = await clientFor(emu).responses.create({ model: 'm', input: 'Hi', stream: true });
    await expect(
      (async () => {
        for await (const _ of stream);
      })(),
    ).rejects.toThrow('You exceeded your current quota');
    emu.enqueue(reply.recording(error));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi' });
    expect(res.status).toBe(429);
    expect((await jsonOf(res)).error.code).toBe('insufficient_quota');
  });

  it('cuts a recording with a disconnect fault', async () => {
    emu.enqueue(reply.recording(toolCall, { fault: { type: 'disconnect', afterEvents: 4 } }));
    const res = await post(`${emu.url}/responses`, { model: 'gpt-5.1', input: 'x', stream: true });
    await expect(readFrames(res)).rejects.toThrow();
  });
});

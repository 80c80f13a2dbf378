import { Stream } from 'openai/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitJson, splitText } from '../src/emitters/chunking.js';
import { formatSseEvent, numberEvents } from '../src/http/sse.js';
import { type Emulator, estimateTokens, reply, startEmulator } from '../src/index.js';
import { countInputTokens, countOutputTokens } from '../src/wire/usage.js';
import { createSseDecoder, post, readFrames } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const TRICKY = 'Zürich 👋🏽 東京 — "quoted" \\ back\\slash\nnew line and tab\t end';

async function rawStreamBytes(): Promise<Uint8Array> {
  emu.enqueue(
    reply.items([
      { type: 'message', text: TRICKY },
      { type: 'function_call', name: 'f', arguments: { s: TRICKY } },
    ]),
  );
  const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', stream: true });
  return new Uint8Array(await res.arrayBuffer());
}

function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.slice(i, i + size));
  return parts;
}

function asResponse(parts: Uint8Array[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
}

describe('SSE framing', () => {
  it('decodes to the same events however the bytes are split, mid-character included', async () => {
    const bytes = await rawStreamBytes();
    const whole = createSseDecoder();
    const expected = [...whole.feed(bytes), ...whole.end()].map((f) => f.data);
    expect(expected.length).toBeGreaterThan(10);
    for (const size of [1, 2, 3, 7, 64]) {
      const decoder = createSseDecoder();
      const frames = splitEvery(bytes, size).flatMap((part) => decoder.feed(part));
      frames.push(...decoder.end());
      expect(frames.map((f) => f.data)).toEqual(expected);
    }
  });

  it('decodes with the official SDK parser from one-byte chunks', async () => {
    const bytes = await rawStreamBytes();
    const stream = Stream.fromSSEResponse<{ type: string; delta?: string; sequence_number: number }>(
      asResponse(splitEvery(bytes, 1)),
      new AbortController(),
    );
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const text = events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(text).toBe(TRICKY);
    const args = events
      .filter((e) => e.type === 'response.function_call_arguments.delta')
      .map((e) => e.delta)
      .join('');
    expect(JSON.parse(args)).toEqual({ s: TRICKY });
  });

  it('keeps every data payload on one line, even with newlines in the text', async () => {
    emu.enqueue(reply.text('line one\nline two\r\nline three'));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', stream: true });
    const { frames } = await readFrames(res);
    for (const frame of frames) expect(frame.lines.map((l) => l.split(':')[0])).toEqual(['event', 'data']);
  });

  it('formats events as event and data lines with sequence_number second', () => {
    expect(formatSseEvent('a.b', '{"x":1}')).toBe('event: a.b\ndata: {"x":1}\n\n');
    const [event] = numberEvents([{ type: 'response.created', response: {} }], 7);
    expect(event!.raw).toBe('{"type":"response.created","sequence_number":7,"response":{}}');
  });
});

describe('chunking', () => {
  const samples = ['', ' ', 'Hello', 'Hello big world  ', '  lead', TRICKY, 'x'.repeat(50), '👋'.repeat(40)];

  it('splits text losslessly into word-sized deltas', () => {
    for (const s of samples) expect(splitText(s).join('')).toBe(s);
    expect(splitText('Hello big world')).toEqual(['Hello', ' big', ' world']);
    for (const piece of splitText('x'.repeat(50))) expect(piece.length).toBeLessThanOrEqual(16);
  });

  it('splits JSON losslessly, also when it is malformed', () => {
    for (const s of [
      ...samples,
      '{"a":"b\\"c"}',
      '{"broken": "unterminated',
      JSON.stringify({ s: TRICKY }),
    ]) {
      expect(splitJson(s).join('')).toBe(s);
    }
    expect(splitJson('{"city":"Paris"}')).toEqual(['{', '"city"', ':', '"Paris"', '}']);
  });

  it('never splits a surrogate pair', () => {
    for (const piece of [...splitText('👋'.repeat(40)), ...splitJson(`"${'👋'.repeat(40)}"`)]) {
      expect(piece).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });
});

describe('usage estimate', () => {
  it('counts one token per four code points, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('👋👋👋👋')).toBe(1);
  });

  it('counts a lone surrogate as one code point, as iterating the string does', () => {
    expect(estimateTokens('\ud83d\ud83d\ud83d\ud83d')).toBe(1);
    expect(estimateTokens('\ude00\ud83d👋a')).toBe(1);
    expect(estimateTokens('a👋\ud83d\ude00\ude00\ud83d')).toBe(2);
  });

  it('counts instructions, every item and the tools', () => {
    const items = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'abcdefgh' }] },
      { type: 'function_call', call_id: 'c', name: 'fn', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c', output: 'abcd' },
    ];
    const tools = [{ type: 'function', name: 'fn' }];
    expect(countInputTokens({ instructions: 'abcd', items, tools })).toBe(
      1 + 4 + (4 + 2) + (4 + 1) + (4 + 1) + estimateTokens(JSON.stringify(tools)),
    );
    expect(countOutputTokens([{ type: 'message', content: [{ type: 'output_text', text: '' }] }])).toBe(1);
  });
});

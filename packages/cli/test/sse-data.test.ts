import { describe, expect, it } from 'vitest';
import { SseDataSplitter } from '../src/recorder/sse-data.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds `text` cut at every position into two pieces, and checks each cut gives `expected`. */
function everyCut(text: string, expected: string[]): void {
  const all = bytes(text);
  for (let cut = 0; cut <= all.length; cut++) {
    const sse = new SseDataSplitter();
    const out = [...sse.feed(all.subarray(0, cut)), ...sse.feed(all.subarray(cut)), ...sse.end()];
    expect(out, `cut at byte ${cut}`).toEqual(expected);
  }
}

describe('splitting an SSE stream into event data', () => {
  it('finds each event whatever bytes the chunks split, mid-character and mid-CRLF included', () => {
    const stream =
      'event: response.created\r\ndata: {"type":"response.created","t":"é—😀"}\r\n\r\n' +
      'event: response.output_text.delta\ndata: {"type":"d","delta":"ß"}\n\n';
    everyCut(stream, ['{"type":"response.created","t":"é—😀"}', '{"type":"d","delta":"ß"}']);
  });

  it('joins the data lines of one event, and ignores comments, ids and CR-only line ends', () => {
    everyCut(': keep-alive\rid: 7\rdata: first\rdata:second\r\r', ['first\nsecond']);
  });

  it('keeps an event that the stream ended without a blank line', () => {
    everyCut('data: {"type":"response.completed"}', ['{"type":"response.completed"}']);
  });
});

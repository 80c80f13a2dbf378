import { describe, expect, it } from 'vitest';
import { ResponseFailedError, readResponseStream } from '../src/index.js';

async function* events(...list: unknown[]) {
  for (const e of list) yield e as any;
}
const base = { runId: 'r', turn: 1 };
const created = { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', output: [] } };

describe('a malformed stream from the service', () => {
  const cases: Array<[string, unknown[]]> = [
    [
      'an output_item.done without an item',
      [created, { type: 'response.output_item.done', output_index: 0 }],
    ],
    ['an item without a type', [created, { type: 'response.output_item.done', output_index: 0, item: {} }]],
    [
      'a message whose content is not a list',
      [
        created,
        {
          type: 'response.output_item.done',
          output_index: 0,
          item: { type: 'message', id: 'm', content: 'hi' },
        },
      ],
    ],
    ['a completed event without a response', [created, { type: 'response.completed' }]],
    [
      'a response whose output is not a list',
      [created, { type: 'response.completed', response: { id: 'resp_1', output: 'x' } }],
    ],
    [
      'a text delta that is not text',
      [created, { type: 'response.output_text.delta', delta: 42, item_id: 'm' }],
    ],
    ['an event that is not an object', [created, 'garbage']],
  ];
  for (const [what, list] of cases) {
    it(`fails as stream_failed naming the event on ${what}`, async () => {
      const error = await readResponseStream(events(...list), () => {}, base).catch((e) => e);
      expect(error).toBeInstanceOf(ResponseFailedError);
      expect(error.code).toBe('stream_failed');
      expect(error.message).toMatch(/malformed/);
    });
  }

  it('ignores event types it does not know', async () => {
    const done = { type: 'response.completed', response: { id: 'resp_1', output: [], status: 'completed' } };
    const response = await readResponseStream(
      events(created, { type: 'response.future_thing', x: 1 }, done),
      () => {},
      base,
    );
    expect(response.id).toBe('resp_1');
  });
});

describe('resuming a dropped background stream', () => {
  const ev = (seq: number, extra: Record<string, unknown>) => ({ sequence_number: seq, ...extra });
  const all = [
    ev(0, { type: 'response.created', response: { id: 'resp_bg', output: [], status: 'queued' } }),
    ev(1, { type: 'response.queued', response: { id: 'resp_bg', output: [] } }),
    ev(2, { type: 'response.in_progress', response: { id: 'resp_bg', output: [] } }),
    ev(3, { type: 'response.output_text.delta', delta: 'Hel', item_id: 'm1' }),
    ev(4, { type: 'response.output_text.delta', delta: 'lo', item_id: 'm1' }),
    ev(5, { type: 'response.output_text.delta', delta: '!', item_id: 'm1' }),
    ev(6, { type: 'response.completed', response: { id: 'resp_bg', status: 'completed', output: [] } }),
  ];
  async function* dropsAfter(events: unknown[], n: number) {
    yield* events.slice(0, n) as any[];
    throw new TypeError('terminated');
  }

  it('reopens after the last event seen, reporting none twice', async () => {
    const asked: Array<[string, number]> = [];
    const deltas: string[] = [];
    const resumed: unknown[] = [];
    const response = await readResponseStream(
      dropsAfter(all, 4),
      (e) => {
        if (e.type === 'text_delta') deltas.push(e.delta);
        if (e.type === 'stream_resumed') resumed.push(e);
      },
      base,
      {
        resume: async (id, after) => {
          asked.push([id, after]);
          // A replay that overlaps what was already seen: the reader skips it.
          return events(...all.slice(2));
        },
      },
    );
    expect(response.id).toBe('resp_bg');
    expect(asked).toEqual([['resp_bg', 3]]);
    expect(deltas.join('')).toBe('Hello!');
    expect(resumed).toMatchObject([{ type: 'stream_resumed', responseId: 'resp_bg', after: 3, attempt: 1 }]);
  });

  it('gives up after three reopenings in a row that bring nothing new', async () => {
    let calls = 0;
    const error = await readResponseStream(dropsAfter(all, 3), () => {}, base, {
      resume: async () => {
        calls++;
        return dropsAfter([], 0);
      },
    }).catch((e) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(ResponseFailedError);
    expect(error.code).toBe('stream_failed');
  });

  it('does not reopen without a resume function (not a background response)', async () => {
    const error = await readResponseStream(dropsAfter(all, 4), () => {}, base).catch((e) => e);
    expect(error.message).toMatch(/connection dropped while streaming response resp_bg: terminated/);
  });
});

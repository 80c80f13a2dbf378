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

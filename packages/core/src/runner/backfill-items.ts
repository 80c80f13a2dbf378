import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

/** The `response.output_item.done` events made up for items that only the terminal event carried. */
const backfilled = new WeakSet<object>();

/**
 * Passes a Responses event stream through, and before its terminal event (`response.completed`
 * or `response.incomplete`) puts a `response.output_item.done` for every item of the final output
 * whose own `done` event never came: the service "backfills" some items (e.g. `mcp_list_tools`)
 * into the final Response only, and the reader reports each item from its `done` event. `seen`
 * holds the output indexes whose `done` came, shared across the streams of one response (a
 * resumed stream continues the same response). The made-up events carry no `sequence_number`.
 *
 * @example
 * import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
 * import { withBackfilledItems } from './backfill-items.js';
 * declare const stream: AsyncIterable<ResponseStreamEvent>;
 * declare function handle(event: ResponseStreamEvent): void;
 * const seen = new Set<number>();
 * for await (const event of withBackfilledItems(stream, seen)) handle(event);
 */
export async function* withBackfilledItems(
  source: AsyncIterable<ResponseStreamEvent>,
  seen: Set<number>,
): AsyncGenerator<ResponseStreamEvent> {
  for await (const event of source) {
    if (event.type === 'response.output_item.done') seen.add(event.output_index);
    if (event.type === 'response.completed' || event.type === 'response.incomplete') {
      const output = (event.response as { output?: unknown } | undefined)?.output;
      if (Array.isArray(output)) {
        for (const [index, item] of output.entries()) {
          if (seen.has(index)) continue;
          seen.add(index);
          const done = {
            type: 'response.output_item.done',
            output_index: index,
            item,
          } as unknown as ResponseStreamEvent;
          backfilled.add(done);
          yield done;
        }
      }
    }
    yield event;
  }
}

/**
 * Tells whether an event was made up by {@link withBackfilledItems} (so it is not reported as a
 * raw event of the wire).
 *
 * @example
 * import type { EventBase, RunEvent } from '@turnkit/core';
 * import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
 * import { isBackfilled } from './backfill-items.js';
 * declare const event: ResponseStreamEvent;
 * declare function emit(event: RunEvent): void;
 * declare const base: EventBase;
 * if (!isBackfilled(event)) emit({ type: 'raw', event, ...base });
 */
export function isBackfilled(event: ResponseStreamEvent): boolean {
  return backfilled.has(event);
}

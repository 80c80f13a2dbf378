import { TurnkitError } from '@turnkit/tools';
import { OpenAIError } from 'openai';
import type { Response, ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { imageGeneratedEvent, imagePartialEvent } from '../images/image-events.js';
import type { EmitFn, EventBase } from '../run/events.js';
import { wants } from '../run/wants.js';
import { ResponseFailedError, StreamStalledError, toApiError } from '../run-errors/run-errors.js';
import { idleReader } from './idle-timeout.js';

type Emit = EmitFn;

/**
 * Opens the stream of a background response again, after the event with sequence number
 * `after` (`GET /responses/{id}?stream=true&starting_after=…`).
 */
export type ResumeStream = (responseId: string, after: number) => Promise<AsyncIterable<ResponseStreamEvent>>;

/** How often one response's stream is reopened in a row without a new event before the turn fails. */
const MAX_RESUMES = 3;

/** Concatenated `output_text` of a message item (refusals are reported as text too). */
export function messageText(item: ResponseOutputItem): string {
  if (item.type !== 'message') return '';
  return item.content.map((part) => (part.type === 'output_text' ? part.text : part.refusal)).join('');
}

/**
 * What a stream showed before it ended, for a caller that must recover after a failure.
 *
 * @example
 * ```ts
 * import { type EventBase, readResponseStream, type RunEvent, type StreamProgress } from '@turnkit/core';
 * import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
 * declare const stream: AsyncIterable<ResponseStreamEvent>;
 * declare function emit(event: RunEvent): void;
 * declare const base: EventBase;
 * const progress: StreamProgress = { responseId: undefined, items: new Map() };
 * await readResponseStream(stream, emit, base, { progress }).catch(() => console.log(progress.responseId));
 * ```
 */
export interface StreamProgress {
  /** The response's id, once the stream named it. */
  responseId: string | undefined;
  /** The output items completed so far (`response.output_item.done`), by output index. */
  items: Map<number, ResponseOutputItem>;
}

/**
 * Options of {@link readResponseStream}.
 *
 * @example
 * ```ts
 * import type { ReadStreamOptions } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * const options: ReadStreamOptions = { idleTimeoutMs: 60_000, resume: (id, after) => client.responses.retrieve(id, { stream: true, starting_after: after }) };
 * ```
 */
export interface ReadStreamOptions {
  /** Reopens a background response's stream after a drop (or a stall): see {@link ResumeStream}. */
  resume?: ResumeStream;
  /**
   * Most milliseconds without an event before the stream counts as stalled; `0` (default) never.
   * A stalled stream is closed and, with `resume`, reopened after the last event seen.
   */
  idleTimeoutMs?: number;
  /** Filled as the stream is read: its response id and completed items. */
  progress?: StreamProgress;
}

/**
 * Reads one Responses API event stream to its end: reports text deltas, finished items and raw
 * events through `emit` (each with the fields of `base`; `agent` defaults to `"agent"`, `depth`
 * to 0), and returns the final Response. The response's `output` is the
 * service's, from `response.completed`; items seen in `output_item.done` fill it when a
 * terminal event carries none, and an item that only the terminal event carries (the service
 * backfills some `mcp_list_tools` items) is reported as if its `output_item.done` had come.
 *
 * With `resume` (background responses), a stream that drops or stalls is reopened after the last
 * event seen, up to 3 times in a row without a new event, so no event is missed or reported twice.
 * An `emit` that throws is not caught here: pass one that cannot throw (the loop guards its own).
 *
 * @throws {StreamStalledError} when no event came for `idleTimeoutMs` and the stream could not be reopened.
 * @throws {ResponseFailedError} on `response.failed`, an `error` event, or a stream that ends
 *   without a terminal event (a dropped connection that could not be resumed).
 * @throws {RunAbortedError} when the request's signal aborted.
 * @example
 * ```ts
 * import { readResponseStream } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const model: string;
 * const stream = await client.responses.create({ model, input: 'Hi', stream: true });
 * const response = await readResponseStream(stream, (event) => console.log(event.type), { runId: 'r', turn: 1 }, {
 *   idleTimeoutMs: 60_000,
 * });
 * ```
 */
export async function readResponseStream(
  stream: AsyncIterable<ResponseStreamEvent>,
  emit: Emit,
  given: Pick<EventBase, 'runId' | 'turn'> & Partial<EventBase>,
  options: ReadStreamOptions = {},
): Promise<Response> {
  const base: EventBase =
    given.agent !== undefined && given.depth !== undefined
      ? (given as EventBase)
      : { agent: 'agent', depth: 0, ...given };
  const { resume, idleTimeoutMs = 0 } = options;
  const progress: StreamProgress = options.progress ?? { responseId: undefined, items: new Map() };
  const items = progress.items;
  let final: Response | undefined;
  let lastSequence = -1;
  let source: AsyncIterable<ResponseStreamEvent> = stream;
  /** Reopenings since the last new event. */
  let resumes = 0;
  /** On a dropped or stalled connection: the stream that continues after the last event seen, if it can. */
  const reconnect = async (): Promise<AsyncIterable<ResponseStreamEvent> | undefined> => {
    const responseId = progress.responseId;
    if (!resume || !responseId || final || resumes >= MAX_RESUMES) return undefined;
    resumes++;
    if (wants(emit, 'stream_resumed')) {
      emit({ type: 'stream_resumed', responseId, after: lastSequence, attempt: resumes, ...base });
    }
    try {
      return await resume(responseId, lastSequence);
    } catch (error) {
      throw toApiError(error);
    }
  };
  /** Reports one event; `madeUp` for an `output_item.done` of an item only the terminal event carried. */
  const take = (event: ResponseStreamEvent, madeUp: boolean): void => {
    checkShape(event);
    // A resumed stream starts after the last event seen; anything older is not reported twice.
    if (typeof event.sequence_number === 'number') {
      if (event.sequence_number <= lastSequence) return;
      lastSequence = event.sequence_number;
    }
    resumes = 0;
    if (!madeUp && wants(emit, 'raw')) {
      // The fields spelled out: a spread at the end of a literal costs several times more, and a
      // run reports one of these per event of every turn.
      emit({ type: 'raw', event, runId: base.runId, turn: base.turn, agent: base.agent, depth: base.depth });
    }
    switch (event.type) {
      case 'response.created':
      case 'response.queued':
      case 'response.in_progress':
        progress.responseId = event.response.id;
        break;
      case 'response.output_text.delta':
        if (wants(emit, 'text_delta')) {
          emit({
            type: 'text_delta',
            delta: event.delta,
            itemId: event.item_id,
            runId: base.runId,
            turn: base.turn,
            agent: base.agent,
            depth: base.depth,
          });
        }
        break;
      case 'response.reasoning_summary_text.delta':
        if (wants(emit, 'reasoning_delta')) {
          emit({
            type: 'reasoning_delta',
            delta: event.delta,
            itemId: event.item_id,
            summaryIndex: event.summary_index,
            ...base,
          });
        }
        break;
      case 'response.code_interpreter_call_code.delta':
        if (wants(emit, 'code_delta')) {
          emit({ type: 'code_delta', itemId: event.item_id, delta: event.delta, ...base });
        }
        break;
      case 'response.image_generation_call.partial_image':
        if (wants(emit, 'image_partial')) emit(imagePartialEvent(event, base));
        break;
      case 'response.output_item.done':
        items.set(event.output_index, event.item);
        emitItem(event.item, emit, base);
        break;
      case 'response.completed':
      case 'response.incomplete':
        // Keep reading to the end of the body: leaving the loop early would make the SDK abort
        // the request (no [DONE] follows on the real wire) and can drop a keep-alive connection.
        final = event.response;
        break;
      case 'response.failed': {
        const error = event.response.error;
        throw new ResponseFailedError(
          'response_failed',
          `The service failed response ${event.response.id}: ${error?.message ?? 'no reason given'}`,
          { apiCode: error?.code ?? null, responseId: event.response.id },
        );
      }
      case 'error': {
        // Real services nest the payload ({error:{code,message}}); the SDK type is flat.
        const nested = (event as unknown as { error?: { code?: string | null; message?: string } }).error;
        const message = nested?.message ?? event.message;
        throw new ResponseFailedError('stream_failed', `The response stream reported an error: ${message}`, {
          apiCode: nested?.code ?? event.code ?? null,
          responseId: progress.responseId,
        });
      }
      default:
        break;
    }
  };
  for (;;) {
    const reader = idleReader(source, idleTimeoutMs);
    /** The source may have more to give: leaving now must close it. */
    let open = true;
    try {
      for (;;) {
        let step: IteratorResult<ResponseStreamEvent>;
        try {
          step = await reader.next();
        } catch (error) {
          open = false;
          throw error;
        }
        if (step.done) {
          open = false;
          break;
        }
        if (final) continue; // drain after the terminal event, reporting nothing more
        const event = step.value;
        if (event.type === 'response.completed' || event.type === 'response.incomplete') {
          backfill(event, items, take);
        }
        take(event, false);
      }
    } catch (error) {
      const closing = reader.stop(open);
      if (closing) await closing;
      open = false;
      if (TurnkitError.is(error) || error instanceof OpenAIError) throw toApiError(error);
      if (final) return withOutput(final, items);
      // Anything else thrown while reading the body is the transport failing (undici's "terminated").
      const next = await reconnect();
      if (next) {
        source = next;
        continue;
      }
      const why =
        error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
          : String(error);
      const id = progress.responseId;
      throw new ResponseFailedError(
        'stream_failed',
        `The connection dropped while streaming${id ? ` response ${id}` : ''}: ${why}`,
        { responseId: id, cause: error },
      );
    } finally {
      // Most streams end on their own: nothing to close, no turn of the event loop to wait.
      const closing = reader.stop(open);
      if (closing) await closing;
    }
    if (final) return withOutput(final, items);
    const next = await reconnect();
    if (next) {
      source = next;
      continue;
    }
    const id = progress.responseId;
    if (reader.stalled) throw new StreamStalledError(idleTimeoutMs, id);
    throw new ResponseFailedError(
      'stream_failed',
      `The response stream${id ? ` of ${id}` : ''} ended before the response completed (the connection dropped).`,
      { responseId: id },
    );
  }
}

/**
 * Before a terminal event (`response.completed` or `response.incomplete`), reports an
 * `output_item.done` for every item of the final output whose own `done` event never came: the
 * service "backfills" some items (e.g. `mcp_list_tools`) into the final Response only, and the
 * reader reports each item from its `done` event. `items` holds the items whose `done` came,
 * across the streams of one response (a resumed stream continues the same response). The
 * made-up events carry no `sequence_number` and no `raw` event.
 */
function backfill(
  event: ResponseStreamEvent,
  items: Map<number, ResponseOutputItem>,
  take: (event: ResponseStreamEvent, madeUp: boolean) => void,
): void {
  const output = (event as { response?: { output?: unknown } }).response?.output;
  if (!Array.isArray(output)) return;
  for (const [index, item] of output.entries()) {
    if (items.has(index)) continue;
    take(
      { type: 'response.output_item.done', output_index: index, item } as unknown as ResponseStreamEvent,
      true,
    );
  }
}

/**
 * Reports a completed output item: `output_item`, and the typed event of its kind (`message`,
 * `mcp_list_tools`, `mcp_call`, `code_interpreter_call`, `reasoning`).
 */
export function emitItem(item: ResponseOutputItem, emit: Emit, base: EventBase): void {
  if (wants(emit, 'output_item')) {
    emit({
      type: 'output_item',
      item,
      runId: base.runId,
      turn: base.turn,
      agent: base.agent,
      depth: base.depth,
    });
  }
  if (item.type === 'message') {
    if (wants(emit, 'message')) emit({ type: 'message', text: messageText(item), itemId: item.id, ...base });
  } else if (item.type === 'mcp_list_tools') {
    if (!wants(emit, 'mcp_list_tools')) return;
    const { server_label, tools, error } = item;
    emit({
      type: 'mcp_list_tools',
      serverLabel: server_label,
      tools: tools.map((t) => t.name),
      error: error ?? null,
      ...base,
    });
  } else if (item.type === 'mcp_call') {
    if (!wants(emit, 'mcp_call')) return;
    const { id, server_label, name, arguments: args, output, error, approval_request_id } = item;
    emit({
      type: 'mcp_call',
      itemId: id,
      serverLabel: server_label,
      name,
      arguments: args,
      output: output ?? null,
      error: error ?? null,
      approvalRequestId: approval_request_id ?? null,
      ...base,
    });
  } else if (item.type === 'code_interpreter_call') {
    if (!wants(emit, 'code_interpreter_call')) return;
    const outputs = item.outputs ?? [];
    emit({
      type: 'code_interpreter_call',
      itemId: item.id,
      containerId: item.container_id,
      code: item.code,
      status: item.status,
      logs: outputs.flatMap((o) => (o.type === 'logs' ? [o.logs] : [])),
      images: outputs.flatMap((o) => (o.type === 'image' ? [o.url] : [])),
      ...base,
    });
  } else if (item.type === 'image_generation_call') {
    if (wants(emit, 'image_generated')) emit(imageGeneratedEvent(item, base));
  } else if (item.type === 'reasoning') {
    if (!wants(emit, 'reasoning')) return;
    emit({
      type: 'reasoning',
      itemId: item.id,
      summary: item.summary.map((part) => part.text),
      encrypted: !!item.encrypted_content,
      ...base,
    });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Item types whose fields the loop reads, and the list field each must have. */
const ITEM_LISTS: Record<string, string> = {
  message: 'content',
  reasoning: 'summary',
  mcp_list_tools: 'tools',
};

/**
 * Checks the fields the loop reads from an event, so a service (or proxy) that sends something
 * else fails the turn with a clear `stream_failed` instead of a TypeError from deep inside.
 * @throws {ResponseFailedError}
 */
function checkShape(event: unknown): void {
  if (!isObject(event) || typeof event.type !== 'string') malformed(event, 'not an object with a type');
  const e = event as Record<string, unknown>;
  switch (e.type) {
    case 'response.created':
    case 'response.in_progress':
    case 'response.failed':
      if (!isObject(e.response) || typeof e.response.id !== 'string') malformed(event, 'no response id');
      break;
    case 'response.completed':
    case 'response.incomplete':
      if (!isObject(e.response) || typeof e.response.id !== 'string' || !Array.isArray(e.response.output)) {
        malformed(event, 'no response with an id and an output list');
      }
      break;
    case 'response.output_text.delta':
    case 'response.reasoning_summary_text.delta':
    case 'response.code_interpreter_call_code.delta':
      if (typeof e.delta !== 'string') malformed(event, 'the delta is not text');
      break;
    case 'response.image_generation_call.partial_image':
      if (typeof e.partial_image_b64 !== 'string' || typeof e.partial_image_index !== 'number')
        malformed(event, 'no partial_image_b64 text and partial_image_index number');
      break;
    case 'response.output_item.done': {
      const item = e.item;
      if (!isObject(item) || typeof item.type !== 'string') malformed(event, 'no item with a type');
      const list = ITEM_LISTS[(item as Record<string, unknown>).type as string];
      if (list && !Array.isArray((item as Record<string, unknown>)[list]))
        malformed(event, `the ${list} of the item is not a list`);
      break;
    }
    default:
      break;
  }
}

/** @throws {ResponseFailedError} always: `event` is not what the loop reads. */
function malformed(event: unknown, what: string): never {
  const type = isObject(event) && typeof event.type === 'string' ? event.type : typeof event;
  throw new ResponseFailedError('stream_failed', `The service sent a malformed ${type} event: ${what}.`, {});
}

function withOutput(response: Response, items: Map<number, ResponseOutputItem>): Response {
  if (response.output.length > 0 || items.size === 0) return response;
  const output = [...items.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
  return { ...response, output };
}

import type { TurnkitError } from '@turnkit/tools';
import type {
  Response,
  ResponseCreateParamsStreaming,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import type { ResponsesClient } from '../client/resolve-client.js';
import type { EmitFn, EventBase } from '../run/events.js';
import { RequestTooLargeError, RunAbortedError, toApiError } from '../run-errors/run-errors.js';
import { openEventStream } from './event-stream.js';
import { emitItem, readResponseStream, type StreamProgress } from './read-stream.js';
import { recoverTurn } from './recover-turn.js';
import type { RequestSizer } from './request-size.js';

/** One turn's request and how to read it. */
export interface TurnRequest {
  client: ResponsesClient;
  body: ResponseCreateParamsStreaming;
  emit: EmitFn;
  base: EventBase;
  sizer: RequestSizer;
  idleTimeoutMs: number;
  /** The response is stored (`store: true`): it can be retrieved after a failure. */
  stored: boolean;
  background: boolean;
  signal: AbortSignal;
  requestOptions: { signal?: AbortSignal };
}

/** How a turn ended: its response, or why not and what of it the conversation must keep. */
export type TurnOutcome =
  | { ok: true; response: Response }
  | { ok: false; error: TurnkitError; responseId: string | undefined; kept: ResponseInputItem[] };

/**
 * Sends one turn's request and reads its stream. A request bigger than the sizer's limit is not
 * sent. When the stream fails, the service is asked what became of the response (see
 * {@link recoverTurn}): a response it finished after all is the turn's response (the items the
 * stream missed are reported then); otherwise the outcome names the error and the hosted calls
 * to keep. Never throws.
 *
 * @example
 * ```ts
 * import { streamTurn, type TurnRequest } from './stream-turn.js';
 * declare const { client, body, emit, base, sizer, idleTimeoutMs, stored, background, signal, requestOptions }: TurnRequest;
 * const outcome = await streamTurn({ client, body, emit, base, sizer, idleTimeoutMs, stored, background, signal, requestOptions });
 * if (!outcome.ok) throw outcome.error;
 * ```
 */
export async function streamTurn(turn: TurnRequest): Promise<TurnOutcome> {
  const { client, emit, base, signal, requestOptions } = turn;
  const progress: StreamProgress = { responseId: undefined, items: new Map() };
  try {
    turn.sizer.check(turn.body as unknown as Record<string, unknown>);
    const stream = await openEventStream(client.responses.create(turn.body, requestOptions));
    const response = await readResponseStream(stream, emit, base, {
      idleTimeoutMs: turn.idleTimeoutMs,
      progress,
      ...(turn.background
        ? {
            resume: (id: string, after: number) =>
              openEventStream(
                client.responses.retrieve(id, { stream: true, starting_after: after }, requestOptions),
              ),
          }
        : {}),
    });
    return { ok: true, response };
  } catch (caught) {
    const error =
      signal.aborted && !(caught instanceof RunAbortedError)
        ? new RunAbortedError(signal.reason)
        : toApiError(caught, { client, model: turn.body.model });
    if (error instanceof RequestTooLargeError) return { ok: false, error, responseId: undefined, kept: [] };
    const recovery = await recoverTurn({
      client,
      stored: turn.stored,
      background: turn.background,
      aborted: signal.aborted,
      progress,
      requestOptions,
    });
    if (recovery.response) {
      const seen = new Set([...progress.items.values()].map((item) => item.id));
      for (const item of recovery.response.output) if (!seen.has(item.id)) emitItem(item, emit, base);
      return { ok: true, response: recovery.response };
    }
    return { ok: false, error, responseId: progress.responseId, kept: recovery.kept };
  }
}

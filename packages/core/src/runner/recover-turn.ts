import type { Response, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { ResponsesClient } from '../client/resolve-client.js';
import type { StreamProgress } from './read-stream.js';

/** A turn whose stream failed, as the loop knows it. */
export interface FailedTurn {
  client: ResponsesClient;
  /** The response is stored on the service (`store: true`), so it can be retrieved. */
  stored: boolean;
  /** It is a background response, which keeps running on the service until it is cancelled. */
  background: boolean;
  /** The run was aborted: cancel a background response, retrieve nothing. */
  aborted: boolean;
  /** What the stream showed before it failed. */
  progress: StreamProgress;
  /** Options for the retrieve call (the run's signal). */
  requestOptions: { signal?: AbortSignal };
}

/** What the wire says about a failed turn. */
export interface Recovery {
  /** The response, when the service finished it after all (`completed` or `incomplete`). */
  response?: Response;
  /**
   * Hosted calls the service completed in the failed response, with the tool lists they need, to
   * keep in the conversation: a retry then sends them as input instead of having them run again.
   */
  kept: ResponseInputItem[];
}

/**
 * Finds out from the service what a failed turn did, so that the documented recovery (running the
 * agent again on `error.partial.conversation`) never repeats a hosted MCP call that completed.
 *
 * - A stored response is retrieved (`GET /responses/{id}`). When the service finished it after
 *   all, it is the turn's response and nothing failed.
 * - A background response the loop gives up on is cancelled (`POST /responses/{id}/cancel`), so
 *   it stops working and spending; the cancelled Response holds what it did so far.
 * - The completed `mcp_call` items of what the stream showed and what the service returned are
 *   kept (failed calls too: they ran), each with the `mcp_list_tools` item of its server.
 *
 * A call whose completion the client never saw (neither in the stream nor in a retrieved
 * response, e.g. `store: false`) cannot be known to have run, and may run again.
 * Never throws: a service that cannot be asked leaves what the stream showed.
 *
 * @example
 * ```ts
 * import type OpenAI from 'openai';
 * import type { StreamProgress } from './read-stream.js';
 * import { recoverTurn } from './recover-turn.js';
 * declare const client: OpenAI;
 * declare const progress: StreamProgress; // what the failed stream showed
 * declare const requestOptions: { signal?: AbortSignal };
 * const { response, kept } = await recoverTurn({ client, stored: true, background: false, aborted: false, progress, requestOptions });
 * ```
 */
export async function recoverTurn(turn: FailedTurn): Promise<Recovery> {
  const { client, progress } = turn;
  const id = progress.responseId;
  let retrieved: Response | undefined;
  if (id && turn.stored) {
    const retrieve = () =>
      client.responses.retrieve(id, {}, turn.aborted ? {} : turn.requestOptions).catch(() => undefined);
    const cancel = () => client.responses.cancel(id).catch(() => undefined);
    if (turn.aborted) {
      retrieved = turn.background ? await cancel() : undefined;
    } else {
      retrieved = await retrieve();
      if (turn.background && (retrieved?.status === 'queued' || retrieved?.status === 'in_progress')) {
        // Cancelling a response that just finished fails ("Cannot cancel a completed response"): ask again.
        retrieved = (await cancel()) ?? (await retrieve()) ?? retrieved;
      }
    }
  }
  if (!turn.aborted && (retrieved?.status === 'completed' || retrieved?.status === 'incomplete')) {
    return { response: retrieved, kept: [] };
  }
  return { kept: completedHostedCalls(merge(retrieved?.output ?? [], progress.items)) };
}

/** The service's output, then the items only the stream showed, in output order; each id once. */
function merge(
  output: readonly ResponseOutputItem[],
  seen: ReadonlyMap<number, ResponseOutputItem>,
): ResponseOutputItem[] {
  const merged = [...output];
  const ids = new Set(output.map((item) => item.id));
  for (const [, item] of [...seen].sort(([a], [b]) => a - b)) {
    if (!ids.has(item.id)) merged.push(item);
  }
  return merged;
}

/** `mcp_call` items that ran (completed or failed), each preceded by its server's tool list. */
function completedHostedCalls(items: readonly ResponseOutputItem[]): ResponseInputItem[] {
  const calls = items.filter(
    (item): item is ResponseOutputItem.McpCall =>
      item.type === 'mcp_call' &&
      (item.status === 'completed' ||
        item.status === 'failed' ||
        (item.status === undefined && (item.output != null || item.error != null))),
  );
  if (calls.length === 0) return [];
  const labels = new Set(calls.map((call) => call.server_label));
  return items.filter(
    (item) =>
      calls.includes(item as ResponseOutputItem.McpCall) ||
      (item.type === 'mcp_list_tools' && labels.has(item.server_label) && !item.error),
  ) as ResponseInputItem[];
}

import { randomUUID } from 'node:crypto';
import * as clients from '@restatedev/restate-sdk-clients';
import type { ConversationSnapshot } from '@turnkit/core';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { RUN_ID } from '../agent/validate.js';
import { DurableAgentError, type DurableErrorCode } from '../contract/errors.js';
import type {
  ConversationStatus,
  DecisionResult,
  DurableEvent,
  DurableRunRecord,
  DurableRunResult,
  EventsPage,
} from '../contract/wire.js';

/** Options of {@link connectDurableAgent}. */
export interface DurableClientOptions {
  /** The Restate ingress, e.g. `http://127.0.0.1:8080`. */
  ingressUrl: string;
  /** The durable agent's name (`durableAgent().name`). */
  name: string;
  /** The admin API, e.g. `http://127.0.0.1:9070`; needed only for `cancel()`. */
  adminUrl?: string;
  /** Headers sent with every call (e.g. an auth token for a Restate Cloud ingress). Never logged. */
  headers?: Record<string, string>;
}

/** A run that was started: enough to follow it, decide its approvals and get its result. */
export interface StartedRun {
  conversationId: string;
  runId: string;
  /** The Restate invocation (`inv_…`). */
  invocationId: string;
}

/** Options of {@link DurableAgentClient.follow}. */
export interface FollowOptions {
  /** Start after this many events of the conversation's log (default: the run's first event, else 0). */
  after?: number;
  /** Only events of this run (default: every run's). */
  runId?: string;
  /** Pause between polls when nothing new arrived; default 100 ms. */
  intervalMs?: number;
  /** Stops following (the iterator ends). */
  signal?: AbortSignal;
}

/** A typed client of a durable agent, usable from any process that reaches the Restate ingress. */
export interface DurableAgentClient {
  /**
   * Starts a run on a conversation and returns at once (Restate queues it behind a run in
   * progress on the same conversation). The run id is the idempotency key: starting the same
   * `runId` again returns the same run instead of a second one.
   * @throws {DurableAgentError} `input_invalid` for bad input (checked before sending),
   *   `restate_unavailable` when the ingress cannot be reached.
   */
  start(
    conversationId: string,
    input: string | ResponseInputItem[],
    options?: { runId?: string; maxTurns?: number },
  ): Promise<StartedRun>;
  /** Waits for a started run to end and returns its result (long-polls the ingress; aborted by `signal`). */
  result(run: StartedRun, options?: { signal?: AbortSignal }): Promise<DurableRunResult>;
  /**
   * Decides an approval the run waits for (`approve: true` / `false`, or `{ approve, reason }`).
   * @throws {DurableAgentError} `conversation_unknown`, `approval_unknown` (nothing waits under
   *   that id), `approval_decided` (a decision was already given), `input_invalid`.
   */
  decide(
    conversationId: string,
    approvalId: string,
    decision: boolean | { approve: boolean; reason?: string },
  ): Promise<DecisionResult>;
  /** One page of the conversation's event log, from `after`. @throws {DurableAgentError} `conversation_unknown`. */
  events(conversationId: string, options?: { after?: number; limit?: number }): Promise<EventsPage>;
  /**
   * Follows the conversation's event log by polling `events` (events arrive when the step that
   * produced them ends); with `runId`, ends after that run's `run_ended` event.
   */
  follow(conversationId: string, options?: FollowOptions): AsyncIterable<DurableEvent>;
  /** The conversation's runs, current run and event count. @throws {DurableAgentError} `conversation_unknown`. */
  status(conversationId: string): Promise<ConversationStatus>;
  /** Where one run stands (`waiting` lists its approvals). @throws {DurableAgentError} `run_unknown`. */
  runStatus(conversationId: string, runId: string): Promise<DurableRunRecord>;
  /** The conversation as its object's state holds it (the same JSON as `Conversation.toJSON()`). */
  conversation(conversationId: string): Promise<ConversationSnapshot>;
  /** Cancels a run through the admin API: tools and requests in flight are aborted, a background response is cancelled. */
  cancel(run: StartedRun): Promise<void>;
}

/** Turns what the ingress answered into a typed error. */
function toError(error: unknown, what: string): DurableAgentError {
  if (error instanceof clients.HttpCallError) {
    let message = error.responseText;
    let code: DurableErrorCode = 'restate_failed';
    try {
      const body = JSON.parse(error.responseText) as { message?: string; metadata?: Record<string, string> };
      message = body.message ?? message;
      const given = body.metadata?.turnkit;
      if (given) code = given as DurableErrorCode;
    } catch {}
    if (code === 'restate_failed' && error.status === 400) code = 'input_invalid';
    return new DurableAgentError(code, `${what}: ${message}`, { status: error.status, cause: error });
  }
  if (error instanceof DurableAgentError) return error;
  return new DurableAgentError('restate_unavailable', `${what}: the Restate ingress could not be reached.`, {
    cause: error,
  });
}

function checkId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new DurableAgentError(
      'input_invalid',
      `${what} must be a non-empty string, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** How long one attach request waits before it is made again. */
const ATTACH_MS = 60_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Connects to a durable agent through the Restate ingress: start runs, follow their events,
 * decide approvals and read results, from any process. Calls are plain HTTP to the ingress
 * (`@restatedev/restate-sdk-clients`); nothing runs the agent here.
 *
 * @throws {DurableAgentError} `input_invalid` for a missing `ingressUrl` or `name`.
 * @example
 * ```ts
 * import { connectDurableAgent } from '@turnkit/restate';
 * const client = connectDurableAgent({ ingressUrl: 'http://127.0.0.1:8080', name: 'payments' });
 * const run = await client.start('conv-1', 'Pay INV-7');
 * for await (const { event } of client.follow('conv-1', { runId: run.runId })) {
 *   if (event.type === 'approval_waiting') await client.decide('conv-1', event.request.id, true);
 * }
 * console.log((await client.result(run)).output);
 * ```
 */
export function connectDurableAgent(options: DurableClientOptions): DurableAgentClient {
  const ingressUrl = checkId(options?.ingressUrl, '`ingressUrl`').replace(/\/$/, '');
  const name = checkId(options.name, '`name`');
  const ingress = clients.connect({
    url: ingressUrl,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const call = async <I, O>(
    service: string,
    key: string,
    handler: string,
    parameter: I,
    what: string,
  ): Promise<O> => {
    try {
      return await ingress.call<I, O>({ service, handler, key, parameter });
    } catch (error) {
      throw toError(error, what);
    }
  };
  /** Where a run's events start; for a run not started yet, after every event there is now. */
  const startOf = async (conversationId: string, runId: string): Promise<number> => {
    try {
      return (await api.runStatus(conversationId, runId)).firstEvent;
    } catch (error) {
      if (!(error instanceof DurableAgentError)) throw error;
      if (error.code === 'conversation_unknown') return 0;
      if (error.code !== 'run_unknown') throw error;
    }
    return (await api.status(conversationId)).events;
  };
  const api: DurableAgentClient = {
    async start(conversationId, input, runOptions = {}) {
      checkId(conversationId, '`conversationId`');
      if (typeof input !== 'string' && !Array.isArray(input)) {
        throw new DurableAgentError('input_invalid', '`input` must be a string or an array of input items.');
      }
      const runId = runOptions.runId ?? `run_${randomUUID()}`;
      if (!RUN_ID.test(runId)) {
        throw new DurableAgentError(
          'input_invalid',
          `\`runId\` must be 1–128 letters, digits or _ . : -, got "${runId}".`,
        );
      }
      const parameter = {
        input,
        runId,
        ...(runOptions.maxTurns !== undefined ? { maxTurns: runOptions.maxTurns } : {}),
      };
      try {
        const sent = await ingress.send({
          service: name,
          handler: 'run',
          key: conversationId,
          parameter,
          opts: clients.SendOpts.from({ idempotencyKey: runId, input: clients.serde.json }),
        });
        return { conversationId, runId, invocationId: sent.invocationId };
      } catch (error) {
        throw toError(error, `Could not start run "${runId}" on conversation "${conversationId}"`);
      }
    },
    async result(run, resultOptions = {}) {
      const what = `Run "${run.runId}" of conversation "${run.conversationId}"`;
      const { signal } = resultOptions;
      // Attach to the invocation, a minute at a time: a run may wait for days, and HTTP clients
      // give up on answers that take longer than a few minutes.
      for (;;) {
        signal?.throwIfAborted();
        let response: Response;
        try {
          response = await fetch(
            `${ingressUrl}/restate/invocation/${encodeURIComponent(run.invocationId)}/attach`,
            {
              headers: { ...options.headers },
              signal: signal
                ? AbortSignal.any([signal, AbortSignal.timeout(ATTACH_MS)])
                : AbortSignal.timeout(ATTACH_MS),
            },
          );
        } catch (error) {
          if (signal?.aborted) throw error;
          if (error instanceof Error && error.name === 'TimeoutError') continue;
          throw toError(error, what);
        }
        const text = await response.text();
        if (response.ok) return JSON.parse(text) as DurableRunResult;
        // A cancelled or failed invocation answers with its error; the run's record keeps the result.
        const record = await api.runStatus(run.conversationId, run.runId).catch(() => undefined);
        if (record?.result) return record.result;
        throw toError(
          new clients.HttpCallError(response.status, text, `Request failed: ${response.status}`),
          what,
        );
      }
    },
    async decide(conversationId, approvalId, decision) {
      checkId(conversationId, '`conversationId`');
      checkId(approvalId, '`approvalId`');
      const body = typeof decision === 'boolean' ? { approve: decision } : decision;
      return call(
        `${name}-approvals`,
        JSON.stringify([conversationId, approvalId]),
        'decide',
        body,
        `Decision on "${approvalId}" refused`,
      );
    },
    async events(conversationId, page = {}) {
      checkId(conversationId, '`conversationId`');
      return call(name, conversationId, 'events', page, `Could not read the events of "${conversationId}"`);
    },
    async *follow(conversationId, followOptions = {}) {
      const { runId, signal } = followOptions;
      let after = followOptions.after;
      if (after === undefined) after = runId ? await startOf(conversationId, runId) : 0;
      while (!signal?.aborted) {
        const page = await api.events(conversationId, { after });
        after = page.next;
        for (const entry of page.events) {
          if (runId && entry.runId !== runId) continue;
          yield entry;
          if (runId && entry.event.type === 'run_ended') return;
        }
        if (page.events.length === 0) await sleep(followOptions.intervalMs ?? 100, signal);
      }
    },
    async status(conversationId) {
      checkId(conversationId, '`conversationId`');
      return call(name, conversationId, 'status', undefined, `No status for "${conversationId}"`);
    },
    async runStatus(conversationId, runId) {
      checkId(conversationId, '`conversationId`');
      checkId(runId, '`runId`');
      return call(name, conversationId, 'runStatus', { runId }, `No status for run "${runId}"`);
    },
    async conversation(conversationId) {
      checkId(conversationId, '`conversationId`');
      return call(name, conversationId, 'conversation', undefined, `No conversation "${conversationId}"`);
    },
    async cancel(run) {
      if (!options.adminUrl) {
        throw new DurableAgentError(
          'input_invalid',
          'cancel() needs the `adminUrl` option of connectDurableAgent().',
        );
      }
      const response = await fetch(
        `${options.adminUrl.replace(/\/$/, '')}/invocations/${encodeURIComponent(run.invocationId)}/cancel`,
        { method: 'PATCH', headers: { ...options.headers } },
      ).catch((cause) => {
        throw new DurableAgentError(
          'restate_unavailable',
          `Could not reach the Restate admin API at ${options.adminUrl}.`,
          {
            cause,
          },
        );
      });
      if (!response.ok && response.status !== 404) {
        throw new DurableAgentError(
          'restate_failed',
          `Restate refused to cancel ${run.invocationId} (HTTP ${response.status}): ${await response.text()}`,
          { status: response.status },
        );
      }
    },
  };
  return api;
}

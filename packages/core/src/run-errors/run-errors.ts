import { inspect } from 'node:util';
import { TurnkitError } from '@turnkit/tools';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from 'openai';
import { authOf } from '../connection/client-auth.js';
import { connectionReason } from '../errors/connection-reason.js';
import { inspectRunError } from '../errors/error-inspect.js';
import type { CoreErrorCode } from '../errors/input-errors.js';
import type { RunResult } from '../run/run-result.js';
import { safeUrl } from '../values/redact.js';

/**
 * An error that stopped a run. It carries what the run produced before it stopped
 * (`partial`), whose `conversation` can continue the run: nothing that already happened is lost.
 * It prints short: `util.inspect` and `console.log` show the code, the message, the stack, a
 * one-line summary of `partial` and the chain of causes, never the partial result itself.
 *
 * @example
 * ```ts
 * import { type Agent, RunError } from '@turnkit/core';
 * declare const agent: Agent;
 * try {
 *   await agent.run('Summarize the report');
 * } catch (error) {
 *   if (error instanceof RunError && error.partial) await agent.run([], { conversation: error.partial.conversation });
 *   else throw error;
 * }
 * ```
 */
export abstract class RunError extends TurnkitError {
  /** What the run had produced when it stopped; `undefined` only when it failed before the first turn. */
  declare partial: RunResult | undefined;
  /**
   * An event listener that threw during the run, when the run then stopped for this error's own
   * reason (the run's error wins; the listener's is kept here, not lost).
   */
  declare listenerError: ListenerError | undefined;
  constructor(code: string, message: string, options?: ErrorOptions & { partial?: RunResult }) {
    super(code, message, options);
    // Not enumerable: printers that list an error's own fields (Node's report of an uncaught
    // error, JSON.stringify) leave the large partial result out.
    for (const [key, value] of [
      ['partial', options?.partial],
      ['listenerError', undefined],
    ] as const) {
      Object.defineProperty(this, key, { value, writable: true, enumerable: false, configurable: true });
    }
  }

  /** What `util.inspect` (and so `console.log`, and an uncaught error) prints: short, without secrets. */
  [inspect.custom](): string {
    return inspectRunError(this);
  }
}

/**
 * An event listener (`stream.on(…)`) threw. It is the caller's error, not the service's: the
 * run carried on with the turn in progress (its stream read to the end, its tools run and their
 * outputs kept), then stopped before the next request, so `partial.conversation` continues it.
 * When the listener threw in the turn that ended the run, `partial` is that finished result
 * (`status` `completed`, `interrupted` or `incomplete`). `cause` is what the listener threw.
 *
 * @example
 * ```ts
 * import type { Agent } from '@turnkit/core';
 * declare const agent: Agent;
 * declare function render(text: string): void;
 * const stream = agent.stream('Hi');
 * stream.on('text_delta', (e) => render(e.delta)); // suppose render() throws
 * const error = await stream.result.catch((e) => e); // ListenerError, eventType 'text_delta'
 * await agent.run([], { conversation: error.partial.conversation }); // after fixing render()
 * ```
 */
export class ListenerError extends RunError {
  override readonly code = 'listener_failed' as const;
  /** The event whose listener threw. */
  readonly eventType: string;
  constructor(eventType: string, cause: unknown, partial?: RunResult) {
    super(
      'listener_failed',
      `A listener of the "${eventType}" event threw: ${describe(cause)}. ` +
        'The run finished its turn and stopped; fix the listener, then continue with error.partial.conversation.',
      { cause, partial },
    );
    this.eventType = eventType;
  }
}

/** The run reached its `maxTurns` limit while the model still had work pending. */
export class MaxTurnsExceededError extends RunError {
  override readonly code = 'max_turns_exceeded' as const;
  readonly maxTurns: number;
  constructor(maxTurns: number, partial: RunResult) {
    super(
      'max_turns_exceeded',
      `The run used all ${maxTurns} turns and the model still had tool calls pending. ` +
        'Raise maxTurns, or continue with the conversation in error.partial.conversation.',
      { partial },
    );
    this.maxTurns = maxTurns;
  }
}

/** The run was cancelled through its AbortSignal. */
export class RunAbortedError extends RunError {
  override readonly code = 'aborted' as const;
  constructor(reason: unknown, partial?: RunResult) {
    const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
    super('aborted', `The run was aborted${why ? `: ${why}` : ''}.`, { cause: reason, partial });
  }
}

/**
 * Something other than the service stopped the run: an approver, a session store or another hook
 * of the caller threw (a throwing event listener is a {@link ListenerError}). `cause` is what was
 * thrown; `partial` what the run had produced.
 */
export class RunFailedError extends RunError {
  override readonly code = 'run_failed' as const;
  constructor(cause: unknown) {
    super('run_failed', `The run stopped because of an error outside the service: ${describe(cause)}`, {
      cause,
    });
  }
}

/** The service ended a response as `failed` or `incomplete`, or sent an `error` event mid-stream. */
export class ResponseFailedError extends RunError {
  override readonly code: 'response_failed' | 'stream_failed' | 'stream_stalled';
  /** The service's error code (e.g. `server_error`, `insufficient_quota`), when it gave one. */
  readonly apiCode: string | null;
  readonly responseId: string | undefined;
  constructor(
    code: 'response_failed' | 'stream_failed' | 'stream_stalled',
    message: string,
    details: { apiCode?: string | null; responseId?: string; partial?: RunResult; cause?: unknown },
  ) {
    super(code, message, { cause: details.cause, partial: details.partial });
    this.code = code;
    this.apiCode = details.apiCode ?? null;
    this.responseId = details.responseId;
  }
}

/**
 * The response stream sent nothing for `idleMs` milliseconds (the agent's `streamIdleTimeoutMs`),
 * and it could not be reopened (a background response is reopened after the last event seen, up
 * to 3 times without progress). The loop stopped waiting and closed the connection; a background
 * response it gave up on is cancelled on the service.
 *
 * @example
 * ```ts
 * import { createAgent, StreamStalledError } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const model: string;
 * const agent = createAgent({ model, client, streamIdleTimeoutMs: 60_000 });
 * const error = await agent.run('Think hard').catch((e) => e);
 * if (error instanceof StreamStalledError) await agent.run([], { conversation: error.partial!.conversation });
 * ```
 */
export class StreamStalledError extends ResponseFailedError {
  override readonly code = 'stream_stalled' as const;
  /** How long the stream was silent before the loop gave up on it, in milliseconds. */
  readonly idleMs: number;
  constructor(idleMs: number, responseId: string | undefined) {
    super(
      'stream_stalled',
      `The response stream${responseId ? ` of ${responseId}` : ''} sent nothing for ${idleMs} ms (streamIdleTimeoutMs), so the loop stopped waiting. ` +
        'Continue with error.partial.conversation, or raise streamIdleTimeoutMs if the model thinks that long in silence.',
      { responseId },
    );
    this.idleMs = idleMs;
  }
}

/**
 * One input item of a request, and how many bytes it takes (see {@link RequestTooLargeError}).
 *
 * @example
 * ```ts
 * import type { RequestItemSize, RequestTooLargeError } from '@turnkit/core';
 * declare const error: RequestTooLargeError;
 * const biggest: RequestItemSize | undefined = error.largest[0]; // { index: 3, type: 'function_call_output', id: 'call_…', bytes: 73400320 }
 * ```
 */
export interface RequestItemSize {
  /** Its index in the request's `input`. */
  index: number;
  type: string;
  /** The `call_id` of a function call output, the `id` of an item that has one. */
  id: string | undefined;
  bytes: number;
  /** The item itself, as the conversation holds it (e.g. for `conversation.repair({ drop: [item] })`). */
  item: object;
}

/**
 * The next request would be larger than `maxRequestBytes`, so it was not sent: it could not
 * succeed, and sending it would only upload it again on every retry. Nothing is lost: the items
 * stay queued in `partial.conversation`; replace the big ones (`conversation.repair({ drop })` and
 * `conversation.push`, see docs/conversations.md), or raise the limit, then continue.
 *
 * @example
 * ```ts
 * import { type Agent, type Conversation, RequestTooLargeError } from '@turnkit/core';
 * declare const agent: Agent;
 * declare const conversation: Conversation;
 * const error = await agent.run('Read the dump', { conversation }).catch((e) => e);
 * if (error instanceof RequestTooLargeError) console.log(error.bytes, error.limitBytes, error.largest[0]);
 * ```
 */
export class RequestTooLargeError extends RunError {
  override readonly code = 'request_too_large' as const;
  /** The size of the serialized request body, in bytes. */
  readonly bytes: number;
  /** The limit it passed (`maxRequestBytes`). */
  readonly limitBytes: number;
  /** The biggest input items, biggest first (at most 3). */
  readonly largest: RequestItemSize[];
  constructor(bytes: number, limitBytes: number, largest: RequestItemSize[]) {
    const named = largest
      .map((item) => `input[${item.index}] ${item.type}${item.id ? ` ${item.id}` : ''} (${item.bytes} bytes)`)
      .join(', ');
    super(
      'request_too_large',
      `The next request would be ${bytes} bytes, more than maxRequestBytes (${limitBytes}), so it was not sent. ` +
        `Biggest items: ${named || 'none'}. They stay in error.partial.conversation: replace them ` +
        '(conversation.repair({ drop: [error.largest[0].item] }), then push a shorter item) or raise maxRequestBytes, then continue.',
    );
    this.bytes = bytes;
    this.limitBytes = limitBytes;
    this.largest = largest;
  }
}

/**
 * The Responses API answered with an HTTP error, or could not be reached. One class per kind of
 * failure (see {@link toApiError}); every one keeps the service's request id for support.
 */
export class ApiError extends RunError {
  override readonly code: CoreErrorCode;
  /** HTTP status, or `undefined` when no response arrived. */
  readonly status: number | undefined;
  /** The `x-request-id` of the failed request, when the service sent one. */
  readonly requestId: string | undefined;
  /** The error body's `code` (e.g. `previous_response_not_found`). */
  readonly apiCode: string | null;
  /** The error body's `param` (the request field at fault). */
  readonly param: string | null;
  constructor(
    code: CoreErrorCode,
    message: string,
    details: {
      status?: number;
      requestId?: string;
      apiCode?: string | null;
      param?: string | null;
      cause?: unknown;
    },
  ) {
    super(code, message, { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.apiCode = details.apiCode ?? null;
    this.param = details.param ?? null;
  }
}

/** HTTP 429 from the service after the client's own retries were used up. */
export class RateLimitedError extends ApiError {
  /** How long the service asked to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    details: ConstructorParameters<typeof ApiError>[2] & { retryAfterMs?: number },
  ) {
    super('rate_limited', message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** HTTP 401/403: the API key or Entra ID token was refused (or no token could be had: {@link CredentialFailedError}). */
export class AuthFailedError extends ApiError {}

/**
 * Microsoft Entra ID gave no token, so no request was sent: every source of the credential failed
 * (e.g. nobody ran `az login` and no managed identity is assigned). The message lists each source's
 * reason in one line and the ways to fix it; `cause` keeps the credential's own error.
 */
export class CredentialFailedError extends AuthFailedError {
  /** Why each credential source failed, one line each, in the order they were tried. */
  readonly reasons: readonly string[];
  constructor(message: string, reasons: readonly string[], cause: unknown) {
    super('auth_failed', message, { cause });
    this.reasons = reasons;
  }
}

/**
 * No answer came from the Responses API: the connection was refused, the host name did not
 * resolve, TLS failed, or the request timed out. The message names the URL (without credentials)
 * and the reason found in the cause chain.
 */
export class ConnectionFailedError extends ApiError {
  /** The base URL the request went to, without credentials or query values. */
  readonly url: string | undefined;
  /** What happened, e.g. `connect ECONNREFUSED 127.0.0.1:59999`, `getaddrinfo ENOTFOUND x.invalid`. */
  readonly reason: string;
  /** The system or TLS error code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `EPROTO`; `ETIMEDOUT` for a timeout. */
  readonly errorCode: string | undefined;
  constructor(
    message: string,
    details: { url?: string; reason: string; errorCode?: string; cause?: unknown },
  ) {
    super('connection_failed', message, { cause: details.cause });
    this.url = details.url;
    this.reason = details.reason;
    this.errorCode = details.errorCode;
  }
}

/**
 * What {@link toApiError} may know of the request that failed, to name the cause and the fix.
 *
 * @inline
 */
export interface ApiErrorContext {
  /** The `openai` client the request went through (its `baseURL` and `timeout` are read). */
  client?: unknown;
  /** The model (Azure deployment name) the request asked for. */
  model?: string;
}

/** What to check after a connection failure, by error code. */
function connectionHint(code: string | undefined): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return ' Check the host name of the endpoint (e.g. AZURE_OPENAI_ENDPOINT) and your DNS or proxy.';
  }
  if (code === 'ECONNREFUSED') return ' Nothing accepts connections there: check the endpoint and port.';
  if (code && /CERT|SSL|TLS|EPROTO|SELF_SIGNED|ALTNAME/i.test(code)) {
    return (
      ' The TLS connection failed: check that the endpoint is https on an https port; if a proxy ' +
      'intercepts TLS, give its CA with NODE_EXTRA_CA_CERTS.'
    );
  }
  return '';
}

/** What to check after a 401/403, by how the client authenticated. */
function authHint(client: unknown): string {
  const auth = authOf(client);
  const role = 'the role Cognitive Services OpenAI User on the resource (assignments take up to 5 minutes)';
  const scope =
    'Azure OpenAI documents the scope https://cognitiveservices.azure.com/.default ' +
    '(Foundry project endpoints: https://ai.azure.com/.default)';
  if (auth?.kind === 'apiKey') {
    return ' Check the API key (AZURE_OPENAI_API_KEY): it must be a key of this resource (Keys and Endpoint in the portal).';
  }
  if (auth?.kind === 'credential') {
    return ` The Entra ID token was asked for the scope ${auth.scope}; ${scope}. The identity needs ${role}.`;
  }
  return ` Check the API key, or for an Entra ID token its scope (${scope}) and ${role}.`;
}

/** What to check when the deployment named by `model` may not exist. */
function deploymentHint(model: string | undefined): string {
  return model
    ? ` On Azure the model is the deployment name: check that a deployment named "${model}" exists on this ` +
        'resource (AZURE_OPENAI_DEPLOYMENT or `model`) and that the endpoint is the resource endpoint.'
    : '';
}

const statusCodes: Record<number, CoreErrorCode> = {
  400: 'bad_request',
  401: 'auth_failed',
  403: 'auth_failed',
  404: 'not_found',
  409: 'conflict',
  422: 'bad_request',
  429: 'rate_limited',
};

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Maps anything that stopped a run to one turnkit error: what the `openai` client threw by
 * HTTP status: the single place where HTTP status becomes an error class. Errors that are already
 * turnkit errors pass through (also when the `openai` client wrapped one, e.g. a credential's
 * failure). With `context`, messages name the URL that could not be reached and, for 401/403/404,
 * what to check. Secrets never reach the message: only the service's own error text is kept, and
 * URLs lose credentials and query values.
 *
 * @example
 * ```ts
 * import { toApiError } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const model: string;
 * declare const input: string;
 * try { await client.responses.create({ model, input }); }
 * catch (error) { throw toApiError(error, { client, model }); }
 * ```
 */
export function toApiError(error: unknown, context: ApiErrorContext = {}): TurnkitError {
  if (TurnkitError.is(error)) return error;
  if (error instanceof OpenAIError && TurnkitError.is(error.cause)) return error.cause;
  if (error instanceof APIUserAbortError) return new RunAbortedError(error);
  const client = context.client as { baseURL?: unknown; timeout?: unknown } | undefined;
  const url = typeof client?.baseURL === 'string' ? safeUrl(client.baseURL) : undefined;
  const at = url ? ` at ${url}` : '';
  if (error instanceof APIConnectionTimeoutError) {
    const ms = typeof client?.timeout === 'number' ? ` within ${client.timeout} ms` : ' in time';
    return new ConnectionFailedError(
      `The Responses API${at} did not answer${ms} (request timed out); raise \`timeoutMs\` if it needs longer.`,
      { url, reason: 'request timed out', errorCode: 'ETIMEDOUT', cause: error },
    );
  }
  if (error instanceof APIConnectionError) {
    const found = connectionReason(error.cause ?? error);
    const reason = found?.reason ?? error.message;
    return new ConnectionFailedError(
      `Could not reach the Responses API${at}: ${reason}.${connectionHint(found?.code)}`,
      { url, reason, errorCode: found?.code, cause: error },
    );
  }
  if (error instanceof APIError) {
    const status = error.status;
    const requestId = error.requestID ?? undefined;
    const body = (error.error ?? {}) as { message?: unknown };
    const text = typeof body.message === 'string' ? body.message : error.message;
    const where = requestId ? ` (request ${requestId})` : '';
    const details = {
      status,
      requestId,
      apiCode: error.code ?? null,
      param: error.param ?? null,
      cause: error,
    };
    if (status === undefined) {
      // An `error` event in the middle of a stream: the SDK raises it without a status.
      return new ResponseFailedError('stream_failed', `The response stream failed: ${text}`, {
        apiCode: error.code ?? null,
        cause: error,
      });
    }
    const code = statusCodes[status] ?? (status >= 500 ? 'service_error' : 'api_error');
    const missingModel =
      status === 404 || error.code === 'model_not_found' || error.code === 'DeploymentNotFound';
    const hint =
      code === 'auth_failed' ? authHint(context.client) : missingModel ? deploymentHint(context.model) : '';
    const message = `Responses API error ${status}${where}: ${text}${hint}`;
    if (code === 'rate_limited') {
      return new RateLimitedError(message, { ...details, retryAfterMs: retryAfterMs(error.headers) });
    }
    if (code === 'auth_failed') return new AuthFailedError(code, message, details);
    return new ApiError(code, message, details);
  }
  if (error instanceof OpenAIError) {
    return new ApiError('api_error', `The openai client failed: ${error.message}`, { cause: error });
  }
  return new RunFailedError(error);
}

/** The message of anything thrown, without ever throwing itself (a hostile getter, a null). */
function describe(value: unknown): string {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return 'a value that cannot be shown';
  }
}

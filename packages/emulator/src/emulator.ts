import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLimits, type EmulatorOptions } from './emulator-options.js';
import type { RecordedRequest } from './http/recorded-request.js';
import { parseScript, validateTurn } from './model/parse-script.js';
import type { ScriptTurn } from './model/script.js';
import { dropRun } from './routes/background.js';
import { createState } from './routes/emulator-state.js';
import { createRequestListener } from './routes/index.js';
import type { SealedMemory } from './state/memory.js';
import type { ResponseObject } from './wire/wire-types.js';

/** How long an idle connection stays open for the next request. */
const KEEP_ALIVE_MS = 5000;

/**
 * A running emulator. See {@link startEmulator}.
 *
 * @example
 * import { OpenAI } from 'openai';
 * import { startEmulator } from '@turnkit/emulator';
 * const emu = await startEmulator();
 * const client = new OpenAI({ baseURL: emu.url, apiKey: 'test' });
 * await emu.close();
 */
export interface Emulator {
  /** Base URL of the OpenAI-style API, ending in `/v1` (e.g. `http://127.0.0.1:PORT/v1`). */
  readonly url: string;
  /** Base URL of the Azure v1 API (e.g. `http://127.0.0.1:PORT/openai/v1`). */
  readonly azureUrl: string;
  /** Origin of the server (e.g. `http://127.0.0.1:PORT`), the `endpoint` of an `AzureOpenAI` client. */
  readonly origin: string;
  /** The port the server listens on. */
  readonly port: number;
  /**
   * The requests received, oldest first, with credentials redacted: the newest `logLimit` (default
   * 1000). A request refused before its body was read (401, 403, 413, unsupported content type)
   * is kept without its body. Cleared by `clearLog()` and `reset()`.
   */
  readonly requests: readonly RecordedRequest[];
  /** How many requests were dropped from `requests` to stay within `logLimit` (since start or the last clear). */
  readonly droppedRequests: number;
  /**
   * The Responses produced (stored or not), oldest first: the newest `logLimit`. Cleared by
   * `clearLog()` and `reset()`; stored responses stay retrievable whatever this log keeps.
   */
  readonly responses: readonly ResponseObject[];
  /** How many Responses were dropped from `responses` to stay within `logLimit`. */
  readonly droppedResponses: number;
  /** How many queued script turns have not been used yet. */
  readonly pendingTurns: number;
  /**
   * Queues script turns (after those already queued).
   *
   * @throws {ScriptError} when a turn is invalid; nothing is queued then.
   */
  enqueue(...turns: ScriptTurn[]): void;
  /** Returns a stored Response by id (`undefined` when unknown, deleted or `store: false`). */
  getResponse(id: string): ResponseObject | undefined;
  /**
   * Decrypts the `encrypted_content` of a reasoning or compaction item this emulator produced and
   * returns what the model sealed in it (the user messages it knew of, its turn counter, …), or
   * `undefined` when the blob cannot be verified (tampered with, truncated, another key).
   */
  readEncryptedContent(encryptedContent: string): SealedMemory | undefined;
  /**
   * Empties `requests` and `responses` and sets their dropped counts to 0. Nothing else changes:
   * stored responses, queued turns, containers and files stay.
   *
   * @example
   * import OpenAI from 'openai';
   * import { startEmulator } from '@turnkit/emulator';
   * const emu = await startEmulator();
   * const client = new OpenAI({ baseURL: emu.url, apiKey: 'test' });
   * const model = 'gpt-5.1';
   * emu.clearLog();
   * await client.responses.create({ model, input: 'Hi' });
   * emu.requests.length; // 1
   */
  clearLog(): void;
  /**
   * Forgets queued turns, the request and response logs, stored responses, conversations, vector stores, the memory of stored items (not
   * the key), containers, uploaded files and the containers' Python state. Background responses
   * still running stop.
   */
  reset(): void;
  /**
   * Stops the server, closing open connections (SSE streams included) and hosted MCP connections,
   * terminates the Python sandbox's worker, and stops the background work still running (it resolves once that work has stopped).
   */
  close(): Promise<void>;
}

/**
 * Starts a local Responses API server on real HTTP (JSON and SSE), serving `/v1/…` and the Azure
 * paths `/openai/v1/…` and `/openai/…`. What the model answers comes from queued script turns, then
 * `options.behavior`, then the deterministic default model (which echoes the last user message or
 * reports tool outputs).
 *
 * Only the emulator's own clients get answers: a request whose `Host` is not the emulator's
 * host:port, or that comes from a browser page on another origin, gets a 403 (see
 * `allowedHosts`, `allowedOrigins`); a body that is not JSON (or multipart on upload routes) a
 * 400; a body above `maxBodyBytes` a 413. These checks and the API key read only the headers.
 *
 * @throws {ScriptError} when `options.script` is invalid.
 * @throws {EmulatorOptionsError} when `maxBodyBytes`, `logLimit`, `allowedOrigins` or
 * `allowedHosts` is invalid (the error names it).
 * @throws {Error} when the port cannot be bound (e.g. `EADDRINUSE`).
 * @example
 * import { OpenAI } from 'openai';
 * import { reply, startEmulator } from '@turnkit/emulator';
 * const emu = await startEmulator();
 * emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Sunny, 21 °C.'));
 * const client = new OpenAI({ baseURL: emu.url, apiKey: 'test' });
 * const first = await client.responses.create({ model: 'gpt-5.1', input: 'Weather in Paris?' });
 * await emu.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const limits = checkLimits(options);
  const turns = options.script ? parseScript(options.script, options.baseDir) : [];
  const host = options.host ?? '127.0.0.1';
  const state = createState({
    ...limits,
    host,
    turns,
    behavior: options.behavior,
    models: options.models,
    apiKey: options.apiKey,
    encryptionKey: options.encryptionKey,
    codeTimeoutMs: options.codeTimeoutMs,
    codeTracebackInLogs: options.codeTracebackInLogs,
  });
  const listener = createRequestListener(state);
  const server = createServer(listener);
  // A client that sends `Expect: 100-continue` is answered from its headers first: one refused
  // (bad key, too large, …) never sends its body.
  server.on('checkContinue', listener);
  // Node's own default, said in `Keep-Alive: timeout=5`. Node's fetch (the openai client's) drops a
  // connection whose hint leaves it less than its own margin, so with 1 s every request opened a
  // new one, which no client of the service does. The service's own idle timeout is not confirmed.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  state.guard.listening(port);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/v1`,
    azureUrl: `${origin}/openai/v1`,
    origin,
    port,
    get requests() {
      return state.requests.entries;
    },
    get droppedRequests() {
      return state.requests.dropped;
    },
    get responses() {
      return state.responses.entries;
    },
    get droppedResponses() {
      return state.responses.dropped;
    },
    get pendingTurns() {
      return state.queue.length;
    },
    enqueue(...newTurns) {
      const validated = newTurns.map((turn, i) =>
        validateTurn(turn, state.queue.length + i, options.baseDir),
      );
      state.queue.push(...validated);
    },
    getResponse(id) {
      return state.store.get(id)?.response;
    },
    readEncryptedContent(encryptedContent) {
      return (
        state.vault.open('reasoning', encryptedContent) ?? state.vault.open('compaction', encryptedContent)
      );
    },
    clearLog() {
      state.requests.clear();
      state.responses.clear();
    },
    reset() {
      state.queue.length = 0;
      state.requests.clear();
      state.responses.clear();
      for (const id of [...state.runs.keys()]) dropRun(state, id);
      state.store.clear();
      state.conversations.clear();
      state.vectorStores.clear();
      state.vault.clear();
      for (const id of state.containers.containers.keys()) state.sandbox.reset(id);
      state.containers.clear();
    },
    close() {
      state.answers.flush();
      state.closing.abort();
      closing ??= Promise.all([
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        }),
        state.mcp.close(),
        state.sandbox.close(),
        Promise.all(state.work),
      ]).then(() => undefined);
      return closing;
    },
  };
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from './http/recorded-request.js';
import type { ModelBehavior } from './model/model-request.js';
import { parseScript, type Script, type ScriptTurn, validateTurn } from './model/script.js';
import { dropRun } from './routes/background.js';
import { createState } from './routes/emulator-state.js';
import { createRequestListener } from './routes/index.js';
import type { SealedMemory } from './state/memory.js';
import type { ResponseObject } from './wire/wire-types.js';

/**
 * Options of {@link startEmulator}.
 *
 * @example
 * const options: EmulatorOptions = { port: 0, apiKey: 'secret', script: { turns: [reply.text('Hi')] } };
 */
export interface EmulatorOptions {
  /** Port to listen on; default `0` (a free port). */
  port?: number;
  /** Host to listen on; default `127.0.0.1`. */
  host?: string;
  /** When set, requests must carry this key (`api-key: KEY` or `Authorization: Bearer KEY`); 401 otherwise. */
  apiKey?: string;
  /** Turns queued at start: a {@link Script} or an array of turns. */
  script?: Script | readonly ScriptTurn[];
  /** Directory that relative recording paths in `script` resolve against; default the working directory. */
  baseDir?: string;
  /** A programmable model consulted when no queued turn matches, before the default model. */
  behavior?: ModelBehavior;
  /** When set, only these model names are accepted (400 `model_not_found` otherwise). */
  models?: readonly string[];
  /**
   * The key that seals the `encrypted_content` of reasoning and compaction items (AES-256-GCM):
   * 32 bytes, or a passphrase (hashed with SHA-256). Default: a random key per emulator, so a blob
   * from another emulator instance is rejected. Give two emulators the same key to let a blob
   * travel between them (e.g. across a restart).
   */
  encryptionKey?: string | Uint8Array;
  /**
   * The time limit of one code interpreter run, in milliseconds; default 10 000. A run past it is
   * stopped, its call reports it in `logs`, and the container's Python state is reset.
   */
  codeTimeoutMs?: number;
  /**
   * Put the traceback of code that raised into the `code_interpreter_call`'s `logs` output. Default
   * `false`: as in the real recording, a call whose code raised shows only what it printed before
   * (`outputs: []` when nothing), while the model (the default model's answer) sees the traceback.
   */
  codeTracebackInLogs?: boolean;
}

/**
 * A running emulator. See {@link startEmulator}.
 *
 * @example
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
  /** Every request received, oldest first, with credentials redacted. Cleared by `reset()`. */
  readonly requests: readonly RecordedRequest[];
  /** Every Response produced (stored or not), oldest first. Cleared by `reset()`. */
  readonly responses: readonly ResponseObject[];
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
   * Forgets queued turns, recorded requests, stored responses, the memory of stored items (not
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
 * @throws {ScriptError} when `options.script` is invalid.
 * @throws {Error} when the port cannot be bound (e.g. `EADDRINUSE`).
 * @example
 * const emu = await startEmulator();
 * emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Sunny, 21 °C.'));
 * const client = new OpenAI({ baseURL: emu.url, apiKey: 'test' });
 * const first = await client.responses.create({ model: 'gpt-5.1', input: 'Weather in Paris?' });
 * await emu.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const turns = options.script ? parseScript(options.script, options.baseDir) : [];
  const state = createState({
    turns,
    behavior: options.behavior,
    models: options.models,
    apiKey: options.apiKey,
    encryptionKey: options.encryptionKey,
    codeTimeoutMs: options.codeTimeoutMs,
    codeTracebackInLogs: options.codeTracebackInLogs,
  });
  const server = createServer(createRequestListener(state));
  server.keepAliveTimeout = 1000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/v1`,
    azureUrl: `${origin}/openai/v1`,
    origin,
    port,
    get requests() {
      return state.requests;
    },
    get responses() {
      return state.responses;
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
    reset() {
      state.queue.length = 0;
      state.requests.length = 0;
      state.responses.length = 0;
      for (const id of [...state.runs.keys()]) dropRun(state, id);
      state.store.clear();
      state.vault.clear();
      for (const id of state.containers.containers.keys()) state.sandbox.reset(id);
      state.containers.clear();
    },
    close() {
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

import { ContainerStore } from '../hosted/containers.js';
import { McpConnections } from '../hosted/mcp-client.js';
import { PythonSandbox } from '../hosted/python-sandbox.js';
import { VectorStores } from '../hosted/vector-stores.js';
import { AnswerBatch } from '../http/answer-batch.js';
import { BoundedLog } from '../http/bounded-log.js';
import type { RecordedRequest } from '../http/recorded-request.js';
import { RequestGuard } from '../http/request-guard.js';
import { defaultTurn } from '../model/default-model.js';
import { type ModelBehavior, type ModelRequest, matchesTurn } from '../model/model-request.js';
import { fromBehavior, validateTurn } from '../model/parse-script.js';
import type { ScriptTurn } from '../model/script.js';
import { ConversationStore } from '../state/conversations.js';
import { Vault } from '../state/memory.js';
import { ResponseStore } from '../state/store.js';
import type { ResponseObject } from '../wire/wire-types.js';
import type { BackgroundRun } from './background-run.js';

/** Everything one emulator instance keeps between requests. */
export interface EmulatorState {
  readonly store: ResponseStore;
  /** Script turns not used yet, in order. */
  readonly queue: ScriptTurn[];
  /** The newest requests received, in order (`logLimit` of them). */
  readonly requests: BoundedLog<RecordedRequest>;
  /** The newest Responses produced (stored or not), in order (`logLimit` of them). */
  readonly responses: BoundedLog<ResponseObject>;
  readonly behavior: ModelBehavior | undefined;
  readonly models: readonly string[] | undefined;
  readonly apiKey: string | undefined;
  /** The largest request body read, in bytes; a larger one gets 413. */
  readonly maxBodyBytes: number;
  /** The Host, Origin and Sec-Fetch-Site checks that keep browser pages out, and CORS for allowed origins. */
  readonly guard: RequestGuard;
  /** Aborted when the emulator closes. */
  readonly closing: AbortController;
  /** The JSON answers to end at the end of this turn of the event loop, together. */
  readonly answers: AnswerBatch;
  /** Connections to hosted MCP servers, per (URL, headers); closed with the emulator. */
  readonly mcp: McpConnections;
  /** The model's private memory: the `encrypted_content` cipher and the memory of stored items. */
  readonly vault: Vault;
  /** Background responses by id: their stored events and current state. */
  readonly runs: Map<string, BackgroundRun>;
  /** The background work under way; `close()` waits for it to stop. */
  readonly work: Set<Promise<void>>;
  /** Vector stores (`vs_…`) of uploaded files, for the `file_search` tool. */
  readonly vectorStores: VectorStores;
  /** Conversations (`conv_…`) and their items. */
  readonly conversations: ConversationStore;
  /** Containers (`cntr_…`) with their files, and files uploaded with `POST /files`. */
  readonly containers: ContainerStore;
  /** The code interpreter's Python (Pyodide in a worker thread, loaded on first use). */
  readonly sandbox: PythonSandbox;
  /** The time limit of one code interpreter run, in milliseconds. */
  readonly codeTimeoutMs: number;
  /** Put the traceback of code that raised into the call's `logs` output (default: not shown). */
  readonly codeTracebackInLogs: boolean;
}

/**
 * Creates the state of a new emulator.
 *
 * @example
 * import { createState } from './emulator-state.js';
 * const state = createState({ turns: [], apiKey: 'secret', host: '127.0.0.1', maxBodyBytes: 1024, logLimit: 100 });
 */
export function createState(options: {
  turns: ScriptTurn[];
  host: string;
  maxBodyBytes: number;
  logLimit: number;
  allowedOrigins?: readonly string[];
  allowedHosts?: readonly string[];
  behavior?: ModelBehavior | undefined;
  models?: readonly string[] | undefined;
  apiKey?: string | undefined;
  encryptionKey?: string | Uint8Array | undefined;
  codeTimeoutMs?: number | undefined;
  codeTracebackInLogs?: boolean | undefined;
}): EmulatorState {
  return {
    store: new ResponseStore(),
    queue: [...options.turns],
    requests: new BoundedLog(options.logLimit),
    responses: new BoundedLog(options.logLimit),
    behavior: options.behavior,
    models: options.models,
    apiKey: options.apiKey,
    maxBodyBytes: options.maxBodyBytes,
    guard: new RequestGuard({
      host: options.host,
      allowedOrigins: options.allowedOrigins ?? [],
      allowedHosts: options.allowedHosts ?? [],
    }),
    closing: new AbortController(),
    answers: new AnswerBatch(),
    mcp: new McpConnections(),
    vault: new Vault(options.encryptionKey),
    runs: new Map(),
    work: new Set(),
    vectorStores: new VectorStores(),
    conversations: new ConversationStore(),
    containers: new ContainerStore(),
    sandbox: new PythonSandbox(),
    codeTimeoutMs: options.codeTimeoutMs ?? 10_000,
    codeTracebackInLogs: options.codeTracebackInLogs ?? false,
  };
}

/**
 * Picks the turn that answers a request: the first queued turn whose `match` accepts it (removed
 * from the queue), else the custom behavior's turn, else the default model's.
 *
 * @example
 * import type { ModelRequest } from '../model/model-request.js';
 * import { type EmulatorState, takeTurn } from './emulator-state.js';
 * declare const state: EmulatorState;
 * declare const modelRequest: ModelRequest;
 * const turn = takeTurn(state, modelRequest);
 */
export function takeTurn(state: EmulatorState, request: ModelRequest): ScriptTurn {
  const index = state.queue.findIndex((turn) => matchesTurn(turn.match, request));
  if (index >= 0) return state.queue.splice(index, 1)[0]!;
  const custom = state.behavior?.(request);
  if (custom === undefined) return defaultTurn(request);
  try {
    return fromBehavior(validateTurn(custom, 0));
  } catch (error) {
    throw new Error(`The model behavior returned an invalid turn: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

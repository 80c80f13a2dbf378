import type { Response, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import { ConversationBusyError } from '../errors/conversation-busy-error.js';
import { ConfigurationError } from '../errors/input-errors.js';
import type {
  ConversationItem,
  ConversationRecord,
  ConversationStrategy,
  OpenCall,
} from './conversation-record.js';
import { entrySource, parseSessionEntry } from './conversation-record-schema.js';
import { dropPositions, type RepairOptions } from './conversation-repair.js';
import { ReplayForms } from './replay-form.js';
import { keepNewestScreenshots } from './screenshot-history.js';
import type { Session } from './session.js';
import { withNewestImageOnly } from './stateless-images.js';

/** The part of a request that conversation state decides. */
export interface ConversationRequest {
  input: ResponseInputItem[];
  previous_response_id?: string;
  store: boolean;
}

/** JSON form of a conversation (see {@link Conversation.toJSON}). */
export interface ConversationSnapshot {
  schemaVersion: 1;
  strategy: ConversationStrategy;
  lastResponseId: string | null;
  history: ConversationItem[];
  pending: ConversationItem[];
  unanswered: OpenCall[];
}

const STRATEGIES: readonly ConversationStrategy[] = ['server', 'stateless'];

/** The output a server conversation keeps of a response: none (shared: never changed). */
const NO_ITEMS: ConversationItem[] = Object.freeze([]) as unknown as ConversationItem[];

/** The unsaved records of a conversation without a session: none, ever (shared: never changed). */
const NO_RECORDS: ConversationRecord[] = Object.freeze([]) as unknown as ConversationRecord[];

/**
 * The output items of a response that a stateless conversation keeps to send back (a request
 * sends them in their replay form, see `ReplayForms`). A reasoning item is kept only with its `encrypted_content` and only when an item follows it:
 * the service refuses reasoning without content ("Item 'rs_…' not found") or without its
 * following item.
 */
export function replayableOutput(output: readonly ResponseOutputItem[]): ConversationItem[] {
  const kept: ConversationItem[] = [];
  output.forEach((item, index) => {
    if (item.type === 'reasoning' && (!item.encrypted_content || index === output.length - 1)) return;
    kept.push(item as ConversationItem);
  });
  return kept;
}

/** The calls of a conversation that has none waiting for an output (shared: never changed). */
const NO_CALLS: OpenCall[] = Object.freeze([]) as unknown as OpenCall[];

/**
 * Copies of `calls`, one per call id (the last given wins), in an array exactly as long: a
 * conversation keeps it while its calls run, and a Map of one entry takes four times the memory.
 */
function openCalls(calls: readonly OpenCall[]): OpenCall[] {
  if (calls.length === 0) return NO_CALLS;
  const ids = new Set(calls.map((call) => call.callId));
  if (ids.size === calls.length) return calls.map((call) => ({ ...call }));
  const byId = new Map(calls.map((call) => [call.callId, call]));
  return [...byId.values()].map((call) => ({ ...call }));
}

/** `calls` without the one of `callId` (the same array when none has it). */
function withoutCall(calls: OpenCall[], callId: string): OpenCall[] {
  const index = calls.findIndex((call) => call.callId === callId);
  if (index < 0) return calls;
  return calls.length === 1 ? NO_CALLS : calls.toSpliced(index, 1);
}

/** Sets who uses a conversation; assigned inside the class, which owns the private field. */
let setHolder: (conversation: Conversation, holder: string | undefined) => void;

/** Index of the newest compaction item, or -1. */
function newestCompaction(items: readonly ConversationItem[]): number {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.type === 'compaction') return i;
  return -1;
}

/**
 * One conversation with the model, across turns, runs and processes. It decides what each
 * request sends (see {@link ConversationStrategy}) and keeps what has not been acknowledged by a
 * response yet, so a failed turn loses nothing: the next run on it sends those items again.
 * With a {@link Session} every change is also appended to storage.
 *
 * One run at a time: a run (or a compaction, or a repair) started while another run uses the
 * conversation is refused with {@link ConversationBusyError}, before it sends or changes anything.
 * Runs on one conversation are turns of one dialogue, so they must follow each other; await
 * the first (or queue them yourself) before starting the next. The check covers this object; two
 * processes that load one session must take turns by other means (see `Session.claim`).
 *
 * @example
 * ```ts
 * import { type Agent, createConversation } from '@turnkit/core';
 * declare const agent: Agent;
 * const conversation = createConversation({ strategy: 'stateless' });
 * await agent.run('My name is Ada.', { conversation });
 * const again = await agent.run('What is my name?', { conversation });
 * ```
 */
export class Conversation {
  readonly strategy: ConversationStrategy;
  readonly session: Session | undefined;
  #lastResponseId: string | null = null;
  /** Replaced as it changes, never changed in place (so it starts as the shared empty list). */
  #history: ConversationItem[] = NO_ITEMS;
  #pending: ConversationItem[] = [];
  /** The calls waiting for an output, in order; replaced as it changes, never changed in place. */
  #unanswered: OpenCall[] = NO_CALLS;
  /** Records not yet saved (only with a session: without one, the shared empty list). */
  #unsaved: ConversationRecord[] = NO_RECORDS;
  #holder: string | undefined;
  /** The wire forms of replayed items (stateless strategy only; made on first use). */
  #forms: ReplayForms | undefined;

  static {
    setHolder = (conversation, holder) => {
      conversation.#holder = holder;
    };
  }

  constructor(options: { strategy?: ConversationStrategy; session?: Session } = {}) {
    const strategy = options.strategy ?? 'server';
    if (!STRATEGIES.includes(strategy)) {
      throw new ConfigurationError(
        'conversation.strategy',
        `Unknown conversation strategy ${JSON.stringify(strategy)}; use "server" or "stateless".`,
      );
    }
    if (
      options.session !== undefined &&
      (typeof options.session?.load !== 'function' || typeof options.session.append !== 'function')
    ) {
      throw new ConfigurationError(
        'conversation.session',
        '`session` must have load() and append(); see createFileSession().',
      );
    }
    this.strategy = strategy;
    this.session = options.session;
    if (this.session) this.#unsaved = [];
  }

  /** The id of the newest response (server strategy), or `null` before the first turn. */
  get lastResponseId(): string | null {
    return this.#lastResponseId;
  }

  /** Acknowledged items kept by the client (stateless strategy; empty with `server`). */
  get history(): readonly ConversationItem[] {
    return this.#history;
  }

  /** Items queued for the next request (not yet acknowledged by a response). */
  get pending(): readonly ConversationItem[] {
    return this.#pending;
  }

  /**
   * The id of the run using this conversation now (`"compaction"` during `compactConversation`),
   * or `undefined` when it is free.
   */
  get runningRunId(): string | undefined {
    return this.#holder;
  }

  /** Function calls (and computer calls, `kind: 'computer'`) of the last response that have no output yet. */
  get unansweredCalls(): ReadonlyArray<OpenCall> {
    return this.#unanswered.map((call) => ({ ...call }));
  }

  /**
   * Queues items for the next request. A `function_call_output` (or `computer_call_output`)
   * answers its pending call. With `keepScreenshots` (stateless strategy), only that many of the
   * newest computer screenshots stay in full; older ones become a placeholder image.
   */
  push(items: readonly ConversationItem[], options: { keepScreenshots?: number } = {}): void {
    // Not copied: the loop pushes items it owns, and run input is copied once when it arrives.
    if (items.length === 0) return;
    const keep = options.keepScreenshots;
    // A record kept for the session gets its own list; one only applied needs none.
    const list = this.session ? [...items] : (items as ConversationItem[]);
    this.#record(
      keep !== undefined ? { op: 'push', items: list, keepScreenshots: keep } : { op: 'push', items: list },
    );
  }

  /**
   * Answers every call still without an output with `message`, so the next request is valid
   * (the API refuses a chain whose function calls have no outputs).
   */
  settleUnanswered(message: string): ConversationItem[] {
    const outputs = this.unansweredCalls
      .filter((call) => call.kind === undefined)
      .map(
        ({ callId }): ConversationItem => ({
          type: 'function_call_output',
          call_id: callId,
          output: message,
        }),
      );
    this.push(outputs);
    return outputs;
  }

  /**
   * The input, chaining and storage of the next request. Stateless: the history and the pending
   * items, with only the newest generated image (see `withNewestImageOnly`), each in its wire form
   * (see `ReplayForms`: replayed messages and function calls without their output-only fields).
   */
  nextRequest(): ConversationRequest {
    if (this.strategy === 'stateless') {
      const items = withNewestImageOnly([...this.#history, ...this.#pending]);
      this.#forms ??= new ReplayForms();
      return { input: this.#forms.of(items), store: false };
    }
    return {
      input: [...this.#pending],
      ...(this.#lastResponseId ? { previous_response_id: this.#lastResponseId } : {}),
      store: true,
    };
  }

  /** Records a finished response: the first `sent` pending items are acknowledged, and its output kept. */
  commit(response: Response, sent: number): void {
    const calls: OpenCall[] = [];
    for (const item of response.output) {
      if (item.type === 'function_call') calls.push({ callId: item.call_id, name: item.name });
      else if (item.type === 'computer_call')
        calls.push({ callId: item.call_id, name: 'computer', kind: 'computer' });
    }
    const output = this.strategy === 'stateless' ? replayableOutput(response.output) : NO_ITEMS;
    this.#record({ op: 'commit', responseId: response.id, sent, output, calls });
  }

  /**
   * Replaces the conversation's history with `items`, e.g. the output of `POST /responses/compact`
   * (the user messages and one compaction item). The server strategy starts a new chain from them.
   */
  replace(items: readonly ConversationItem[]): void {
    this.#record({ op: 'replace', items: structuredClone([...items]) });
  }

  /**
   * Removes items the service rejects (e.g. a reasoning item whose `encrypted_content` was
   * damaged, which fails every later request) from the history and the pending items, recorded
   * as one change, saved to the session at once, so the repair survives reloads. Items that the
   * service would refuse without the removed ones go too: a function call and its output, an MCP
   * approval request and its response, a reasoning item and the item it precedes.
   *
   * The error of a run that failed on such an item names it: `ConversationItemRejectedError`'s
   * `itemId` (or `item`, for an item without an id).
   *
   * @returns the items removed, in conversation order.
   * @throws {InputError} for an id or item the conversation does not hold (nothing is removed).
   * @throws {ConversationBusyError} while a run uses the conversation.
   * @example
   * ```ts
   * import { type Agent, type Conversation, ConversationItemRejectedError } from '@turnkit/core';
   * declare const agent: Agent;
   * declare const conversation: Conversation;
   * try {
   *   await agent.run('Go on', { conversation });
   * } catch (error) {
   *   if (error instanceof ConversationItemRejectedError) {
   *     await conversation.repair({ drop: [error.itemId ?? error.item!] });
   *   }
   * }
   * ```
   */
  async repair(options: RepairOptions): Promise<ConversationItem[]> {
    if (this.#holder !== undefined) throw new ConversationBusyError(this.#holder, 'repair');
    const positions = dropPositions(this.#history, this.#pending, options);
    const dropped = [
      ...positions.history.map((i) => this.#history[i]!),
      ...positions.pending.map((i) => this.#pending[i]!),
    ];
    this.#record({ op: 'drop', ...positions });
    await this.save();
    return structuredClone(dropped);
  }

  /** Applies one record; the single place where the conversation changes. */
  apply(record: ConversationRecord): void {
    switch (record.op) {
      case 'push':
        for (const item of record.items) {
          if (
            (item.type === 'function_call_output' || item.type === 'computer_call_output') &&
            item.call_id
          ) {
            this.#unanswered = withoutCall(this.#unanswered, item.call_id);
          }
          this.#pending.push(item);
        }
        if (record.keepScreenshots !== undefined && this.strategy === 'stateless') {
          keepNewestScreenshots([...this.#history, ...this.#pending], record.keepScreenshots);
        }
        break;
      case 'commit': {
        const sent = this.#pending.splice(0, record.sent);
        this.#lastResponseId = record.responseId;
        if (this.strategy === 'stateless') {
          // concat: a spread would leave room for 16 more items, kept as long as the history is.
          const history = this.#history.concat(sent, record.output);
          const cut = newestCompaction(history);
          if (cut > 0) {
            // What the compaction item replaces goes, except this response's calls and approval
            // requests that still wait for an answer: their outputs would otherwise refer to
            // nothing ("No tool call found for function call output").
            const waiting = new Set(record.calls.map((c) => c.callId));
            const open = history
              .slice(0, cut)
              .filter(
                (item) =>
                  ((item.type === 'function_call' || item.type === 'computer_call') &&
                    waiting.has(item.call_id)) ||
                  (item.type === 'mcp_approval_request' && record.output.includes(item)),
              );
            this.#history = [history[cut]!, ...open, ...history.slice(cut + 1)];
          } else {
            this.#history = history;
          }
        }
        this.#unanswered = openCalls(record.calls);
        break;
      }
      case 'replace':
        // A compaction consumed everything it was sent, pending items included.
        this.#history = this.strategy === 'stateless' ? [...record.items] : NO_ITEMS;
        this.#pending = this.strategy === 'stateless' ? [] : [...record.items];
        this.#lastResponseId = null;
        this.#unanswered = NO_CALLS;
        break;
      case 'drop': {
        const history = new Set(record.history);
        const pending = new Set(record.pending);
        for (const item of [
          ...this.#history.filter((_, i) => history.has(i)),
          ...this.#pending.filter((_, i) => pending.has(i)),
        ]) {
          if (
            item.type === 'function_call' ||
            item.type === 'function_call_output' ||
            item.type === 'computer_call' ||
            item.type === 'computer_call_output'
          ) {
            this.#unanswered = withoutCall(this.#unanswered, String(item.call_id));
          }
        }
        this.#history = this.#history.filter((_, i) => !history.has(i));
        this.#pending = this.#pending.filter((_, i) => !pending.has(i));
        break;
      }
      default:
        throw new ConfigurationError(
          'conversation',
          `Unknown conversation record ${JSON.stringify((record as { op?: unknown }).op)}.`,
        );
    }
  }

  /** Refuses a stored record that does not fit the conversation so far. @throws {ConfigurationError} */
  #check(record: ConversationRecord, at: string): void {
    const fail = (field: string, problem: string): never => {
      throw new ConfigurationError('session', `${at}: record.${field}: ${problem}; the session is damaged.`);
    };
    if (record.op === 'commit' && record.sent > this.#pending.length) {
      fail(
        'sent',
        `the record acknowledges ${record.sent} pending items but ${this.#pending.length} are pending`,
      );
    }
    if (record.op === 'drop') {
      for (const [list, size] of [
        ['history', this.#history.length],
        ['pending', this.#pending.length],
      ] as const) {
        if (record[list].some((i) => i >= size))
          fail(list, `drops an item past the ${size} the conversation holds`);
      }
    }
  }

  #record(record: ConversationRecord): void {
    this.apply(record);
    if (this.session) this.#unsaved.push(record);
  }

  /** Appends the changes not yet saved to the session (no-op without one). The loop calls it after every turn. */
  async save(): Promise<void> {
    if (!this.session || this.#unsaved.length === 0) return;
    const records = this.#unsaved;
    this.#unsaved = [];
    try {
      await this.session.append(records.map((record) => ({ strategy: this.strategy, record })));
    } catch (error) {
      this.#unsaved = [...records, ...this.#unsaved];
      throw error;
    }
  }

  /** The conversation as JSON, to store and {@link Conversation.fromJSON} later (holds no secrets). */
  toJSON(): ConversationSnapshot {
    return {
      schemaVersion: 1,
      strategy: this.strategy,
      lastResponseId: this.#lastResponseId,
      history: structuredClone(this.#history),
      pending: structuredClone(this.#pending),
      unanswered: this.unansweredCalls.map((c) => ({ ...c })),
    };
  }

  /**
   * Restores a conversation saved with {@link Conversation.toJSON}.
   * @throws {ConfigurationError} when the snapshot is not one, or of a newer schema version.
   */
  static fromJSON(snapshot: unknown, options: { session?: Session } = {}): Conversation {
    const s = snapshot as Partial<ConversationSnapshot> | null;
    if (s === null || typeof s !== 'object') {
      throw new ConfigurationError(
        'conversation',
        'A conversation snapshot must be an object from Conversation.toJSON().',
      );
    }
    if (s.schemaVersion !== 1) {
      throw new ConfigurationError(
        'conversation.schemaVersion',
        `Conversation snapshot schemaVersion ${JSON.stringify(s.schemaVersion)} is not supported (this version reads 1).`,
      );
    }
    const history = s.history ?? [];
    if (
      !Array.isArray(history) ||
      !Array.isArray(s.pending) ||
      !Array.isArray(s.unanswered) ||
      (s.lastResponseId !== null && typeof s.lastResponseId !== 'string')
    ) {
      throw new ConfigurationError(
        'conversation',
        'The conversation snapshot is malformed (history, pending, unanswered or lastResponseId).',
      );
    }
    const conversation = new Conversation({ strategy: s.strategy, session: options.session });
    conversation.#lastResponseId = s.lastResponseId;
    conversation.#history = structuredClone(history);
    conversation.#pending = structuredClone(s.pending);
    conversation.#unanswered = openCalls(s.unanswered);
    return conversation;
  }

  /**
   * Restores a conversation from its session by applying every stored record; later changes are
   * appended to the same session. A session with no records gives a new, empty conversation.
   *
   * @throws {ConfigurationError} when the session's records are not a conversation's.
   * @example
   * ```ts
   * import { Conversation, createFileSession } from '@turnkit/core';
   * const conversation = await Conversation.resume(createFileSession('chat.jsonl'), { strategy: 'stateless' });
   * ```
   */
  static async resume(
    session: Session,
    options: { strategy?: ConversationStrategy } = {},
  ): Promise<Conversation> {
    const conversation = new Conversation({ strategy: options.strategy, session });
    const stored = await session.load();
    for (const [index, loaded] of stored.entries()) {
      const where = (loaded as { [entrySource]?: string })[entrySource];
      const entry = where ? loaded : parseSessionEntry(loaded, `record ${index}`);
      const at = where ?? `record ${index}`;
      if (entry.strategy !== conversation.strategy) {
        throw new ConfigurationError(
          'conversation.strategy',
          `The session holds a "${entry.strategy}" conversation (${at}); resume it with { strategy: "${entry.strategy}" }.`,
        );
      }
      conversation.#check(entry.record, at);
      conversation.apply(entry.record);
    }
    return conversation;
  }
}

/**
 * Creates a conversation. Default strategy `server`.
 * @throws {ConfigurationError} for an unknown strategy or a session without load()/append().
 */
export function createConversation(
  options: { strategy?: ConversationStrategy; session?: Session } = {},
): Conversation {
  return new Conversation(options);
}

/**
 * Marks `conversation` as used by `holder` (a run id, or `"compaction"`) and returns the function
 * that frees it (safe to call twice). Synchronous, so of two runs started in the same tick the
 * second is refused.
 * @throws {ConversationBusyError} when something already uses it.
 */
export function holdConversation(conversation: Conversation, holder: string): () => void {
  const current = conversation.runningRunId;
  if (current !== undefined)
    throw new ConversationBusyError(current, holder === 'compaction' ? 'compaction' : 'run');
  setHolder(conversation, holder);
  let held = true;
  return () => {
    if (held) setHolder(conversation, undefined);
    held = false;
  };
}

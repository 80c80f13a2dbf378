import type { Response, ResponseInputItem } from 'openai/resources/responses/responses';
import { ConfigurationError } from './errors.js';

/** How a conversation's history reaches the model. */
export type ConversationStrategy = 'server';

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
  pending: ResponseInputItem[];
  unanswered: Array<{ callId: string; name: string }>;
}

/**
 * One conversation with the model, across turns and runs. It decides what each request sends
 * (with the `server` strategy: only the new items, chained by `previous_response_id` to the
 * stored history) and remembers what has not been acknowledged yet, so a failed turn loses
 * nothing: its items are sent again by the next run on the same conversation.
 *
 * @example
 * ```ts
 * const conversation = createConversation();
 * await agent.run('My name is Ada.', { conversation });
 * const again = await agent.run('What is my name?', { conversation });
 * ```
 */
export class Conversation {
  readonly strategy: ConversationStrategy;
  #lastResponseId: string | null = null;
  #pending: ResponseInputItem[] = [];
  #unanswered = new Map<string, string>();

  constructor(options: { strategy?: ConversationStrategy } = {}) {
    const strategy = options.strategy ?? 'server';
    if (strategy !== 'server') {
      throw new ConfigurationError(
        'conversation.strategy',
        `Unknown conversation strategy "${String(strategy)}"; this version supports "server".`,
      );
    }
    this.strategy = strategy;
  }

  /** The id of the newest response in the chain, or `null` before the first turn. */
  get lastResponseId(): string | null {
    return this.#lastResponseId;
  }

  /** Items queued for the next request (not yet acknowledged by a response). */
  get pending(): readonly ResponseInputItem[] {
    return this.#pending;
  }

  /** Function calls of the last response that have no output yet. */
  get unansweredCalls(): ReadonlyArray<{ callId: string; name: string }> {
    return [...this.#unanswered].map(([callId, name]) => ({ callId, name }));
  }

  /** Queues items for the next request. A `function_call_output` answers its pending call. */
  push(items: readonly ResponseInputItem[]): void {
    for (const item of items) {
      if (item.type === 'function_call_output' && item.call_id) this.#unanswered.delete(item.call_id);
      this.#pending.push(item);
    }
  }

  /**
   * Answers every call still without an output with `message`, so the next request is valid
   * (the API refuses a chain whose function calls have no outputs). Used when a run was
   * interrupted between a response and its tool outputs.
   */
  settleUnanswered(message: string): ResponseInputItem[] {
    const outputs = this.unansweredCalls.map(
      ({ callId }): ResponseInputItem => ({ type: 'function_call_output', call_id: callId, output: message }),
    );
    this.push(outputs);
    return outputs;
  }

  /** The input, chaining and storage of the next request. */
  nextRequest(): ConversationRequest {
    return {
      input: [...this.#pending],
      ...(this.#lastResponseId ? { previous_response_id: this.#lastResponseId } : {}),
      store: true,
    };
  }

  /** Records a finished response: the items sent are acknowledged, its function calls await outputs. */
  commit(response: Response, sent: number): void {
    this.#lastResponseId = response.id;
    this.#pending.splice(0, sent);
    this.#unanswered.clear();
    for (const item of response.output) {
      if (item.type === 'function_call') this.#unanswered.set(item.call_id, item.name);
    }
  }

  /** The conversation as JSON, to store and {@link Conversation.fromJSON} later (holds no secrets). */
  toJSON(): ConversationSnapshot {
    return {
      schemaVersion: 1,
      strategy: this.strategy,
      lastResponseId: this.#lastResponseId,
      pending: structuredClone(this.#pending),
      unanswered: this.unansweredCalls.map((c) => ({ ...c })),
    };
  }

  /**
   * Restores a conversation saved with {@link Conversation.toJSON}.
   * @throws {ConfigurationError} when the snapshot is not one, or of a newer schema version.
   */
  static fromJSON(snapshot: unknown): Conversation {
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
    if (
      !Array.isArray(s.pending) ||
      !Array.isArray(s.unanswered) ||
      (s.lastResponseId !== null && typeof s.lastResponseId !== 'string')
    ) {
      throw new ConfigurationError(
        'conversation',
        'The conversation snapshot is malformed (pending, unanswered or lastResponseId).',
      );
    }
    const conversation = new Conversation({ strategy: s.strategy });
    conversation.#lastResponseId = s.lastResponseId;
    conversation.#pending = structuredClone(s.pending);
    for (const call of s.unanswered) conversation.#unanswered.set(call.callId, call.name);
    return conversation;
  }
}

/** Creates a conversation (default strategy `server`). */
export function createConversation(options: { strategy?: ConversationStrategy } = {}): Conversation {
  return new Conversation(options);
}

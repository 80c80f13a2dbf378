import type { CreateRequest } from '../validate/create-request.js';
import { HttpError, invalidRequest, invalidType, missingParameter } from '../wire/errors.js';
import { contentText } from '../wire/usage.js';
import type { WireItem } from '../wire/wire-types.js';
import type { ResolvedContext } from './context.js';
import { ContentCipher, type SealedKind } from './crypto.js';
import type { ResponseStore } from './store.js';

/**
 * What the emulated model carries between turns, sealed in the `encrypted_content` of the
 * reasoning and compaction items it produces: the user messages it knows of, a turn counter and,
 * for reasoning, its hidden "thought" and the item that followed the reasoning item in the output.
 *
 * @example
 * import type { SealedMemory } from '@turnkit/emulator';
 * const memory: SealedMemory = { v: 1, kind: 'compaction', item: 'cmp_1', turn: 3, remembered: ['Hi'] };
 */
export interface SealedMemory {
  v: 1;
  kind: SealedKind;
  /** The id of the item the blob was issued for (`rs_…` or `cmp_…`). */
  item: string;
  /** The turn (1-based) of the response that produced the item. */
  turn: number;
  /** Every user message the model knew of at that turn, oldest first. */
  remembered: string[];
  /** Reasoning only: the hidden reasoning text (the summary, when one is shown, is this text). */
  thought?: string;
  /** Reasoning only: the output item that came right after the reasoning item. */
  followedBy?: { type: string; id?: string; call_id?: string };
  /**
   * Reasoning only, when `followedBy` is an `image_generation_call`: the item after that call,
   * which may follow the reasoning item instead when the call is left out of a later input (the
   * service took that: pydantic-ai `test_openai_responses_image_generation_store_false`).
   */
  orFollowedBy?: { type: string; id?: string; call_id?: string };
}

/**
 * The emulated model's private memory store of one emulator: the cipher that seals and opens
 * `encrypted_content` (AES-256-GCM, one key per emulator), and the memory behind every reasoning
 * and compaction item of a stored response, so that a stored item can be resumed by id (through
 * `previous_response_id`, an `item_reference`, or a reasoning item sent without
 * `encrypted_content`).
 *
 * @example
 * import { Vault } from './memory.js';
 * const vault = new Vault('a passphrase');
 * const blob = vault.seal({ v: 1, kind: 'compaction', item: 'cmp_1', turn: 1, remembered: ['Hi'] });
 * vault.open('compaction', blob)?.remembered; // ['Hi']
 */
export class Vault {
  readonly #cipher: ContentCipher;
  readonly #kept = new Map<string, SealedMemory>();
  readonly #recorded = new Set<string>();

  constructor(key?: string | Uint8Array) {
    this.#cipher = new ContentCipher(key);
  }

  /** Encrypts a memory into an `encrypted_content` blob. */
  seal(memory: SealedMemory): string {
    return this.#cipher.seal(memory.kind, memory);
  }

  /**
   * Decrypts a blob sealed by this vault for `kind`; `undefined` when it cannot be verified. A
   * blob a replayed recording served (see {@link acceptRecorded}) opens as an empty memory: the
   * emulator stood in for the server that issued it.
   */
  open(kind: SealedKind, blob: unknown): SealedMemory | undefined {
    const value = this.#cipher.open(kind, blob);
    if (isSealedMemory(value, kind)) return value;
    if (typeof blob === 'string' && this.#recorded.has(`${kind}:${blob}`)) {
      return { v: 1, kind, item: 'recorded', turn: 0, remembered: [] };
    }
    return undefined;
  }

  /**
   * Accepts, from now on, the `encrypted_content` of every reasoning and compaction item found in
   * a replayed recording (its events and body), so that a client can send them back.
   *
   * @example
   * import type { Plan } from '../turn/plan.js';
   * import type { Vault } from './memory.js';
   * declare const vault: Vault;
   * declare const plan: Plan; // from planRecording()
   * vault.acceptRecorded([...plan.events.map((e) => e.data), plan.body]);
   */
  acceptRecorded(values: readonly unknown[]): void {
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(visit);
        return;
      }
      if (typeof value !== 'object' || value === null) return;
      const v = value as Record<string, unknown>;
      if ((v.type === 'reasoning' || v.type === 'compaction') && typeof v.encrypted_content === 'string') {
        this.#recorded.add(`${v.type}:${v.encrypted_content}`);
      }
      Object.values(v).forEach(visit);
    };
    values.forEach(visit);
  }

  /** Keeps the memory of an item of a stored response, under the item's id. */
  keep(memory: SealedMemory): void {
    this.#kept.set(memory.item, memory);
  }

  /** The kept memory of a stored item, or `undefined`. */
  kept(id: unknown): SealedMemory | undefined {
    return typeof id === 'string' ? this.#kept.get(id) : undefined;
  }

  /** Forgets the kept memories and the accepted recorded blobs (not the key). */
  clear(): void {
    this.#kept.clear();
    this.#recorded.clear();
  }
}

function isSealedMemory(value: unknown, kind: SealedKind): value is SealedMemory {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<SealedMemory>;
  return (
    m.v === 1 &&
    m.kind === kind &&
    typeof m.item === 'string' &&
    typeof m.turn === 'number' &&
    Array.isArray(m.remembered) &&
    m.remembered.every((text) => typeof text === 'string')
  );
}

/** What the emulated model knows when it answers a request. */
export interface Mind {
  /**
   * The model context: the `previous_response_id` chain from its most recent compaction item on
   * (the server prunes what a compaction replaced), followed by this request's input.
   */
  context: WireItem[];
  /** Every user message the model knows of, oldest first: from the context's messages and from
   * the memory of its reasoning and compaction items. */
  remembered: string[];
  /** The turn (1-based) of the response being produced. */
  turn: number;
  /** The memory each reasoning or compaction item of the context carried. */
  memories: Map<WireItem, SealedMemory>;
}

/**
 * Works out what the emulated model knows for a request: its context (the chain pruned at its last
 * compaction item, then the input), and its memory, gathered only from those items: user messages,
 * and the decrypted `encrypted_content` of reasoning and compaction items (or, for stored items,
 * the memory the emulator kept). Also checks the reasoning and compaction items of the input the
 * way the real service does.
 *
 * @throws {HttpError}
 * - 400 `invalid_encrypted_content` (param `null`) when an `encrypted_content` cannot be
 *   verified: tampered with, truncated (e.g. the partial value of `response.output_item.added`),
 *   forged, or sealed by another emulator;
 * - 404 `Item with id 'rs_…' not found.` (param `input`) for a reasoning item sent without
 *   `encrypted_content` whose id is no stored item (the message adds the `store: false` hint when
 *   the request does not store);
 * - 400 `Item 'rs_…' of type 'reasoning' was provided without its required following item.`
 *   (param `input`) when a reasoning item is the last input item, or is not followed by the item
 *   that followed it in the output;
 * - 400 for a reasoning item without `summary` (or with a non-string `encrypted_content`), or a
 *   compaction item without `encrypted_content`.
 * @example
 * import type { EmulatorState } from '../routes/emulator-state.js';
 * import type { CreateRequest } from '../validate/create-request.js';
 * import type { ResolvedContext } from './context.js';
 * import { recall } from './memory.js';
 * declare const state: EmulatorState;
 * declare const request: CreateRequest;
 * declare const resolved: ResolvedContext;
 * const mind = recall({ request, resolved, store: state.store, vault: state.vault });
 * mind.remembered; // ['My name is Ann', 'What do you remember?']
 */
export function recall(options: {
  request: CreateRequest;
  resolved: ResolvedContext;
  store: ResponseStore;
  vault: Vault;
}): Mind {
  const { request, resolved, store, vault } = options;
  const previous = fromLastCompaction(resolved.previous);
  const memories = new Map<WireItem, SealedMemory>();
  for (const item of previous) {
    if (item.type !== 'reasoning' && item.type !== 'compaction') continue;
    const memory = vault.kept(item.id) ?? vault.open(item.type, item.encrypted_content);
    if (memory) memories.set(item, memory);
  }
  resolved.input.forEach((item, i) => {
    const sent = request.input[i] as WireItem;
    const memory = inputMemory(item, sent, `input[${i}]`, { store, vault, storing: request.store });
    if (memory) memories.set(item, memory);
  });
  checkFollowingItems(resolved.input, request.input, memories);
  const context = [...previous, ...resolved.input];
  let remembered: string[] = [];
  let turn = 0;
  let inModelTurn = false;
  for (const item of context) {
    const fromModel = isModelItem(item);
    if (fromModel && !inModelTurn) turn++;
    if (item.type !== 'compaction') inModelTurn = fromModel;
    if (item.type === 'message' && item.role === 'user') remembered.push(contentText(item.content));
    const memory = memories.get(item);
    if (memory) {
      remembered = mergeMemory(remembered, memory.remembered);
      turn = Math.max(turn, memory.turn);
    }
  }
  return { context, remembered, turn: turn + 1, memories };
}

function inputMemory(
  item: WireItem,
  sent: WireItem,
  param: string,
  options: { store: ResponseStore; vault: Vault; storing: boolean },
): SealedMemory | undefined {
  if (item.type !== 'reasoning' && item.type !== 'compaction') return undefined;
  const { vault } = options;
  if (sent.type === 'item_reference') return vault.kept(item.id);
  const blob = sent.encrypted_content;
  if (item.type === 'compaction') {
    if (blob === undefined || blob === null) throw missingParameter(`${param}.encrypted_content`);
    if (typeof blob !== 'string') throw invalidType(`${param}.encrypted_content`, 'a string', blob);
    return vault.open('compaction', blob) ?? throwUnverified(sent.id, blob);
  }
  if (!Array.isArray(sent.summary)) {
    if (sent.summary === undefined) throw missingParameter(`${param}.summary`);
    throw invalidType(`${param}.summary`, 'an array', sent.summary);
  }
  if (typeof blob === 'string') return vault.open('reasoning', blob) ?? throwUnverified(sent.id, blob);
  if (blob !== undefined && blob !== null) {
    throw invalidType(`${param}.encrypted_content`, 'a string', blob);
  }
  if (typeof sent.id !== 'string') throw missingParameter(`${param}.encrypted_content`);
  const kept = options.store.findItem(sent.id) ? vault.kept(sent.id) : undefined;
  if (kept) return kept;
  const hint = options.storing
    ? ''
    : ' Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove this item from your input.';
  throw new HttpError(404, {
    message: `Item with id '${sent.id}' not found.${hint}`,
    type: 'invalid_request_error',
    param: 'input',
    code: null,
  });
}

function throwUnverified(id: unknown, blob: string): never {
  const what = typeof id === 'string' ? `for item ${id}` : `${blob.slice(0, 4)}...${blob.slice(-4)}`;
  throw new HttpError(400, {
    message: `The encrypted content ${what} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_encrypted_content',
  });
}

function checkFollowingItems(
  input: readonly WireItem[],
  sent: readonly WireItem[],
  memories: Map<WireItem, SealedMemory>,
): void {
  input.forEach((item, i) => {
    if (item.type !== 'reasoning') return;
    const memory = memories.get(item);
    // Compare with the item as sent: the emulator gives id-less input items fresh ids.
    const next = sent[i + 1]?.type === 'item_reference' ? input[i + 1] : sent[i + 1];
    const expected = memory?.followedBy;
    const follows =
      next !== undefined &&
      (expected === undefined ||
        isFollower(next, expected) ||
        (memory?.orFollowedBy !== undefined && isFollower(next, memory.orFollowedBy)));
    if (!follows) {
      throw invalidRequest(
        `Item '${String(item.id ?? memory?.item)}' of type 'reasoning' was provided without its required following item.`,
        'input',
      );
    }
  });
}

function isFollower(next: WireItem, expected: NonNullable<SealedMemory['followedBy']>): boolean {
  return (
    next.type === expected.type &&
    (next.type !== 'message' || next.role === 'assistant') &&
    (expected.call_id === undefined || next.call_id === expected.call_id) &&
    (typeof next.id !== 'string' || expected.id === undefined || next.id === expected.id)
  );
}

/**
 * Drops the items of a `previous_response_id` chain that come before its most recent compaction
 * item: the server-side compaction replaced them, and the compaction item carries their memory.
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { fromLastCompaction } from './memory.js';
 * const u1: WireItem = { type: 'message', role: 'user', content: 'My name is Ann.' };
 * const a1: WireItem = { type: 'message', role: 'assistant', content: 'Hello Ann.' };
 * const cmp: WireItem = { type: 'compaction', id: 'cmp_1', encrypted_content: '…' };
 * const u2: WireItem = { type: 'message', role: 'user', content: 'What is my name?' };
 * fromLastCompaction([u1, a1, cmp, u2]); // [cmp, u2]
 */
export function fromLastCompaction(items: readonly WireItem[]): WireItem[] {
  const last = items.findLastIndex((item) => item.type === 'compaction');
  return items.slice(Math.max(0, last));
}

function isModelItem(item: WireItem): boolean {
  if (item.type === 'message') return item.role === 'assistant';
  return item.type === 'reasoning' || item.type === 'function_call' || item.type.endsWith('_call');
}

/**
 * Merges a remembered list of user messages into what is known so far: a memory that extends what
 * is known replaces it, one that is already part of it adds nothing, and otherwise the part of it
 * that does not overlap the end of what is known is appended.
 *
 * @example
 * import { mergeMemory } from './memory.js';
 * mergeMemory(['a'], ['a', 'b']); // ['a', 'b']
 * mergeMemory(['a', 'b', 'c'], ['a', 'b']); // ['a', 'b', 'c']
 * mergeMemory(['x'], ['a']); // ['x', 'a']
 */
export function mergeMemory(known: readonly string[], memory: readonly string[]): string[] {
  if (startsWith(memory, known)) return [...memory];
  if (startsWith(known, memory)) return [...known];
  for (let k = Math.min(known.length, memory.length); k > 0; k--) {
    if (startsWith(memory, known.slice(known.length - k))) return [...known, ...memory.slice(k)];
  }
  return [...known, ...memory];
}

function startsWith(list: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= list.length && prefix.every((text, i) => list[i] === text);
}

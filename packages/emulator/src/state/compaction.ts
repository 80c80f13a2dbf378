import { compactionEvents } from '../emitters/compaction.js';
import { type EmitOptions, type EventBody, itemEvents } from '../emitters/index.js';
import { invalidRequest, invalidType, invalidValue, missingParameter } from '../wire/errors.js';
import { newId } from '../wire/ids.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { Mind, Vault } from './memory.js';

/** The smallest `compact_threshold` the API accepts. */
export const MIN_COMPACT_THRESHOLD = 1000;

/** The threshold the emulator uses for a compaction entry without `compact_threshold`. */
export const DEFAULT_COMPACT_THRESHOLD = 200_000;

/**
 * Validates `context_management` (`[{type: "compaction", compact_threshold?}]`) and returns the
 * compaction threshold in tokens, or `null` when server-side compaction is off.
 *
 * @throws {HttpError} 400 with the parameter path: not an array (`context_management`), an entry
 * that is not an object, has no `type`, a `type` other than `"compaction"` or an unknown key
 * (`context_management[i]…`), or a `compact_threshold` that is not an integer ≥ 1000
 * (`context_management[i].compact_threshold`).
 * @example
 * import { readCompactThreshold } from './compaction.js';
 * readCompactThreshold({ context_management: [{ type: 'compaction', compact_threshold: 5000 }] }); // 5000
 */
export function readCompactThreshold(body: JsonObject): number | null {
  const value = body.context_management;
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw invalidType('context_management', 'an array', value);
  let threshold: number | null = null;
  value.forEach((entry: unknown, i) => {
    const param = `context_management[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw invalidType(param, 'an object', entry);
    }
    const e = entry as JsonObject;
    for (const key of Object.keys(e)) {
      if (key !== 'type' && key !== 'compact_threshold') {
        throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
      }
    }
    if (e.type === undefined || e.type === null) throw missingParameter(`${param}.type`);
    if (e.type !== 'compaction') throw invalidValue(`${param}.type`, e.type, ['compaction']);
    const limit = e.compact_threshold;
    if (limit !== undefined && limit !== null) {
      if (typeof limit !== 'number' || !Number.isInteger(limit)) {
        throw invalidType(`${param}.compact_threshold`, 'an integer', limit);
      }
      if (limit < MIN_COMPACT_THRESHOLD) {
        throw invalidRequest(
          `Invalid '${param}.compact_threshold': integer below minimum value. Expected a value >= ${MIN_COMPACT_THRESHOLD}, but got ${limit} instead.`,
          `${param}.compact_threshold`,
          'integer_below_min_value',
        );
      }
    }
    threshold ??= typeof limit === 'number' ? limit : DEFAULT_COMPACT_THRESHOLD;
  });
  return threshold;
}

/**
 * Builds a compaction item (`{id: "cmp_…", type: "compaction", encrypted_content}`) whose
 * `encrypted_content` seals everything the model knows at this turn (every user message and the
 * turn counter). With `keep`, the vault also keeps that memory under the item's id (for a stored
 * response).
 *
 * @example
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { compactionItem } from './compaction.js';
 * import type { Mind, Vault } from './memory.js';
 * declare const mind: Mind;
 * declare const vault: Vault;
 * declare const request: CreateRequest;
 * const item = compactionItem({ mind, vault, keep: request.store });
 */
export function compactionItem(options: { mind: Mind; vault: Vault; keep: boolean }): WireItem {
  const { mind, vault } = options;
  const id = newId('cmp');
  const memory = {
    v: 1,
    kind: 'compaction',
    item: id,
    turn: mind.turn,
    remembered: mind.remembered,
  } as const;
  if (options.keep) vault.keep({ ...memory, remembered: [...memory.remembered] });
  return {
    id,
    type: 'compaction',
    encrypted_content: vault.seal({ ...memory, remembered: [...mind.remembered] }),
  };
}

/**
 * Returns the stream events of a model turn's output items, a trailing compaction item included.
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { modelOutputEvents } from './compaction.js';
 * declare const output: WireItem[]; // ends with a compaction item
 * const events = modelOutputEvents(output, { obfuscation: true });
 */
export function modelOutputEvents(output: readonly WireItem[], options: EmitOptions): EventBody[] {
  const last = output.at(-1);
  if (last?.type !== 'compaction') return itemEvents(output, options);
  return [...itemEvents(output.slice(0, -1), options), ...compactionEvents(last, output.length - 1)];
}

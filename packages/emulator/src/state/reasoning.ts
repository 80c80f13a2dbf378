import { summaryTexts } from '../emitters/reasoning.js';
import { lastUserText } from '../model/model-request.js';
import type { ScriptItem, ScriptTurn } from '../model/script.js';
import type { CreateRequest } from '../validate/create-request.js';
import { countOutputTokens, estimateTokens, itemTokens, makeUsage } from '../wire/usage.js';
import type { ResponseUsage, WireItem } from '../wire/wire-types.js';
import { compactionItem, readCompactThreshold } from './compaction.js';
import type { Mind, SealedMemory, Vault } from './memory.js';

/**
 * How many reasoning tokens one token of reasoning text costs, by `reasoning.effort` (a request
 * without an effort, whose script still reasons, counts as `medium`).
 */
export const EFFORT_MULTIPLIERS: Readonly<Record<string, number>> = {
  none: 1,
  minimal: 1,
  low: 1,
  medium: 2,
  high: 4,
  xhigh: 8,
  max: 8,
};

/** How a request wants the model to reason and compact. */
export interface ThinkingSettings {
  /**
   * The effort resolved for the model (`reasoning.effort`, else the model's default), or `null`.
   * Any value but `"none"` makes the model reason.
   */
  effort: string | null;
  /** `reasoning.summary` (or the deprecated `generate_summary`) is set: reasoning items show summaries. */
  summary: boolean;
  /** Reasoning items carry `encrypted_content`: `store: false`, or `include` has `reasoning.encrypted_content`. */
  encrypted: boolean;
  /** The `context_management` compaction threshold in tokens, or `null`. */
  compactThreshold: number | null;
}

/** What the model brings to one response: the request's settings, what it knows, and its vault. */
export interface Thinking {
  settings: ThinkingSettings;
  mind: Mind;
  vault: Vault;
}

/**
 * Returns the request's reasoning and compaction settings: the effort resolved for its model (the
 * request's `reasoning` is validated with it, see `validateReasoning`), whether reasoning items
 * show summaries and carry `encrypted_content`, and the compaction threshold.
 *
 * @throws {HttpError} 400 for a bad `context_management`.
 * @example
 * import { validateCreateRequest } from '../validate/create-request.js';
 * import { readThinkingSettings } from './reasoning.js';
 * const request = validateCreateRequest({ model: 'gpt-5-mini', input: 'Hi' });
 * readThinkingSettings(request).effort; // 'medium' for gpt-5-mini without an effort
 */
export function readThinkingSettings(request: CreateRequest): ThinkingSettings {
  const b = request.body;
  const include = Array.isArray(b.include) ? b.include : [];
  return {
    effort: request.reasoning.effort,
    summary: request.reasoning.summary !== null,
    encrypted: !request.store || include.includes('reasoning.encrypted_content'),
    compactThreshold: readCompactThreshold(b),
  };
}

/**
 * Puts a reasoning item in front of a turn's output when the request asks for reasoning (an
 * effort other than `"none"`) and the turn has none of its own.
 *
 * @example
 * import { type ThinkingSettings, withReasoning } from './reasoning.js';
 * declare const settings: ThinkingSettings; // an effort other than 'none'
 * withReasoning([{ type: 'message', text: 'Hi' }], settings); // [{ type: 'reasoning' }, { type: 'message', … }]
 */
export function withReasoning(items: readonly ScriptItem[], settings: ThinkingSettings): ScriptItem[] {
  return addsReasoning(items, settings) ? [{ type: 'reasoning' }, ...items] : [...items];
}

/**
 * Applies {@link withReasoning} to a turn with output (other turns are returned as they are).
 *
 * @example
 * import type { ModelRequest } from '../model/model-request.js';
 * import { type EmulatorState, takeTurn } from '../routes/emulator-state.js';
 * import { type ThinkingSettings, withReasoningTurn } from './reasoning.js';
 * declare const state: EmulatorState;
 * declare const modelRequest: ModelRequest;
 * declare const settings: ThinkingSettings;
 * const turn = withReasoningTurn(takeTurn(state, modelRequest), settings);
 */
export function withReasoningTurn(turn: ScriptTurn, settings: ThinkingSettings): ScriptTurn {
  if (!turn.output || !addsReasoning(turn.output, settings)) return turn;
  return { ...turn, output: withReasoning(turn.output, settings) };
}

function addsReasoning(items: readonly ScriptItem[], settings: ThinkingSettings): boolean {
  const reasons = settings.effort !== null && settings.effort !== 'none';
  return reasons && items.length > 0 && !items.some((item) => item.type === 'reasoning');
}

/**
 * Settles a model turn's built output for one request and counts its usage:
 *
 * - each reasoning item gets its summary (the scripted one, or a default text) only when the
 *   request sets `reasoning.summary`, and an `encrypted_content` sealing the model's memory (the
 *   user messages it knows of, the turn counter, its hidden thought and the item that follows it)
 *   when `settings.encrypted`;
 * - when `inputTokens` plus the output tokens reach the compaction threshold, a compaction item is
 *   appended;
 * - for a stored response, the vault keeps every such item's memory under its id.
 *
 * Reasoning tokens are the tokens of the reasoning text (summary or default text) times the
 * effort multiplier; they count in `output_tokens` and `output_tokens_details.reasoning_tokens`.
 *
 * @example
 * import { buildItems } from '../emitters/index.js';
 * import type { Mind, Vault } from './memory.js';
 * import { finishOutput, type ThinkingSettings } from './reasoning.js';
 * declare const settings: ThinkingSettings;
 * declare const mind: Mind;
 * declare const vault: Vault;
 * const specs = [{ type: 'message' as const, text: 'Hi' }];
 * const { output, usage } = finishOutput(buildItems(specs), { settings, mind, vault, store: true, inputTokens: 40 });
 */
export function finishOutput(
  built: readonly WireItem[],
  options: Thinking & { store: boolean; inputTokens: number },
): { output: WireItem[]; usage: ResponseUsage } {
  const { settings, mind, vault } = options;
  let reasoningTokens = 0;
  let outputTokens = 0;
  const output = built.map((item, i) => {
    if (item.type !== 'reasoning') {
      outputTokens += Math.max(1, itemTokens(item));
      return item;
    }
    const scripted = summaryTexts(item);
    const thought = scripted.length > 0 ? scripted.join('\n\n') : defaultThought(mind);
    const memory: SealedMemory = {
      v: 1,
      kind: 'reasoning',
      item: item.id as string,
      turn: mind.turn,
      remembered: [...mind.remembered],
      thought,
    };
    const next = built[i + 1];
    if (next) memory.followedBy = followingItem(next);
    const after = next?.type === 'image_generation_call' ? built[i + 2] : undefined;
    if (after) memory.orFollowedBy = followingItem(after);
    if (options.store) vault.keep(memory);
    const tokens =
      Math.max(1, estimateTokens(thought)) * (EFFORT_MULTIPLIERS[settings.effort ?? 'medium'] ?? 2);
    reasoningTokens += tokens;
    outputTokens += tokens;
    const summary = scripted.length > 0 ? scripted : [thought];
    return {
      id: item.id,
      type: 'reasoning',
      ...(settings.encrypted ? { encrypted_content: vault.seal(memory) } : {}),
      summary: settings.summary ? summary.map((text) => ({ type: 'summary_text', text })) : [],
    };
  });
  if (settings.compactThreshold !== null && options.inputTokens + outputTokens >= settings.compactThreshold) {
    const compaction = compactionItem({ mind, vault, keep: options.store });
    output.push(compaction);
    outputTokens += countOutputTokens([compaction]);
  }
  const usage = makeUsage(options.inputTokens, outputTokens);
  usage.output_tokens_details.reasoning_tokens = reasoningTokens;
  return { output, usage };
}

function followingItem(item: WireItem): NonNullable<SealedMemory['followedBy']> {
  const id = typeof item.id === 'string' ? item.id : undefined;
  return {
    type: item.type,
    ...(id ? { id } : {}),
    ...(typeof item.call_id === 'string' ? { call_id: item.call_id } : {}),
  };
}

/**
 * The reasoning text of a reasoning item without a scripted summary; it is also its summary when
 * the request asks for one.
 *
 * @example
 * import type { Mind } from './memory.js';
 * import { defaultThought } from './reasoning.js';
 * declare const mind: Mind; // turn 2, the last user message "Hi"
 * defaultThought(mind); // '**Thinking about turn 2**\n\nThe last user message is "Hi". I know of 2 user messages.'
 */
export function defaultThought(mind: Mind): string {
  const count = mind.remembered.length;
  return `**Thinking about turn ${mind.turn}**\n\nThe last user message is "${lastUserText(mind.context) ?? ''}". I know of ${count} user message${count === 1 ? '' : 's'}.`;
}

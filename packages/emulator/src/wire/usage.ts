import type { ResponseUsage, WireItem } from './wire-types.js';

/** Tokens added per item (message, call, output), like the role/framing tokens of a real prompt. */
export const ITEM_OVERHEAD_TOKENS = 4;

const HIGH_SURROGATE = /[\ud800-\udbff]/;

/**
 * Estimates the token count of a text: one token per 4 characters (Unicode code points), rounded
 * up. This is the documented approximation the emulator uses instead of a real tokenizer, so the
 * numbers are consistent and predictable rather than exact.
 *
 * @example
 * import { estimateTokens } from '@turnkit/emulator';
 * estimateTokens('Hello, world'); // 3
 */
export function estimateTokens(text: string): number {
  // Code points: a surrogate pair counts once, a lone surrogate once (as iterating the string does).
  // A text without a high surrogate (nearly every one) has as many code points as units.
  if (!HIGH_SURROGATE.test(text)) return Math.ceil(text.length / 4);
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return Math.ceil(length / 4);
}

/**
 * Counts the input tokens of a request's whole model context: the instructions, every item of the
 * context (previous responses' inputs and outputs plus the new input) and the tool definitions.
 *
 * - instructions: `estimateTokens(text) + 4`
 * - each item: `4 +` its tokens ({@link itemTokens}): the tokens of its text (message text parts,
 *   a call's name and arguments, a tool output, a reasoning item's summary) or, for other item
 *   types, of its JSON; a compaction item counts one token per 40 characters of its
 *   `encrypted_content`
 * - tools: `estimateTokens(JSON.stringify(tools))`
 *
 * @example
 * import { countInputTokens } from './usage.js';
 * countInputTokens({ instructions: null, items: [{ type: 'message', role: 'user', content: 'Hi' }], tools: [] }); // 5
 */
export function countInputTokens(context: {
  instructions: string | null;
  items: readonly WireItem[];
  tools: readonly unknown[];
}): number {
  let total = context.instructions ? estimateTokens(context.instructions) + ITEM_OVERHEAD_TOKENS : 0;
  for (const item of context.items) total += ITEM_OVERHEAD_TOKENS + itemTokens(item);
  if (context.tools.length > 0) total += estimateTokens(JSON.stringify(context.tools));
  return total;
}

/**
 * Counts the output tokens of a response's output items: the tokens of each item's text (message
 * text, a call's name and arguments, other items' JSON), at least 1 per item.
 *
 * @example
 * import { countOutputTokens } from './usage.js';
 * countOutputTokens([{ type: 'message', content: [{ type: 'output_text', text: 'Hello there' }] }]); // 3
 */
export function countOutputTokens(items: readonly WireItem[]): number {
  return items.reduce((sum, item) => sum + Math.max(1, itemTokens(item)), 0);
}

/** Characters of `encrypted_content` per token of a compaction item. */
export const COMPACTION_CHARS_PER_TOKEN = 40;

/**
 * The tokens one item weighs, without the per-item overhead: the tokens of {@link itemText}, except
 * for a compaction item, which stands for what it replaced at a fraction of its size: one token per
 * 40 characters of its `encrypted_content`.
 *
 * @example
 * import { itemTokens } from './usage.js';
 * itemTokens({ type: 'compaction', encrypted_content: 'x'.repeat(400) }); // 10
 */
export function itemTokens(item: WireItem): number {
  if (item.type === 'compaction') {
    return Math.ceil(String(item.encrypted_content ?? '').length / COMPACTION_CHARS_PER_TOKEN);
  }
  if (item.type === 'computer_call_output') return estimateTokens(itemText(item)) + MEDIA_PART_TOKENS;
  const parts =
    item.type === 'message' ? item.content : item.type === 'function_call_output' ? item.output : null;
  return estimateTokens(itemText(item)) + MEDIA_PART_TOKENS * mediaParts(parts);
}

/**
 * Tokens an `input_image` or `input_file` part weighs, whatever its size: the emulator does not
 * tile images or read documents into tokens (85 is what a low-detail image costs on the service).
 */
export const MEDIA_PART_TOKENS = 85;

function mediaParts(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  let count = 0;
  for (const part of content as unknown[]) if (isMediaPart(part)) count++;
  return count;
}

function isMediaPart(part: unknown): boolean {
  const type = typeof part === 'object' && part !== null ? (part as Record<string, unknown>).type : undefined;
  return type === 'input_image' || type === 'input_file';
}

/**
 * Builds a `usage` block with no cached and no reasoning tokens.
 *
 * @example
 * import { makeUsage } from './usage.js';
 * makeUsage(10, 5).total_tokens; // 15
 */
export function makeUsage(inputTokens: number, outputTokens: number): ResponseUsage {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/**
 * Returns the text an item contributes to the model context, as counted by the usage estimate and
 * read by the default model: the text parts of a message, `name + arguments` of a function call,
 * the output of a function call output, and the JSON of anything else.
 *
 * @example
 * import { itemText } from './usage.js';
 * itemText({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }); // 'Hi'
 */
export function itemText(item: WireItem): string {
  switch (item.type) {
    case 'message':
      return contentText(item.content);
    case 'function_call':
      return `${String(item.name ?? '')}${String(item.arguments ?? '')}`;
    case 'function_call_output':
      return typeof item.output === 'string' ? item.output : contentText(item.output);
    case 'reasoning':
      return Array.isArray(item.summary) ? contentText(item.summary) : '';
    case 'computer_call_output': {
      // The screenshot weighs as an image part; only the URL counts as text.
      const output = item.output as Record<string, unknown> | undefined;
      return String(item.current_url ?? output?.current_url ?? '');
    }
    case 'image_generation_call':
      // The image is billed as image generation, not as text: only the revised prompt counts.
      return typeof item.revised_prompt === 'string' ? item.revised_prompt : '';
    default:
      return JSON.stringify(item);
  }
}

/**
 * Joins the text of a message's content: a string as-is, or the `text`/`refusal` of each part;
 * `input_image` and `input_file` parts hold no text (their weight is {@link MEDIA_PART_TOKENS});
 * other parts count as their JSON.
 *
 * @example
 * import { contentText } from './usage.js';
 * contentText([{ type: 'input_text', text: 'a' }, { type: 'input_text', text: 'b' }]); // 'ab'
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as unknown[]) text += partText(part);
  return text;
}

function partText(part: unknown): string {
  if (typeof part !== 'object' || part === null) return '';
  const p = part as Record<string, unknown>;
  if (typeof p.text === 'string') return p.text;
  if (typeof p.refusal === 'string') return p.refusal;
  if (isMediaPart(p)) return '';
  return JSON.stringify(p);
}

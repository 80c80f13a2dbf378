import { itemTokens } from '../wire/usage.js';
import type { ResponseUsage, WireItem } from '../wire/wire-types.js';

/** A turn's output cut to `max_output_tokens`, and whether it had to be. */
export interface LimitedOutput {
  output: WireItem[];
  usage: ResponseUsage;
  /** The output was cut: the response is `incomplete` with `incomplete_details.reason: "max_output_tokens"`. */
  incomplete: boolean;
}

/** Characters per token of the emulator's estimate (see `estimateTokens`). */
const CHARS_PER_TOKEN = 4;

function cut(text: string, tokens: number): string {
  return [...text].slice(0, tokens * CHARS_PER_TOKEN).join('');
}

/**
 * Cuts a turn's output to the request's `max_output_tokens`, which counts reasoning tokens too:
 * reasoning comes first; then each item is kept while it fits, and the first one that does not
 * is cut to the tokens left (a message's text, a function call's arguments) and marked
 * `status: "incomplete"`; what follows it is not produced. With no room left after reasoning, no
 * message is produced at all. Usage then counts what was produced.
 *
 * @example
 * import type { ResponseUsage, WireItem } from '@turnkit/emulator';
 * import { limitOutput } from './output-limit.js';
 * declare const output: WireItem[];
 * declare const usage: ResponseUsage;
 * limitOutput(output, usage, 16).incomplete; // true when the answer needed more than 16 tokens
 */
export function limitOutput(output: WireItem[], usage: ResponseUsage, max: unknown): LimitedOutput {
  if (typeof max !== 'number' || usage.output_tokens <= max) return { output, usage, incomplete: false };
  let used = Math.min(usage.output_tokens_details.reasoning_tokens, max);
  const kept: WireItem[] = [];
  for (const item of output) {
    if (item.type === 'reasoning') {
      kept.push(item);
      continue;
    }
    const tokens = Math.max(1, itemTokens(item));
    if (used + tokens <= max) {
      kept.push(item);
      used += tokens;
      continue;
    }
    const room = max - used;
    const content = item.content as Array<Record<string, unknown>> | undefined;
    if (room > 0 && item.type === 'message' && typeof content?.[0]?.text === 'string') {
      kept.push({
        ...item,
        status: 'incomplete',
        content: [{ ...content[0], text: cut(content[0].text as string, room) }, ...content.slice(1)],
      });
      used = max;
    } else if (room > 0 && item.type === 'function_call') {
      kept.push({ ...item, status: 'incomplete', arguments: cut(String(item.arguments), room) });
      used = max;
    }
    break;
  }
  return {
    output: kept,
    usage: { ...usage, output_tokens: used, total_tokens: usage.input_tokens + used },
    incomplete: true,
  };
}

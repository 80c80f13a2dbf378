/** The longest description kept. */
const MAX = 300;

/**
 * A short description of any value for a message: an error's message, other values as JSON (or
 * text), clipped to 300 characters. Never throws, whatever the value (a throwing getter, a cycle).
 *
 * @example
 * ```ts
 * import { describeValue } from './describe-value.js';
 * describeValue(new Error('boom')); // 'boom'
 * describeValue({ ok: 1 }); // '{"ok":1}'
 * ```
 */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    if (value instanceof Error) text = value.message || value.name;
    else if (value === undefined) text = 'undefined';
    else if (typeof value === 'string') text = JSON.stringify(value);
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    try {
      text = String(value);
    } catch {
      text = 'a value that cannot be shown';
    }
  }
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

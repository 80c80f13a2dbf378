import { describeThrown } from './contract/describe.js';
import type { ToolContentPart } from './contract/tool.js';

/** What `formatToolOutput` returns for a tool that returned nothing. */
export const NO_OUTPUT = '(no output)';

const PART_KEYS: Record<ToolContentPart['type'], ReadonlySet<string>> = {
  input_text: new Set(['type', 'text']),
  input_image: new Set(['type', 'image_url', 'file_id', 'detail']),
  input_file: new Set(['type', 'file_id', 'file_data', 'file_url', 'filename']),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `part` is not a valid content part, or `undefined` when it is one. */
function contentPartProblem(part: Record<string, unknown>): string | undefined {
  const type = part.type as ToolContentPart['type'];
  const allowed = PART_KEYS[type];
  if (!allowed)
    return `unknown type ${JSON.stringify(part.type)} (use input_text, input_image or input_file)`;
  const extra = Object.keys(part).filter((key) => !allowed.has(key));
  if (extra.length > 0) return `${type} does not take ${extra.map((key) => `"${key}"`).join(', ')}`;
  for (const key of allowed) {
    if (key !== 'type' && part[key] !== undefined && typeof part[key] !== 'string')
      return `${type}.${key} must be a string`;
  }
  switch (type) {
    case 'input_text':
      return typeof part.text === 'string' ? undefined : 'input_text needs a string "text"';
    case 'input_image':
      if (part.detail !== undefined && !['low', 'high', 'auto'].includes(part.detail as string)) {
        return 'input_image.detail must be "low", "high" or "auto"';
      }
      return part.image_url !== undefined || part.file_id !== undefined
        ? undefined
        : 'input_image needs "image_url" (a URL or data URL) or "file_id"';
    case 'input_file':
      return part.file_id !== undefined || part.file_data !== undefined || part.file_url !== undefined
        ? undefined
        : 'input_file needs "file_id", "file_data" or "file_url"';
  }
}

/** A malformed content part, as opposed to a value that could not be read at all. */
class PartProblem extends Error {}

/** The own enumerable properties of `part`, each read once, as a plain object. */
function snapshot(part: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(part)) {
    const value = part[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy;
}

/**
 * `value` as checked, copied content parts when it is a non-empty array of objects whose `type`
 * starts with `input_`; `undefined` when it is anything else.
 */
function contentParts(value: unknown): ToolContentPart[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const parts: ToolContentPart[] = [];
  for (let index = 0; index < value.length; index++) {
    const element: unknown = value[index];
    if (!isRecord(element)) return undefined;
    const part = snapshot(element);
    if (typeof part.type !== 'string' || !part.type.startsWith('input_')) return undefined;
    parts.push(part as ToolContentPart);
  }
  parts.forEach((part, index) => {
    const problem = contentPartProblem(part as Record<string, unknown>);
    if (problem) throw new PartProblem(`content part [${index}] is invalid: ${problem}`);
  });
  return parts;
}

/**
 * Turns what a tool's `execute` returned into a `function_call_output.output`:
 *
 * - a string is sent as it is;
 * - a non-empty array of content parts (`input_text`, `input_image`, `input_file`) is sent as a
 *   multi-part output: a copy made of plain objects, each property read once;
 * - `undefined` becomes `"(no output)"`, so the model sees that the call finished;
 * - anything else (numbers, `null`, objects, other arrays) is sent as compact JSON
 *   (`toJSON` is honoured, so a `Date` becomes its ISO string).
 *
 * @throws {TypeError} when the value cannot be serialized (a cycle, a `BigInt`, a function, a
 * getter or `toJSON` that throws, a revoked Proxy) or is an array of content parts with a malformed
 * part; the message says which. Nothing else escapes. `runTool` turns this into a
 * `ToolExecutionError` result.
 *
 * @example
 * ```ts
 * import { formatToolOutput } from '@turnkit/tools';
 * formatToolOutput('sunny');                    // 'sunny'
 * formatToolOutput({ temperature: 21 });        // '{"temperature":21}'
 * formatToolOutput(undefined);                  // '(no output)'
 * formatToolOutput([{ type: 'input_image', image_url: 'data:image/png;base64,…' }]); // the array
 * ```
 * @see docs/responses-wire.md §4.2 (`output: string | Array<input_text|input_image|input_file>`)
 */
export function formatToolOutput(value: unknown): string | ToolContentPart[] {
  if (typeof value === 'string') return value;
  if (value === undefined) return NO_OUTPUT;
  let parts: ToolContentPart[] | undefined;
  try {
    parts = contentParts(value);
  } catch (error) {
    if (error instanceof PartProblem) throw new TypeError(error.message);
    throw new TypeError(`the value cannot be read (${describeThrown(error)})`, { cause: error });
  }
  if (parts !== undefined) return parts;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`the value cannot be serialized to JSON (${describeThrown(error)})`, {
      cause: error,
    });
  }
  if (json === undefined) throw new TypeError(`a ${typeof value} cannot be serialized to JSON`);
  return json;
}

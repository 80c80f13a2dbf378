import type { ToolContentPart } from './tool.js';

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

/**
 * Turns what a tool's `execute` returned into a `function_call_output.output`:
 *
 * - a string is sent as it is;
 * - a non-empty array of content parts (`input_text`, `input_image`, `input_file`) is sent as it
 *   is, as a multi-part output;
 * - `undefined` becomes `"(no output)"`, so the model sees that the call finished;
 * - anything else (numbers, `null`, objects, other arrays) is sent as compact JSON
 *   (`toJSON` is honoured, so a `Date` becomes its ISO string).
 *
 * @throws {TypeError} when the value cannot be serialized (a cycle, a `BigInt`, a function) or is
 * an array of content parts with a malformed part; the message says which. `runTool` turns this
 * into a `ToolExecutionError` result.
 *
 * @example
 * ```ts
 * formatToolOutput('sunny');                    // 'sunny'
 * formatToolOutput({ temperature: 21 });        // '{"temperature":21}'
 * formatToolOutput(undefined);                  // '(no output)'
 * formatToolOutput([{ type: 'input_image', image_url: 'data:image/png;base64,…' }]); // the array
 * ```
 * @see RESPONSES-WIRE §4.2 (`output: string | Array<input_text|input_image|input_file>`)
 */
export function formatToolOutput(value: unknown): string | ToolContentPart[] {
  if (typeof value === 'string') return value;
  if (value === undefined) return NO_OUTPUT;
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((part) => isRecord(part) && typeof part.type === 'string' && part.type.startsWith('input_'))
  ) {
    value.forEach((part: Record<string, unknown>, index) => {
      const problem = contentPartProblem(part);
      if (problem) throw new TypeError(`content part [${index}] is invalid: ${problem}`);
    });
    return value as ToolContentPart[];
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(
      `the value cannot be serialized to JSON (${error instanceof Error ? error.message : String(error)})`,
      {
        cause: error,
      },
    );
  }
  if (json === undefined) throw new TypeError(`a ${typeof value} cannot be serialized to JSON`);
  return json;
}

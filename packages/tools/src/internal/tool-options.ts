import { ToolDefinitionError } from '../contract/errors.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../contract/output-limit.js';

/** The options every kind of tool shares, as the author passed them (unchecked). */
export interface CommonToolOptions {
  name: unknown;
  description: unknown;
  execute: unknown;
  strict?: unknown;
  timeoutMs?: unknown;
  maxOutputBytes?: unknown;
  needsApproval?: unknown;
}

/** The same options, checked. */
export interface CheckedToolOptions {
  name: string;
  description: string;
  strict: boolean;
  timeoutMs: number | undefined;
  maxOutputBytes: number;
  needsApproval: boolean | ((...args: never[]) => unknown);
}

/** A function tool's name, as the Responses API accepts it. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Checks the options every tool has and fills in defaults (`strict: true` unless given,
 * `needsApproval: false`, `maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES`). Throws a `ToolDefinitionError` that names the option and the fix.
 */
export function checkToolOptions(options: CommonToolOptions, defaultStrict: boolean): CheckedToolOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ToolDefinitionError(
      '(unnamed)',
      'A tool needs an options object: { name, description, input, execute }.',
    );
  }
  const { name, description, execute, strict, timeoutMs, maxOutputBytes, needsApproval } = options;
  const shownName = typeof name === 'string' ? name : String(name);
  const fail = (message: string): never => {
    throw new ToolDefinitionError(shownName, message);
  };

  if (typeof name !== 'string' || !TOOL_NAME_PATTERN.test(name)) {
    fail(
      `Tool name ${JSON.stringify(name) ?? String(name)} is invalid: a tool name must be 1 to 64 characters of ` +
        'letters, digits, "_" or "-" (e.g. "get_weather"), as the Responses API requires.',
    );
  }
  const label = `Tool "${shownName}"`;
  if (typeof description !== 'string' || description.trim() === '') {
    fail(
      `${label} needs a non-empty \`description\`: it is how the model decides when to call the tool, ` +
        'e.g. "Get the current weather for a city."',
    );
  }
  if (typeof execute !== 'function') {
    fail(`${label} needs an \`execute\` function: (input, ctx) => output.`);
  }
  if (strict !== undefined && typeof strict !== 'boolean') {
    fail(`${label}: \`strict\` must be true or false, got ${JSON.stringify(strict)}.`);
  }
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
  ) {
    fail(
      `${label}: \`timeoutMs\` must be a positive, finite number of milliseconds (e.g. 30_000), got ` +
        `${String(timeoutMs)}. Leave it out for no time limit.`,
    );
  }
  if (
    maxOutputBytes !== undefined &&
    maxOutputBytes !== Number.POSITIVE_INFINITY &&
    (typeof maxOutputBytes !== 'number' || !Number.isSafeInteger(maxOutputBytes) || maxOutputBytes <= 0)
  ) {
    fail(
      `${label}: \`maxOutputBytes\` must be a positive whole number of bytes (e.g. 4_194_304 for 4 MiB) or ` +
        `Infinity for no cap, got ${typeof maxOutputBytes === 'string' ? JSON.stringify(maxOutputBytes) : String(maxOutputBytes)}. ` +
        `Leave it out for the default of ${DEFAULT_MAX_OUTPUT_BYTES} bytes (1 MiB).`,
    );
  }
  if (
    needsApproval !== undefined &&
    typeof needsApproval !== 'boolean' &&
    typeof needsApproval !== 'function'
  ) {
    fail(`${label}: \`needsApproval\` must be a boolean or a function (input, ctx) => boolean.`);
  }
  return {
    name: name as string,
    description: description as string,
    strict: (strict as boolean | undefined) ?? defaultStrict,
    timeoutMs: timeoutMs as number | undefined,
    maxOutputBytes: (maxOutputBytes as number | undefined) ?? DEFAULT_MAX_OUTPUT_BYTES,
    needsApproval: (needsApproval as CheckedToolOptions['needsApproval'] | undefined) ?? false,
  };
}

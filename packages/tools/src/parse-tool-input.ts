import type { z } from 'zod';
import { describeThrown } from './contract/describe.js';
import { ToolInputError, type ToolInputIssue } from './contract/errors.js';
import type { Tool } from './contract/tool.js';
import { type InputPlan, inputPlanOf } from './internal/input-plan.js';
import { formatIssuePath } from './internal/json-path.js';
import { nullsToUndefined } from './internal/nulls-to-undefined.js';

/**
 * The result of {@link parseToolInput}: the validated input, or why the arguments were refused.
 *
 * @example
 * ```ts
 * import { type ParseToolInputResult, parseToolInput, type Tool } from '@turnkit/tools';
 * declare const getWeather: Tool<{ city: string }>;
 * const parsed: ParseToolInputResult<{ city: string }> = parseToolInput(getWeather, '{"city":"Oslo"}');
 * ```
 */
export type ParseToolInputResult<I> = { ok: true; value: I } | { ok: false; error: ToolInputError };

/**
 * Parses and validates the `arguments` string of a `function_call` for one tool, without running
 * it. The steps, in order:
 *
 * 1. `JSON.parse` (an empty or blank string counts as `{}`);
 * 2. for a strict tool, a `null` sent for a property the schema has as optional becomes a missing
 *    property, since strict mode made that property required and nullable (see
 *    `toStrictJsonSchema`); a `null` the author's schema accepts stays `null`;
 * 3. `tool.input.safeParse`, so `value` has zod's transforms and defaults applied.
 *
 * Never throws. A schema with async refinements cannot be checked synchronously: that comes back
 * as an error here, while `runTool` (which parses asynchronously) handles it.
 *
 * @returns `{ ok: true, value }`, or `{ ok: false, error }` with a {@link ToolInputError} whose
 * `issues` list each problem as `{ path, message }` (`path` like `stops[2].name`, `''` for the
 * arguments as a whole; a missing property reads `Required`).
 *
 * @example
 * ```ts
 * import { parseToolInput, type Tool } from '@turnkit/tools';
 * declare const getWeather: Tool<{ city: string }>;
 * declare const call: { arguments: string }; // a function_call output item
 * const parsed = parseToolInput(getWeather, call.arguments);
 * if (parsed.ok) console.log(parsed.value.city);
 * else console.log(parsed.error.issues); // [{ path: 'city', message: 'Required' }]
 * ```
 * @see docs/responses-wire.md §4.2 (`function_call.arguments` is a JSON string)
 */
export function parseToolInput<I>(tool: Tool<I>, rawArguments: string): ParseToolInputResult<I> {
  const prepared = prepareToolInput(tool, rawArguments, inputPlanOf(tool.input));
  if (!prepared.ok) return prepared;
  try {
    return fromZodResult(tool, prepared.value, tool.input.safeParse(prepared.value));
  } catch (error) {
    return {
      ok: false,
      error: new ToolInputError(
        tool.name,
        [{ path: '', message: `could not be checked synchronously (${describeThrown(error)}); use runTool` }],
        { cause: error },
      ),
    };
  }
}

/**
 * {@link parseToolInput} for input schemas with async refinements (e.g. a lookup in a database):
 * it parses with zod's `safeParseAsync`, unless the schema provably holds nothing that could be
 * async (no refinement, transform, codec or custom type: only zod's own types and checks, like
 * `z.object({ a: z.number().min(1) })`), which zod's `safeParse` then checks at once with the
 * same result. Either way each refinement runs once per call. Never throws (a throw or a
 * rejection inside a refinement rejects, as zod's own parse does).
 *
 * @example
 * ```ts
 * import { parseToolInputAsync, type Tool } from '@turnkit/tools';
 * declare const lookupOrder: Tool<{ id: string }>; // its schema looks the id up (an async refine)
 * declare const call: { arguments: string };
 * declare function needsApproval(input: { id: string }): Promise<boolean>;
 * declare function pause(): void;
 * const parsed = await parseToolInputAsync(lookupOrder, call.arguments);
 * if (parsed.ok && (await needsApproval(parsed.value))) pause();
 * ```
 */
export function parseToolInputAsync<I>(
  tool: Tool<I>,
  rawArguments: string,
): Promise<ParseToolInputResult<I>> {
  // Not an async function (one frame less per call); a throw still comes back as a rejection.
  try {
    const parsed = parseToolInputNow(tool, rawArguments);
    return parsed instanceof Promise ? parsed : Promise.resolve(parsed);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * {@link parseToolInputAsync} without the promise when the schema is checked synchronously (see
 * there). Throws what a refinement or a malformed tool throws, where the async one rejects.
 */
export function parseToolInputNow<I>(
  tool: Tool<I>,
  rawArguments: string,
): ParseToolInputResult<I> | Promise<ParseToolInputResult<I>> {
  const plan = inputPlanOf(tool.input);
  const prepared = prepareToolInput(tool, rawArguments, plan);
  if (!prepared.ok) return prepared;
  if (plan.sync) return fromZodResult(tool, prepared.value, tool.input.safeParse(prepared.value));
  return Promise.resolve(tool.input.safeParseAsync(prepared.value)).then((result) =>
    fromZodResult(tool, prepared.value, result),
  );
}

function prepareToolInput(
  tool: Tool,
  rawArguments: string,
  plan: InputPlan,
): { ok: true; value: unknown } | { ok: false; error: ToolInputError } {
  if (typeof rawArguments !== 'string') {
    return refuse(tool, `expected a JSON string of arguments, got ${typeof rawArguments}`);
  }
  let json: unknown;
  try {
    json = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch (error) {
    return refuse(tool, `not valid JSON (${describeThrown(error)})`, error);
  }
  return { ok: true, value: tool.strict && plan.nulls ? nullsToUndefined(tool.input, json) : json };
}

function refuse(tool: Tool, message: string, cause?: unknown): { ok: false; error: ToolInputError } {
  return {
    ok: false,
    error: new ToolInputError(
      tool.name,
      [{ path: '', message }],
      cause === undefined ? undefined : { cause },
    ),
  };
}

function fromZodResult<I>(
  tool: Tool<I>,
  input: unknown,
  result: z.ZodSafeParseResult<I>,
): ParseToolInputResult<I> {
  if (result.success) return { ok: true, value: result.data };
  const issues: ToolInputIssue[] = result.error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message:
      issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined ? 'Required' : issue.message,
  }));
  return { ok: false, error: new ToolInputError(tool.name, issues, { cause: result.error }) };
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

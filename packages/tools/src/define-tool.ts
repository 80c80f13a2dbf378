import type { z } from 'zod';
import { ToolDefinitionError } from './contract/errors.js';
import type { AnyDeps, FunctionToolDefinition, Tool, ToolContext } from './contract/tool.js';
import { atCallerOf } from './internal/caller-stack.js';
import { deepFreeze } from './internal/deep-freeze.js';
import { isZodSchema } from './internal/schema-checks.js';
import { checkToolOptions } from './internal/tool-options.js';
import { toStrictJsonSchema } from './strict-schema.js';

/**
 * The options of {@link defineTool}.
 *
 * @typeParam S - the zod schema of the input; must describe an object.
 * @typeParam Output - what `execute` returns.
 * @typeParam Deps - the app dependencies `execute` expects in `ctx.deps`.
 *
 * @example
 * ```ts
 * import type { DefineToolOptions } from '@turnkit/tools';
 * import { z } from 'zod';
 * const input = z.object({ text: z.string() });
 * const options: DefineToolOptions<typeof input, string> = {
 *   name: 'echo', description: 'Echo the text.', input, execute: ({ text }) => text,
 * };
 * ```
 */
export interface DefineToolOptions<S extends z.ZodType, Output, Deps = AnyDeps> {
  /** 1–64 letters, digits, `_` or `-`; unique among an agent's tools. */
  name: string;
  /** What the tool does and when to use it, for the model. */
  description: string;
  /** The input's zod schema: a `z.object({...})` (possibly refined or transformed). */
  input: S;
  /** Does the work with the validated input. Should honour `ctx.signal`. */
  execute: (input: z.output<S>, ctx: ToolContext<Deps>) => Output | Promise<Output>;
  /** Describe the input in strict mode (the default) so the model's arguments always fit it. */
  strict?: boolean;
  /** Time limit of one call in milliseconds; none by default. */
  timeoutMs?: number;
  /**
   * The largest output of one call, in bytes of UTF-8 as sent (the string, or the JSON of the
   * content parts); a larger one becomes a `ToolOutputTooLargeError` the model reads. A positive
   * whole number, or `Infinity` for no cap; `DEFAULT_MAX_OUTPUT_BYTES` (1 MiB) by default.
   */
  maxOutputBytes?: number;
  /** Whether a call must be approved before it runs; `false` by default. */
  needsApproval?: boolean | ((input: z.output<S>, ctx: ToolContext<Deps>) => boolean | Promise<boolean>);
}

/**
 * Defines a function tool whose input is a zod 4 object schema. Everything is checked here, once:
 * the name, the description, the options, and whether the schema can be described to the model
 * (in strict mode by default; see `toStrictJsonSchema`). The JSON Schema is computed once and kept
 * in `tool.parameters` and `tool.definition`.
 *
 * The tool is a frozen plain object; defining it has no side effects. Run it with `runTool()`,
 * which validates the model's arguments against `input` (so `execute` gets `z.output` of the
 * schema, with transforms and defaults applied), applies `timeoutMs` and turns what `execute`
 * returns or throws into the call's output.
 *
 * @throws {ToolDefinitionError} when the name is not 1–64 of `[a-zA-Z0-9_-]`, the description is
 * empty, `input` is not a zod schema of an object, `timeoutMs` is not a positive finite number,
 * `maxOutputBytes` is not a positive whole number (or `Infinity`), `execute` is not a function, or the schema has a construct strict mode cannot express (set
 * `strict: false` to send the plain schema instead).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { defineTool, type ToolContext } from '@turnkit/tools';
 *
 * interface WeatherApi {
 *   current(city: string, units: 'celsius' | 'fahrenheit', options: { signal: AbortSignal }): Promise<string>;
 * }
 *
 * export const getWeather = defineTool({
 *   name: 'get_weather',
 *   description: 'Get the current weather for a city.',
 *   input: z.object({
 *     city: z.string().describe('City name, e.g. "Oslo"'),
 *     units: z.enum(['celsius', 'fahrenheit']).default('celsius'),
 *   }),
 *   timeoutMs: 10_000,
 *   execute: async ({ city, units }, { signal, deps }: ToolContext<{ weather: WeatherApi }>) =>
 *     deps.weather.current(city, units, { signal }),
 * });
 * ```
 * @see https://platform.openai.com/docs/guides/function-calling
 */
export function defineTool<S extends z.ZodType, Output, Deps = AnyDeps>(
  options: DefineToolOptions<S, Output, Deps>,
): Tool<z.output<S>, Output, Deps> {
  return atCallerOf(defineTool, () => buildTool(options));
}

function buildTool<S extends z.ZodType, Output, Deps>(
  options: DefineToolOptions<S, Output, Deps>,
): Tool<z.output<S>, Output, Deps> {
  const checked = checkToolOptions(options, true);
  const { input } = options;
  if (!isZodSchema(input)) {
    throw new ToolDefinitionError(
      checked.name,
      `Tool "${checked.name}": \`input\` must be a zod 4 object schema, e.g. z.object({ city: z.string() }) ` +
        "(import { z } from 'zod'); got " +
        (input === undefined
          ? 'nothing'
          : typeof input === 'object'
            ? 'an object that is not a zod 4 schema'
            : typeof input) +
        '. Use z.object({}) for a tool without arguments.',
    );
  }
  const parameters = toStrictJsonSchema(input, { strict: checked.strict, toolName: checked.name });
  const definition: FunctionToolDefinition = {
    type: 'function',
    name: checked.name,
    description: checked.description,
    parameters,
    strict: checked.strict,
  };
  const tool: Tool<z.output<S>, Output, Deps> = {
    kind: 'function',
    name: checked.name,
    description: checked.description,
    strict: checked.strict,
    timeoutMs: checked.timeoutMs,
    maxOutputBytes: checked.maxOutputBytes,
    needsApproval: checked.needsApproval as Tool<z.output<S>, Output, Deps>['needsApproval'],
    input: input as z.ZodType<z.output<S>>,
    parameters,
    definition,
    execute: options.execute,
  };
  deepFreeze(parameters);
  Object.freeze(definition);
  return Object.freeze(tool);
}

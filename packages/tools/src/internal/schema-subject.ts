import { ToolDefinitionError } from '../contract/errors.js';

/**
 * What a JSON Schema being converted or checked belongs to, so every refusal names it and its
 * fix: a tool's input (`Tool "get_weather": the input schema …`) or an agent's final output
 * (`Output "answer": the output schema …`).
 */
export interface SchemaSubject {
  /** How messages start: `Tool "get_weather"`, `Output "answer"`. */
  label: string;
  /** What the schema is: `input schema`, `output schema`. */
  schema: string;
  /** The option that describes it without strict mode, said after a comma: `or define the tool with \`strict: false\``. */
  strictFix: string;
  /** The refusal of a schema that is not an object at the top level, given what it is (`type "string"`). */
  rootRefusal(got: string): string;
  /** Throws the subject's own error, with the JSON path of the fault (and what caused it). */
  fail(message: string, path: string, cause?: unknown): never;
}

/**
 * The subject of a tool's input schema: refusals are `ToolDefinitionError`s.
 *
 * @example
 * import { walkSchema } from './strict-walker.js';
 * import { toolSubject } from './schema-subject.js';
 * declare const schema: unknown; // a tool's input schema, as JSON Schema
 * walkSchema(schema, '', { subject: toolSubject('get_weather'), mode: 'transform' });
 */
export function toolSubject(toolName: string): SchemaSubject {
  return {
    label: `Tool "${toolName}"`,
    schema: 'input schema',
    strictFix: 'or define the tool with `strict: false`',
    rootRefusal: (got) =>
      `Tool "${toolName}": \`input\` must describe a JSON object, e.g. z.object({ city: z.string() }); got ${got}. ` +
      'The Responses API passes function arguments as one object. Wrap other types in a property, ' +
      'e.g. z.object({ action: z.discriminatedUnion(…) }).',
    fail(message, path, cause) {
      throw new ToolDefinitionError(toolName, message, cause === undefined ? { path } : { path, cause });
    },
  };
}

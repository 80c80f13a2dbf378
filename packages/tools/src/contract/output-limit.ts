/**
 * The default cap on the size of one tool call's output: 1 MiB (1,048,576 bytes) of UTF-8, as the
 * output is sent (the string, or the JSON of its content parts). A tool overrides it with its
 * `maxOutputBytes` option; `runTool` turns a larger output into a `ToolOutputTooLargeError`.
 *
 * Why 1 MiB: a megabyte of text is roughly 250,000 tokens, more than what is left of most models'
 * context after the instructions and the conversation, so a larger output cannot help the model
 * as one tool result; it would only make every following request that large (and in a stateless
 * conversation, each one after it). It stays well under the service's own limit for one string in
 * a request (10 MiB), and leaves room for a typical screenshot or chart as a base64 `data:` URL.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { z } from 'zod';
 * import { DEFAULT_MAX_OUTPUT_BYTES, defineTool } from '@turnkit/tools';
 * const dump = defineTool({
 *   name: 'read_log', description: 'Read the whole log.', input: z.object({}),
 *   maxOutputBytes: 4 * DEFAULT_MAX_OUTPUT_BYTES, // 4 MiB for this one tool
 *   execute: () => readFile('app.log', 'utf8'),
 * });
 * ```
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 1_048_576;

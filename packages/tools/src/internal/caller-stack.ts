import { OutputSchemaError, ToolDefinitionError } from '../contract/errors.js';

/** A public function of the package, as named in a stack. */
type Entry = (...args: never[]) => unknown;

/**
 * Runs `define`, the body of the public function `entry` (`defineTool`, `hostedMcpTool` …). When it
 * throws a `ToolDefinitionError` (or an `OutputSchemaError`), the error's stack is taken again so that it starts at the caller
 * of `entry` — the line of the app that defined the tool — rather than deep inside this package
 * (the strict-schema walker, the option checks), where the author cannot fix anything. The message,
 * `path` and `cause` stay as they are. Any other error (a bug of ours) keeps its own stack.
 *
 * Every public entry that checks a definition goes through this, so the rule holds for them all,
 * and an entry that calls another one (`defineTool` → `toStrictJsonSchema`) wins, being outermost.
 */
export function atCallerOf<T>(entry: Entry, define: () => T): T {
  try {
    return define();
  } catch (error) {
    if (error instanceof ToolDefinitionError || error instanceof OutputSchemaError) {
      Error.captureStackTrace(error, entry);
    }
    throw error;
  }
}

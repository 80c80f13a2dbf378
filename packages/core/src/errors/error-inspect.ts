/** What {@link inspectRunError} reads of a run error (structural, so this file imports nothing). */
interface InspectedError extends Error {
  code: string;
  partial?:
    | {
        status: string;
        turns: number;
        responses: readonly unknown[];
        items: readonly unknown[];
        output: string;
        usage: { totalTokens: number };
        conversation: {
          strategy: string;
          pending: readonly unknown[];
          lastResponseId: string | null;
        };
      }
    | undefined;
  listenerError?: Error | undefined;
}

/** Most causes followed, so a cycle of causes cannot print forever. */
const MAX_CAUSES = 5;
/** Longest message line printed for a cause. */
const MAX_LINE = 300;

/**
 * The short form of a run error for `util.inspect` (and so `console.log` and an uncaught error):
 * its name, code and message, its stack frames, a one-line summary of `partial`, a listener error
 * kept on it, and the chain of causes (name, code and first line of each message). It never
 * prints the partial result, the conversation's items or a cause's own fields (headers, bodies),
 * so nothing secret or large reaches a log.
 *
 * @example
 * ```ts
 * import type { MaxTurnsExceededError } from '@turnkit/core';
 * declare const error: MaxTurnsExceededError;
 * console.log(error); // MaxTurnsExceededError [max_turns_exceeded]: The run used all 2 turns …
 * ```
 */
export function inspectRunError(error: InspectedError): string {
  const lines = [headline(error)];
  lines.push(...(safe(() => error.stack) ?? '').split('\n').filter((line) => /^\s+at /.test(line)));
  const partial = error.partial;
  if (partial) lines.push(`  partial: ${summary(partial)}`);
  if (error.listenerError) lines.push(`  listener error: ${headline(error.listenerError)}`);
  let cause = safe(() => error.cause);
  for (let depth = 0; cause !== undefined && cause !== null && depth < MAX_CAUSES; depth++) {
    lines.push(`  cause: ${headline(cause)}`);
    const next = cause;
    cause = safe(() => (next as { cause?: unknown }).cause);
  }
  return lines.join('\n');
}

function summary(partial: NonNullable<InspectedError['partial']>): string {
  const { conversation } = partial;
  return [
    `${partial.status} after ${partial.turns} turn(s) and ${partial.responses.length} response(s)`,
    `${partial.items.length} item(s)`,
    `${partial.usage.totalTokens} tokens`,
    `output ${partial.output.length} chars`,
    `conversation ${conversation.strategy}, ${conversation.pending.length} item(s) pending, ` +
      `last response ${conversation.lastResponseId ?? 'none'}`,
  ].join('; ');
}

/** `Name [code]: first line of the message`, for any thrown value. */
function headline(value: unknown): string {
  if (!(value instanceof Error)) return clip(safe(() => String(value)) ?? 'a value that cannot be shown');
  const code = safe(() => (value as { code?: unknown }).code);
  // The `openai` client's errors keep the name `Error`; their class says what they are.
  const named = safe(() => value.name) ?? 'Error';
  const name = named === 'Error' ? (safe(() => value.constructor.name) ?? named) : named;
  const message = safe(() => value.message) ?? '';
  return clip(`${name}${typeof code === 'string' ? ` [${code}]` : ''}: ${message.split('\n')[0]}`);
}

function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

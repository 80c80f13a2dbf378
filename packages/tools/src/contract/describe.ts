/** An issue as `ToolInputIssue` (errors.ts) holds it; named here by shape, so errors.ts can import this file. */
interface Issue {
  path: string;
  message: string;
}

/** The longest description of one value; a message quoting it stays short. */
const MAX_DESCRIPTION = 2000;

function clip(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

/** `a: x; b: y`, for error messages; at most a handful of issues. Never throws. */
export function describeIssues(issues: readonly Issue[], max = 10): string {
  try {
    const shown = issues
      .slice(0, max)
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    const more = issues.length > max ? `; and ${issues.length - max} more` : '';
    return clip(shown.join('; ') + more);
  } catch {
    return 'the issues cannot be described';
  }
}

/** `fn()`, or `undefined` when reading it throws. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function describeError(error: Error): string {
  const message = attempt(() => error.message);
  if (typeof message === 'string' && message !== '') return message;
  const name = attempt(() => error.name);
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

function describeObject(value: object): string {
  if (value instanceof Error) return describeError(value);
  const json = attempt(() => JSON.stringify(value));
  if (typeof json === 'string') return json;
  const text = attempt(() => String(value));
  return typeof text === 'string' && text !== '[object Object]' ? text : 'an object that cannot be described';
}

/**
 * A short description of whatever was thrown: an error's message (its name when the message is
 * empty or unreadable), never its stack; other values as JSON or text. Never throws, whatever the
 * value — a getter or `toJSON`/`toString` that throws, a Proxy that throws on every trap, a revoked
 * Proxy, a cycle — and never longer than {@link MAX_DESCRIPTION} characters.
 */
export function describeThrown(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string':
        return clip(value);
      case 'bigint':
        return `${value}n`;
      case 'symbol':
        return clip(value.toString());
      case 'function': {
        const name = attempt(() => value.name);
        return typeof name === 'string' && name !== '' ? `a function (${clip(name)})` : 'a function';
      }
      case 'object':
        return value === null ? 'null' : clip(describeObject(value));
      default:
        return String(value);
    }
  } catch {
    return typeof value === 'function'
      ? 'a function that cannot be described'
      : 'an object that cannot be described';
  }
}

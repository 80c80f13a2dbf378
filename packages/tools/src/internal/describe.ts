import type { ToolInputIssue } from '../errors.js';

/** `a: x; b: y`, for error messages; at most a handful of issues. */
export function describeIssues(issues: readonly ToolInputIssue[], max = 10): string {
  const shown = issues
    .slice(0, max)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}

/** The message of whatever was thrown, never its stack. */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

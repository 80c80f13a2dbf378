/**
 * How far a tool call has come, as the tool reports it with `ctx.progress(…)`. The fields are
 * those of an MCP progress notification (`notifications/progress`), so a report crosses MCP in
 * either direction unchanged.
 *
 * - `progress` — how much is done so far: a finite number (fractions allowed) that **increases**
 *   with every report of a call, as MCP requires, even when `total` is unknown;
 * - `total` — how much there is to do, when known: a finite number;
 * - `message` — a short text for a person, e.g. `'fetched page 3'`.
 *
 * @example
 * ```ts
 * import type { ToolContext } from '@turnkit/tools';
 * declare const ctx: ToolContext; // the second argument of a tool's execute
 * ctx.progress({ progress: 3, total: 10, message: 'fetched page 3' });
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress
 */
export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * The function behind `ctx.progress`: reports how far the call has come. Returns `true` when the
 * report was taken and passed on (to the run's `tool_progress` event, to an MCP client …), `false`
 * when it was refused and passed on nowhere. It never throws, and it never waits.
 *
 * A report is refused when it is not an object; when `progress` is not a finite number, or not
 * greater than the call's last taken `progress` (MCP: "the progress value MUST increase with each
 * notification"); when `total` is given and is not a finite number; when `message` is given and
 * is not a string; or when the call is already over (it finished, failed, timed out or was
 * cancelled). Nothing is throttled: every report that is taken is passed on at once, so report
 * at a pace a person can follow (per page, per percent), not per byte.
 *
 * @example
 * ```ts
 * import type { ReportProgress, ToolContext } from '@turnkit/tools';
 * declare const ctx: ToolContext;
 * declare const done: number;
 * declare const total: number;
 * const report: ReportProgress = ctx.progress;
 * if (!report({ progress: done, total })) console.warn('progress report refused', done);
 * ```
 */
export type ReportProgress = (update: ToolProgress) => boolean;

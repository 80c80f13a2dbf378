import type { ReportProgress, ToolProgress } from '../contract/tool-progress.js';

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The report as passed on: a fresh object with only the three fields, read once, or `undefined`
 * when it breaks a rule (see `ReportProgress`). A hostile value (a getter that throws, a Proxy) is
 * refused, never thrown.
 */
function readReport(update: unknown, last: number | undefined): ToolProgress | undefined {
  try {
    if (typeof update !== 'object' || update === null || Array.isArray(update)) return undefined;
    const { progress, total, message } = update as Record<string, unknown>;
    if (!isFiniteNumber(progress) || (last !== undefined && progress <= last)) return undefined;
    if (total !== undefined && !isFiniteNumber(total)) return undefined;
    if (message !== undefined && typeof message !== 'string') return undefined;
    return {
      progress,
      ...(total === undefined ? {} : { total }),
      ...(message === undefined ? {} : { message }),
    };
  } catch {
    return undefined;
  }
}

/**
 * The `ctx.progress` of one call: checks each report, keeps the last `progress` taken, and hands
 * the report to `listener`. A listener that throws is the listener's problem, not the tool's: the
 * report still counts as taken and the throw goes no further (the agent loop passes a listener
 * that cannot throw, and reports a failing event listener itself).
 *
 * @param listener - where taken reports go; none: they are checked and go nowhere.
 * @param call - `call.ended` says whether the call has ended; from then on every report is refused.
 */
export function progressReporter(
  listener: ((update: ToolProgress) => void) | undefined,
  call: { readonly ended: boolean },
): ReportProgress {
  let last: number | undefined;
  return (update: ToolProgress): boolean => {
    if (call.ended) return false;
    const report = readReport(update, last);
    if (report === undefined) return false;
    last = report.progress;
    try {
      listener?.(report);
    } catch {
      // See above: the tool goes on as if nobody listened.
    }
    return true;
  };
}

import type { AnyAgent } from '../run/agent.js';
import type { RunInput } from '../run/run-options.js';
import type { RunResult } from '../run/run-result.js';
import { RunError } from '../run-errors/run-errors.js';
import type { NestedHost } from '../runner/nested-run.js';
import { runLoop } from '../runner/run-loop.js';

/**
 * Runs an agent inside another run (as a tool, or a guardrail): its events go into the host's
 * stream one level deeper, it uses the host's client and deps unless it has its own, and its
 * usage — also of a run that fails — is added to the host's. Without a host (called outside a
 * run) it is a plain `agent.run`.
 *
 * @throws what the nested run throws (each error with its own `partial`).
 * @example
 * ```ts
 * import type { AnyAgent } from '@turnkit/core';
 * import type { NestedHost } from '../runner/nested-run.js';
 * import { runNested } from './run-nested.js';
 * declare const researcher: AnyAgent;
 * declare const signal: AbortSignal;
 * declare const deps: unknown;
 * declare const host: NestedHost | undefined;
 * const result = await runNested(researcher, 'Find the refund policy', { signal, deps, host });
 * ```
 */
export async function runNested(
  agent: AnyAgent,
  input: RunInput,
  options: { signal: AbortSignal; deps: unknown; host: NestedHost | undefined },
): Promise<RunResult> {
  const { host, signal, deps } = options;
  if (!host) return agent.run(input, { signal, deps: deps as never });
  try {
    const result = await runLoop(agent, input, { signal, deps, nested: host }, host.emit);
    host.addUsage(result.usage);
    return result;
  } catch (error) {
    if (error instanceof RunError && error.partial) host.addUsage(error.partial.usage);
    throw error;
  }
}

import type { z } from 'zod';
import type { RunResult } from './run-result.js';

/**
 * Options of `agent.asTool()`.
 *
 * @typeParam S - the tool's input schema (default `{ input: string }`).
 * @typeParam Out - the agent's output type.
 * @example
 * ```ts
 * import type { AgentToolOptions } from '@turnkit/core';
 * const options: AgentToolOptions = { name: 'research', description: 'Looks things up in the handbook.' };
 * ```
 */
export interface AgentToolOptions<S extends z.ZodType = z.ZodObject<{ input: z.ZodString }>, Out = unknown> {
  /** The tool's name: 1–64 letters, digits, `_` or `-`. */
  name: string;
  /** What the agent does and when to call it; default the agent's `description`. */
  description?: string;
  /** The tool's input schema (a zod object); default `{ input: string }`, the message the agent is given. */
  input?: S;
  /**
   * What the agent is asked, from the tool's input: default the `input` text, or, for another
   * input schema, the input as JSON.
   */
  prompt?: (input: z.output<S>) => string;
  /** What the model reads back, from the agent's completed run: default its `finalOutput`. */
  output?: (result: RunResult<Out> & { status: 'completed' }) => unknown;
  /** Time limit of one call (the agent's whole run), in milliseconds; none by default. */
  timeoutMs?: number;
}

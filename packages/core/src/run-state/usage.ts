import type { ResponseUsage } from 'openai/resources/responses/responses';

/** Token counts, of one response or summed over a run. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Number of responses counted. */
  requests: number;
}

/**
 * A usage of zero: where a sum over several runs starts.
 *
 * @example
 * ```ts
 * import { addUsage, emptyUsage, type RunResult } from '@turnkit/core';
 * declare const results: RunResult[];
 * const total = results.reduce((sum, result) => addUsage(sum, result.usage), emptyUsage());
 * console.log(`${total.totalTokens} tokens in ${total.requests} requests`);
 * ```
 */
export function emptyUsage(): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    requests: 0,
  };
}

/** Reads the service's `usage` object (missing fields count as 0). */
export function fromResponseUsage(usage: ResponseUsage | null | undefined): Usage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    totalTokens: usage?.total_tokens ?? 0,
    cachedInputTokens: usage?.input_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: usage?.output_tokens_details?.reasoning_tokens ?? 0,
    requests: 1,
  };
}

/**
 * The sum of two usages, field by field (neither is changed).
 *
 * @example
 * ```ts
 * import { addUsage, type RunResult } from '@turnkit/core';
 * declare const first: RunResult;
 * declare const second: RunResult;
 * const both = addUsage(first.usage, second.usage);
 * ```
 */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    requests: a.requests + b.requests,
  };
}

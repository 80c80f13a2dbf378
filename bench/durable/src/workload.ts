// What one benchmark run does: a user message, two turns that each call one tool, and a final
// answer; three streamed model requests. The tool does a fixed amount of CPU work (hashing), so
// that throughput depends on how many processes run tools.
import { createHash } from 'node:crypto';
import { createAgent } from '@turnkit/core';
import { type ModelBehavior, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { z } from 'zod';

/** Model requests of one run. */
export const TURNS = 3;

/** Hashes `rounds` times: a tool that costs CPU, about 1 ms per 2,000 rounds here. */
function burn(rounds: number): string {
  let digest = 'seed';
  for (let i = 0; i < rounds; i++) digest = createHash('sha256').update(digest).digest('hex');
  return digest.slice(0, 12);
}

/**
 * What the model answers, from the request alone (so concurrent runs cannot take each other's
 * turns): a first call of `work`, a second one after the first output, then the answer.
 */
export const behavior: ModelBehavior = (request) => {
  const last = request.input.at(-1) as { type?: string; output?: unknown } | undefined;
  if (last?.type !== 'function_call_output') return reply.toolCall('work', { units: 1 });
  const { units } = JSON.parse(String(last.output)) as { units: number };
  return units === 1
    ? reply.toolCall('work', { units: 2 })
    : reply.text('Both pieces of work are done; the digests are in the tool outputs.');
};

/** The agent of the benchmark, with its requests going to the emulator at `url`. */
export function benchAgent(url: string, burnRounds: number) {
  const work = defineTool({
    name: 'work',
    description: 'Do some work.',
    input: z.object({ units: z.number().int() }),
    execute: ({ units }) => ({ units, digest: burn(burnRounds) }),
  });
  const client = new OpenAI({ baseURL: url, apiKey: 'bench', maxRetries: 0 });
  return createAgent({ name: 'bench', model: 'bench', instructions: 'Do the work.', client, tools: [work] });
}

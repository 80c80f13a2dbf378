// What the conversation says: one distinct fact of about 100 characters per user turn, a
// function-tool round trip every 10th turn, low reasoning effort (so encrypted reasoning items are
// carried), and the memory question asked at the end.
import { type Agent, createAgent } from '@turnkit/core';
import { reply, type ScriptTurn } from '@turnkit/emulator';
import { defineJsonTool } from '@turnkit/tools';
import type OpenAI from 'openai';

export const MODEL = 'gpt-5.1';
export const INSTRUCTIONS =
  'You are a patient note taker. Acknowledge each fact briefly; file every tenth one.';
/** Every this many turns, the model calls the tool before it answers. */
export const TOOL_EVERY = 10;
export const TOOL_NAME = 'file_fact';
export const RECALL_QUESTION = 'What do you remember?';

const HALLS = ['north', 'south', 'east', 'west'];
const COLOURS = ['red', 'blue', 'teal', 'grey', 'gold'];
const THINGS = ['umbrella', 'notebook', 'suitcase', 'lanterns'];

/** The user message of turn `n`: distinct, about 100 characters whatever `n` (numbers are padded). */
export function factFor(n: number): string {
  const id = String(n).padStart(4, '0');
  const locker = String((n * 7919) % 10_000).padStart(4, '0');
  return (
    `Fact ${id}: locker ${locker} in the ${HALLS[n % 4]} hall holds a ${COLOURS[n % 5]} ` +
    `${THINGS[n % 4]}, left there on day ${String((n * 37) % 365).padStart(3, '0')}.`
  );
}

/** Whether turn `n` is a function-tool round trip. */
export const isToolTurn = (n: number): boolean => n % TOOL_EVERY === 0;

/** The script turn that makes the model call the tool on turn `n` (matched on the fact's prefix). */
export function toolTurnFor(n: number): ScriptTurn {
  const id = String(n).padStart(4, '0');
  return reply.toolCall(
    TOOL_NAME,
    { fact: n, shelf: `S-${id}` },
    { match: { inputIncludes: `Fact ${id}:` } },
  );
}

/** Counts the tool's executions, for the work check. */
export const toolCounter = { executions: 0 };

export const fileFact = defineJsonTool({
  name: TOOL_NAME,
  description: 'Files a fact on a shelf and returns a receipt.',
  parameters: {
    type: 'object',
    properties: { fact: { type: 'integer' }, shelf: { type: 'string' } },
    required: ['fact', 'shelf'],
    additionalProperties: false,
  },
  execute: ({ fact, shelf }) => {
    toolCounter.executions++;
    return { filed: fact, shelf, receipt: `R-${String(fact).padStart(4, '0')}` };
  },
});

/**
 * The stateless agent of one run: with `compactThreshold` when `threshold` is given, and low
 * reasoning effort unless `reasoning` is `off`.
 */
export function createBenchAgent(
  client: OpenAI,
  threshold: number | undefined,
  reasoning: 'low' | 'off' = 'low',
): Agent {
  return createAgent({
    name: 'long-conversation',
    model: MODEL,
    instructions: INSTRUCTIONS,
    tools: [fileFact],
    client,
    strategy: 'stateless',
    ...(reasoning === 'low' ? { settings: { reasoning: { effort: 'low' as const } } } : {}),
    ...(threshold === undefined ? {} : { compactThreshold: threshold }),
  });
}

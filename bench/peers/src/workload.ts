// The work every contender does, identical on all sides. Three prompts, each answered by the
// emulator's model in bench/peers/src/peers-model.ts, which decides every turn from the request:
// - WORK_PROMPT: TOOL_TURNS turns of CALLS_PER_TURN parallel `add` calls, then a final text
//   (6 requests, 10 tool calls per run), for the CPU and wall-clock figures;
// - HOLD_PROMPT: one `add` call, then a final text, for the heap of a run waiting in its tool;
// - notePrompt(n): one turn of the long stateless conversation (one `add` call, then a text).
import { z } from 'zod';

export const MODEL = 'gpt-5.1';
export const INSTRUCTIONS = 'You add numbers with the add tool, one step at a time, then summarise.';
export const WORK_PROMPT = 'Add up the pairs for steps 1 to 5, then tell me you are done.';
export const HOLD_PROMPT = 'Hold on: add 20 and 22.';
export const TOOL_TURNS = 5;
export const CALLS_PER_TURN = 2;
/** Model requests per run of WORK_PROMPT: the tool turns plus the final answer. */
export const REQUESTS_PER_RUN = TOOL_TURNS + 1;
/** Tool calls per run of WORK_PROMPT. */
export const CALLS_PER_RUN = TOOL_TURNS * CALLS_PER_TURN;

export const ADD_NAME = 'add';
export const ADD_DESCRIPTION = 'Add two numbers.';
export const addInput = z.object({ a: z.number(), b: z.number() });
export type AddInput = z.output<typeof addInput>;

/** The arguments of call `index` (0-based) of tool turn `step` (1-based) of WORK_PROMPT. */
export const workCall = (step: number, index: number): AddInput => ({ a: step, b: index + 1 });

/** The final text of WORK_PROMPT when every tool output reached the model: 10 sums adding up to 45. */
export const workAnswer = (outputs: number, total: number): string =>
  `All ${TOOL_TURNS} steps are done: ${outputs} sums, adding up to ${total}.`;
export const WORK_TEXT = workAnswer(CALLS_PER_RUN, 45);

export const holdAnswer = (sum: number): string => `Held on: the sum is ${sum}.`;
export const HOLD_TEXT = holdAnswer(42);

/** The user message of turn `n` of the long conversation. */
export const notePrompt = (n: number): string =>
  `Note ${n}: file the sum of ${n} and ${n} on shelf S-${String(n).padStart(3, '0')} and confirm.`;
export const noteCall = (n: number): AddInput => ({ a: n, b: n });
/**
 * The answer to turn `n`, given the sum the tool returned, and how many notes (user messages) and
 * tool outputs the model saw in the whole context.
 */
export const noteAnswer = (n: number, sum: number, notesSeen: number, outputsSeen: number): string =>
  `Filed note ${n} (sum ${sum}); ${notesSeen} notes and ${outputsSeen} tool outputs so far.`;
/** The answer to turn `n` when the whole conversation was sent. */
export const noteText = (n: number): string => noteAnswer(n, 2 * n, n, n);

/** How many times `add` ran (the runs of a block are sequential, so deltas are per block). */
export const toolCounter = { executions: 0 };

/**
 * While `holding`, every `add` waits before it answers, until the heap measurement calls the
 * resolver it left in `waiters`: that holds runs inside their tool call.
 */
export const toolGate: { holding: boolean; waiters: (() => void)[] } = { holding: false, waiters: [] };

/** The tool's work, shared by every contender: cheap on purpose, so the loop is what gets measured. */
export function add({ a, b }: AddInput): { sum: number } | Promise<{ sum: number }> {
  toolCounter.executions++;
  if (!toolGate.holding) return { sum: a + b };
  return new Promise<void>((resolve) => toolGate.waiters.push(resolve)).then(() => ({ sum: a + b }));
}

/** What one run reports: its final text (requests and tool calls are counted outside it). */
export interface RunOutcome {
  text: string;
}

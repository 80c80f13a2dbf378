// The work both loops do, identical on both sides: one user message, TOOL_TURNS turns of
// CALLS_PER_TURN parallel calls of `add`, then a final text message. The scripted model answers
// every run the same way, so every run costs the same.
import type { Script, ScriptTurn } from '@turnkit/emulator';
import { z } from 'zod';

export const MODEL = 'gpt-5.1';
export const INSTRUCTIONS = 'You add numbers with the add tool, one step at a time, then summarise.';
export const PROMPT = 'Add up the pairs for steps 1 to 5, then tell me you are done.';
export const TOOL_TURNS = 5;
export const CALLS_PER_TURN = 2;
/** Requests per run: the tool turns plus the final answer. */
export const REQUESTS_PER_RUN = TOOL_TURNS + 1;
export const FINAL_TEXT =
  'All five steps are done: 1+1=2 and 1+2=3, 2+1=3 and 2+2=4, 3+1=4 and 3+2=5, ' +
  '4+1=5 and 4+2=6, 5+1=6 and 5+2=7. The grand total is 45.';

export const addInput = z.object({ a: z.number(), b: z.number() });
export const ADD_NAME = 'add';
export const ADD_DESCRIPTION = 'Add two numbers.';

/** How many times `add` ran, across both loops (the runs are sequential, so deltas are per block). */
export const toolCounter = { executions: 0 };

/** The tool's work, shared by both loops: cheap on purpose, so the loop is what gets measured. */
export function add({ a, b }: z.output<typeof addInput>): { sum: number } {
  toolCounter.executions++;
  return { sum: a + b };
}

/** The scripted model turns of one run, in the order the run consumes them. */
export function runTurns(): ScriptTurn[] {
  const turns: ScriptTurn[] = [];
  for (let step = 1; step <= TOOL_TURNS; step++) {
    turns.push({
      match: step === 1 ? { inputIncludes: PROMPT } : { toolOutputFor: ADD_NAME },
      output: Array.from({ length: CALLS_PER_TURN }, (_, i) => ({
        type: 'function_call' as const,
        name: ADD_NAME,
        arguments: { a: step, b: i + 1 },
      })),
    });
  }
  turns.push({ match: { toolOutputFor: ADD_NAME }, output: [{ type: 'message', text: FINAL_TEXT }] });
  return turns;
}

/**
 * The emulator script for `runs` sequential runs. Script turns are used once each (the first
 * queued turn whose `match` accepts a request), so the file holds one run's turns per run. Runs
 * never overlap, so whichever loop runs next consumes the next run's turns; a missing or
 * misplaced turn would fall through to the emulator's default model and fail the work check.
 */
export function scriptFor(runs: number): Script {
  const one = runTurns();
  const turns: ScriptTurn[] = [];
  for (let run = 0; run < runs; run++) turns.push(...one);
  return { turns };
}

/** What one run reports, for the check that both loops did the same work. */
export interface RunOutcome {
  text: string;
  requests: number;
  totalTokens: number;
}

// The heap workload (`--heap`): many runs at once, each parked in a tool call that awaits a
// promise the benchmark holds, so what a run keeps alive while its tool waits can be weighed.

export const WAIT_PROMPT = 'Wait for the ticket, then say so.';
export const WAIT_NAME = 'wait_for_ticket';
export const WAIT_DESCRIPTION = 'Wait until a ticket is ready.';
export const WAIT_TEXT = 'The ticket is ready.';
export const waitInput = z.object({ ticket: z.number() });

/** The gate every waiting tool call awaits, and how many calls are waiting at it. */
export const waitGate = {
  waiting: 0,
  open: Promise.resolve(),
  release: () => {},
  /** Opens the gate: calls from now on go through. */
  opened(): void {
    this.waiting = 0;
    this.open = Promise.resolve();
  },
  /** Closes the gate: calls from now on wait until `release()`. */
  close(): void {
    this.waiting = 0;
    this.open = new Promise<void>((resolve) => {
      this.release = resolve;
    });
  },
};

/** The waiting tool's work: counts itself in, then waits for the gate. */
export async function waitForTicket({ ticket }: z.output<typeof waitInput>): Promise<{ ticket: number }> {
  waitGate.waiting++;
  await waitGate.open;
  return { ticket };
}

/** The script of `runs` heap runs: each asks for the tool once, then answers with WAIT_TEXT. */
export function heapScriptFor(runs: number): Script {
  const turns: ScriptTurn[] = [];
  for (let run = 0; run < runs; run++) {
    turns.push(
      {
        match: { inputIncludes: WAIT_PROMPT },
        output: [{ type: 'function_call', name: WAIT_NAME, arguments: { ticket: 7 } }],
      },
      { match: { toolOutputFor: WAIT_NAME }, output: [{ type: 'message', text: WAIT_TEXT }] },
    );
  }
  return { turns };
}

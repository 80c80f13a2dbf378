import type { ApprovalRequest } from '@turnkit/tools';
import type { Response, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { Conversation } from '../conversation/conversation.js';
import type { RunState } from '../run-state/run-state.js';
import type { Usage } from '../run-state/usage.js';
import type { Agent } from './agent.js';

/** What every {@link RunResult} holds, whatever its status. */
export interface RunResultFields {
  runId: string;
  /** What waits for a decision when `status` is `interrupted`; empty otherwise. */
  interruptions: ApprovalRequest[];
  /** The state to save and resume from when `status` is `interrupted`. */
  state: RunState | undefined;
  /** Why the last response was incomplete (e.g. `max_output_tokens`), when it was. */
  incompleteReason?: string;
  /**
   * The text of the last response's answer: its `final_answer` messages when it labels messages
   * with a `phase` (leaving out the `commentary`), else all its assistant messages, several kept
   * apart by a blank line. For a structured output: its JSON text.
   */
  output: string;
  /** The last response, when there was one. */
  lastResponse: Response | undefined;
  /** Every response of the run, one per turn. */
  responses: Response[];
  /** Every item this run added to the conversation, in order: inputs, outputs, tool outputs. */
  items: Array<ResponseInputItem | ResponseOutputItem>;
  /** Token usage summed over the run's responses, those of agents run as tools and guardrails included. */
  usage: Usage;
  /** Number of turns (Responses API calls) made. */
  turns: number;
  /** The conversation, to continue with another run. */
  conversation: Conversation;
  /**
   * The agent that had the conversation last: the agent run, or the one a handoff passed it to.
   * Continue the conversation with it: `result.lastAgent.run(next, { conversation: result.conversation })`.
   */
  lastAgent: Agent<unknown, unknown>;
}

/**
 * What a run produced. Also the `partial` of an error that stopped a run.
 *
 * `status` — `completed`: the model answered with no work pending, and `finalOutput` is its
 * answer (the text, or the agent's typed `output`, parsed and validated). `incomplete`: the
 * service stopped the last response early (see `incompleteReason`). `interrupted`: calls wait for
 * approval (see `interruptions` and `state`). `stopped`: the run stopped with an error, and this
 * is what it had produced by then. `finalOutput` is `undefined` for all but `completed`.
 *
 * @typeParam Out - the type of `finalOutput`: `string`, or the agent's output schema's type.
 * @example
 * ```ts
 * import type { Agent } from '@turnkit/core';
 * declare const agent: Agent<unknown, { total: number }>; // an agent with an output schema
 * const result = await agent.run('Total of INV-7?');
 * if (result.status === 'completed') console.log(result.finalOutput.total);
 * ```
 */
export type RunResult<Out = unknown> =
  | (RunResultFields & { status: 'completed'; finalOutput: Out })
  | (RunResultFields & { status: 'incomplete' | 'interrupted' | 'stopped'; finalOutput: undefined });

/** The status of a {@link RunResult}. */
export type RunStatus = RunResult['status'];

import type { ApprovalRequest } from '@turnkit/tools';
import type { Response, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { Conversation } from './conversation.js';
import type { RunState } from './run-state.js';
import type { Usage } from './usage.js';

/** What a run produced. Also the `partial` of an error that stopped a run. */
export interface RunResult {
  runId: string;
  /**
   * `completed`: the model answered with no work pending. `incomplete`: the service stopped the
   * last response early (see `incompleteReason`). `interrupted`: calls wait for approval (see
   * `interruptions` and `state`). `stopped`: the run stopped with an error, and this is what it
   * had produced by then.
   */
  status: 'completed' | 'incomplete' | 'interrupted' | 'stopped';
  /** What waits for a decision when `status` is `interrupted`; empty otherwise. */
  interruptions: ApprovalRequest[];
  /** The state to save and resume from when `status` is `interrupted`. */
  state: RunState | undefined;
  /** Why the last response was incomplete (e.g. `max_output_tokens`), when it was. */
  incompleteReason?: string;
  /**
   * The text of the last response's answer: its `final_answer` messages when it labels messages
   * with a `phase` (leaving out the `commentary`), else all its assistant messages, several kept
   * apart by a blank line.
   */
  output: string;
  /** The last response, when there was one. */
  lastResponse: Response | undefined;
  /** Every response of the run, one per turn. */
  responses: Response[];
  /** Every item this run added to the conversation, in order: inputs, outputs, tool outputs. */
  items: Array<ResponseInputItem | ResponseOutputItem>;
  /** Token usage summed over the run's responses. */
  usage: Usage;
  /** Number of turns (Responses API calls) made. */
  turns: number;
  /** The conversation, to continue with another run. */
  conversation: Conversation;
}

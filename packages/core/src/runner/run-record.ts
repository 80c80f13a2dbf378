import type { ApprovalRequest } from '@turnkit/tools';
import type { Response, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { Conversation } from '../conversation/conversation.js';
import type { EmitFn, EventBase } from '../run/events.js';
import type { RunResult } from '../run/run-result.js';
import { RunState } from '../run-state/run-state.js';
import { addUsage, emptyUsage, type Usage } from '../run-state/usage.js';
import type { ActiveAgent } from './active-agent.js';
import { finalText } from './final-text.js';
import type { NestedPause } from './nested-run.js';

/**
 * What one run has done so far, and the agent it is with: the single place a run's result (or
 * an error's `partial`) is built from.
 */
export class RunRecord {
  readonly runId: string;
  /** 0 for a run you started; one more for each agent run inside another. */
  readonly depth: number;
  readonly conversation: Conversation;
  readonly emit: EmitFn;
  #responses: Response[] = [];
  #items: Array<ResponseInputItem | ResponseOutputItem> = [];
  usage: Usage = emptyUsage();
  turn = 0;
  active: ActiveAgent;

  constructor(fields: {
    runId: string;
    depth: number;
    conversation: Conversation;
    emit: EmitFn;
    active: ActiveAgent;
  }) {
    this.runId = fields.runId;
    this.depth = fields.depth;
    this.conversation = fields.conversation;
    this.emit = fields.emit;
    this.active = fields.active;
  }

  /** Every response of the run, in order. */
  get responses(): readonly Response[] {
    return this.#responses;
  }

  /** Every item the run added: its input, the responses' output, the tools' outputs. */
  get items(): ReadonlyArray<ResponseInputItem | ResponseOutputItem> {
    return this.#items;
  }

  /**
   * Adds a response. The lists are copied as they grow, each exactly as long as what it holds:
   * a push, or a spread (`[...list, response]`), would leave room for 16 more, kept for as long
   * as the run waits; `concat` does not.
   */
  keepResponse(response: Response): void {
    this.#responses = this.#responses.concat([response]);
  }

  /** Adds items the run produced (see {@link RunRecord.keepResponse}). */
  keep(items: ReadonlyArray<ResponseInputItem | ResponseOutputItem>): void {
    if (items.length > 0) this.#items = this.#items.concat(items);
  }

  /** The fields every event of this run has, now. */
  base(): EventBase {
    return { runId: this.runId, turn: this.turn, agent: this.active.config.name, depth: this.depth };
  }

  /** Adds usage (of a response, or of an agent run inside this one) to the run's. */
  addUsage(usage: Usage): void {
    this.usage = addUsage(this.usage, usage);
  }

  /**
   * The run's result with `status`: for `interrupted`, the requests waiting (this run's, and
   * those of its paused nested runs, each marked with its agent) and the state to resume from.
   */
  result(
    status: RunResult['status'] = 'stopped',
    waiting: { approvals?: ApprovalRequest[]; nested?: NestedPause[]; finalOutput?: unknown } = {},
  ): RunResult {
    const last = this.#responses.at(-1);
    const nested = waiting.nested ?? [];
    const approvals = [
      ...(waiting.approvals ?? []),
      ...nested.flatMap((n) => n.state.approvals.map((a) => ({ ...a, agent: a.agent ?? n.state.agentName }))),
    ];
    const state =
      status === 'interrupted'
        ? new RunState({
            agentName: this.active.config.name,
            runId: this.runId,
            turns: this.turn,
            usage: this.usage,
            approvals,
            conversation: this.conversation,
            nested: nested.map((n) => ({
              callId: n.callId,
              toolName: n.toolName,
              agent: n.agent,
              state: n.state,
            })),
          })
        : undefined;
    return {
      runId: this.runId,
      status,
      interruptions: status === 'interrupted' ? approvals : [],
      state,
      ...(status === 'incomplete' && last?.incomplete_details?.reason
        ? { incompleteReason: last.incomplete_details.reason }
        : {}),
      finalOutput: status === 'completed' ? waiting.finalOutput : undefined,
      output: last ? finalText(last.output) : '',
      lastResponse: last,
      responses: this.#responses,
      items: this.#items,
      usage: this.usage,
      turns: this.turn,
      conversation: this.conversation,
      lastAgent: this.active.agent,
    } as RunResult;
  }
}

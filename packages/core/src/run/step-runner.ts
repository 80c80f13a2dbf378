import type { Response, ResponseInputItem } from 'openai/resources/responses/responses';

/** The model turn a {@link StepRunner} is asked to perform. */
export interface ModelTurnStep {
  /** The run the turn belongs to. */
  readonly runId: string;
  /** The turn number (1-based) within the run. */
  readonly turn: number;
}

/** The function call a {@link StepRunner} is asked to perform, keyed by its `callId`. */
export interface ToolCallStep {
  readonly runId: string;
  /** The turn in which the model made the call. */
  readonly turn: number;
  /** The call's `call_id`: unique within a conversation, the natural key of the step. */
  readonly callId: string;
  /** The name of the tool called. */
  readonly name: string;
  /** The raw JSON arguments the model sent. */
  readonly arguments: string;
}

/**
 * The computer call a {@link StepRunner} is asked to perform: its actions on the agent's
 * computer, then the screenshot that answers it. Keyed by its `callId`.
 */
export interface ComputerCallStep {
  readonly runId: string;
  /** The turn in which the model made the call. */
  readonly turn: number;
  /** The call's `call_id`. */
  readonly callId: string;
  /** How many actions the call asks for (0 when they are not run: its safety checks were rejected). */
  readonly actions: number;
}

/**
 * The seam through which the loop performs each model request, each tool call and each computer call. In process
 * it just calls `perform` ({@link inProcessStepRunner}); a durable engine journals the result
 * instead, so that after a crash a completed step returns its recorded result without running
 * again (`@turnkit/restate` does this with Restate's `ctx.run`).
 *
 * Both results are plain JSON (the final `Response` of a turn, the `function_call_output` of a
 * call), so a journal can store and replay them. The events a step reports (text deltas, output
 * items, `tool_call_started` / `tool_call_finished` …) are emitted while `perform` runs: a runner
 * that replays a recorded result without calling `perform` emits none of them, and must keep
 * them itself if its consumers need them again.
 *
 * A runner must call `perform` at most once per attempt and return (or throw) what it returned
 * (or threw); `perform` honours the run's `signal`. Runners never see the client or credentials.
 *
 * @example
 * ```ts
 * import type { Agent, StepRunner } from '@turnkit/core';
 * declare const agent: Agent;
 * const logged: StepRunner = {
 *   modelTurn: (step, perform) => { console.log('turn', step.turn); return perform(); },
 *   toolCall: (step, perform) => { console.log('call', step.callId); return perform(); },
 *   computerCall: (step, perform) => { console.log('computer', step.callId); return perform(); },
 * };
 * await agent.run('Pay INV-7', { steps: logged });
 * ```
 */
export interface StepRunner {
  /** Performs one model turn (`responses.create`, streamed and read to its end); resolves with the final Response. */
  modelTurn(step: ModelTurnStep, perform: () => Promise<Response>): Promise<Response>;
  /**
   * Performs one function call (validated, time-limited, never throwing); resolves with the
   * `function_call_output` for `step.callId`.
   */
  toolCall(
    step: ToolCallStep,
    perform: () => Promise<ResponseInputItem.FunctionCallOutput>,
  ): Promise<ResponseInputItem.FunctionCallOutput>;
  /**
   * Performs one computer call (its actions, then a screenshot); resolves with the items that
   * answer it: the `computer_call_output`, and a user message when an action was not run.
   * `perform` throws `ComputerFailedError` when the computer fails, `RunAbortedError` when the
   * run is aborted between actions.
   */
  computerCall(
    step: ComputerCallStep,
    perform: () => Promise<ResponseInputItem[]>,
  ): Promise<ResponseInputItem[]>;
}

/**
 * The default {@link StepRunner}: performs every step directly, in this process.
 *
 * @example
 * ```ts
 * import { inProcessStepRunner, type StepRunner } from '@turnkit/core';
 * const wrapped: StepRunner = { ...inProcessStepRunner, toolCall: (step, perform) => perform() };
 * ```
 */
export const inProcessStepRunner: StepRunner = Object.freeze({
  modelTurn: (_step: ModelTurnStep, perform: () => Promise<Response>) => perform(),
  toolCall: (_step: ToolCallStep, perform: () => Promise<ResponseInputItem.FunctionCallOutput>) => perform(),
  computerCall: (_step: ComputerCallStep, perform: () => Promise<ResponseInputItem[]>) => perform(),
});

/** Whether a value can serve as a {@link StepRunner}. */
export function isStepRunner(value: unknown): value is StepRunner {
  const v = value as Partial<StepRunner> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.modelTurn === 'function' &&
    typeof v.toolCall === 'function' &&
    typeof v.computerCall === 'function'
  );
}

import { randomUUID } from 'node:crypto';
import type {
  ResponseInput,
  ResponseInputItem,
  ResponseOutputItem,
} from 'openai/resources/responses/responses';
import type { ResponsesClient } from '../client/resolve-client.js';
import type { ClientSource } from '../connection/client-source.js';
import { Conversation } from '../conversation/conversation.js';
import type { ConversationStrategy } from '../conversation/conversation-record.js';
import { InputError } from '../errors/input-errors.js';
import type { AnyAgent } from '../run/agent.js';
import type { EmitFn } from '../run/events.js';
import type { RunResult } from '../run/run-result.js';
import { inProcessStepRunner, isStepRunner } from '../run/step-runner.js';
import { wants } from '../run/wants.js';
import {
  ListenerError,
  MaxTurnsExceededError,
  RunAbortedError,
  RunError,
  toApiError,
} from '../run-errors/run-errors.js';
import { isResumeInput, type ResumeInput } from '../run-state/run-state.js';
import type { Usage } from '../run-state/usage.js';
import { maxRequestBytes, streamIdleTimeout } from '../values/limits.js';
import { activateAgent } from './active-agent.js';
import { findAgent } from './agent-graph.js';
import { mcpApprovalRequests } from './approvals.js';
import { completeRun, incompleteRun } from './complete-run.js';
import { describeBadInput } from './describe-input.js';
import { type GuardedEmit, guardEmit, type ListenerFailure } from './guard-emit.js';
import { startInputChecks } from './input-checks.js';
import type { LoopContext, LoopOptions } from './loop-context.js';
import type { NestedHost } from './nested-run.js';
import { RequestSizer } from './request-size.js';
import { enterRun } from './resume.js';
import { resumeRun } from './resume-run.js';
import { answerInterruptedComputerCalls, type ModelCall } from './run-computer-calls.js';
import { RunRecord } from './run-record.js';
import { batchOf, type Settlement, settleTurn } from './settle-turn.js';
import { takeTurn } from './take-turn.js';
import { Targets } from './targets.js';

export type { LoopOptions } from './loop-context.js';

/** The request options of a run without a signal (shared: the client only reads them). */
const NO_REQUEST_OPTIONS: { signal?: AbortSignal } = Object.freeze({});

/** What the model sees for a call that a stopped run never answered. */
const INTERRUPTED_OUTPUT = 'Error: this tool call was interrupted before it finished and has no result.';

/**
 * The function and computer calls among a response's output items, in an array of their number
 * (a filter's leaves room for 16 more, kept while the calls run).
 */
function modelCalls(output: readonly ResponseOutputItem[]): ModelCall[] {
  const isCall = (item: ResponseOutputItem): item is ModelCall =>
    item.type === 'function_call' || item.type === 'computer_call';
  let count = 0;
  for (const item of output) if (isCall(item)) count++;
  const calls: ModelCall[] = new Array(count);
  let index = 0;
  for (const item of output) if (isCall(item)) calls[index++] = item;
  return calls;
}

/** Refuses run options that cannot work together. @throws {InputError} */
function checkRun(conversation: unknown, options: LoopOptions, resume: ResumeInput | undefined): void {
  if (!(conversation instanceof Conversation)) {
    throw new InputError('`conversation` must be a Conversation from createConversation().');
  }
  if (options.steps !== undefined && !isStepRunner(options.steps)) {
    throw new InputError(
      '`steps` must be a StepRunner: an object with modelTurn(), toolCall() and computerCall() functions.',
    );
  }
  if (options.runId !== undefined && (typeof options.runId !== 'string' || options.runId.trim() === '')) {
    throw new InputError(`\`runId\` must be a non-empty string, got ${JSON.stringify(options.runId)}.`);
  }
  if (options.maxTurns !== undefined && (!Number.isInteger(options.maxTurns) || options.maxTurns < 1)) {
    throw new InputError(
      `\`maxTurns\` must be a whole number of at least 1, got ${JSON.stringify(options.maxTurns)}.`,
    );
  }
  if (resume && options.conversation && options.conversation !== resume.state.conversation) {
    throw new InputError(
      'A resumed run continues the conversation of its state; do not pass another `conversation`.',
    );
  }
}

/** The agent a resumed run continues with: the one its state paused with, reached from `start`. @throws {InputError} */
function resumedAgent(start: AnyAgent, resume: ResumeInput): AnyAgent {
  const name = resume.state.agentName;
  if (name === start.name) return start;
  const found = findAgent(start, name);
  if (!found) {
    throw new InputError(
      `This run state belongs to the agent "${name}", not "${start.name}" (nor an agent its handoffs reach).`,
    );
  }
  return found;
}

/** Turns the user's input into input items. @throws {InputError} */
export function toInputItems(input: string | ResponseInput): ResponseInputItem[] {
  if (typeof input === 'string') {
    return input.length === 0 ? [] : [{ type: 'message', role: 'user', content: input }];
  }
  if (!Array.isArray(input)) {
    throw new InputError(describeBadInput(input));
  }
  for (const [index, item] of input.entries()) {
    if (item === null || typeof item !== 'object') {
      throw new InputError(`Input item ${index} is not an object.`);
    }
    if (!('type' in item) && !('role' in item)) {
      throw new InputError(
        `Input item ${index} has neither \`type\` nor \`role\`; e.g. { role: 'user', content: 'Hi' }.`,
      );
    }
  }
  return structuredClone([...input]);
}

/** What agents run inside a run get from it (a class: one object, no closures kept per run). */
class RunHost implements NestedHost {
  readonly #record: RunRecord;
  constructor(
    record: RunRecord,
    readonly client: ClientSource,
    readonly deps: unknown,
  ) {
    this.#record = record;
  }
  get emit(): EmitFn {
    return this.#record.emit;
  }
  get depth(): number {
    return this.#record.depth;
  }
  get strategy(): ConversationStrategy {
    return this.#record.conversation.strategy;
  }
  addUsage(usage: Usage): void {
    this.#record.addUsage(usage);
  }
}

/** The run's result so far (an error's `partial`), or, for `interrupted`, with what waits. */
function partialResult(
  run: RunRecord | undefined,
  status: RunResult['status'] = 'stopped',
  waiting?: Settlement,
): RunResult | undefined {
  return run?.result(status, waiting ? { approvals: waiting.pending, nested: waiting.nested } : {});
}

/**
 * Frees the conversation and reports the result; when a listener threw during the run, the
 * result is that error's partial.
 * @throws {ListenerError} when a listener threw during the run.
 */
function finishRun(
  run: RunRecord,
  failures: FailureSource,
  release: (() => void) | undefined,
  result: RunResult,
): RunResult {
  release?.();
  if (wants(run.emit, 'run_finished')) run.emit({ type: 'run_finished', result, ...run.base() });
  const failure = failures.failure;
  if (failure) throw new ListenerError(failure.eventType, failure.error, result);
  return result;
}

/** Where a run finds the first failure of its listeners. */
type FailureSource = Pick<GuardedEmit, 'failure'>;

/**
 * A run inside another reports through its parent's emit, which never throws: what its
 * listeners throw is the parent's failure, reported by the parent after its turn.
 */
const NO_FAILURES: FailureSource = Object.freeze({ failure: null as ListenerFailure | null });

/**
 * A fresh run id, as one flat string: `randomUUID()` joins its 20 pieces into a tree of cons
 * strings (about 430 bytes) that the run would keep as long as it lives (events, contexts, the
 * conversation's holder). Case conversion returns a flat copy; the id is lowercase already.
 */
function newRunId(): string {
  return `run_${randomUUID()}`.toLowerCase();
}

/**
 * The agent loop. Streams each turn with the agent the run is with, runs the function calls it
 * asks for (agents run as tools among them), hands the conversation on when the model calls a
 * handoff, sends the outputs back, and repeats until the model answers with nothing pending; the
 * answer then becomes the final output (typed, when the agent has an output schema) once the
 * output guardrails allow it. Reports everything through `emit`; a listener that throws never
 * changes what the loop does with a turn (the run stops after the turn with a `ListenerError`).
 * Every error that stops the run carries the partial result; a turn that fails is reported by
 * `turn_failed`, after what the service completed of it (hosted MCP calls) was kept.
 */
export async function runLoop(
  start: AnyAgent,
  input: string | ResponseInput | ResumeInput,
  options: LoopOptions,
  listen: EmitFn,
): Promise<RunResult> {
  const nested = options.nested;
  const emit = guardEmit(nested ? nested.emit : listen);
  const failures: FailureSource = nested && emit === nested.emit ? NO_FAILURES : emit;
  const resume = isResumeInput(input) ? input : undefined;
  // Tools always get a signal; the openai client only gets the caller's, so it need not combine
  // signals on every request when there is nothing to cancel.
  const signal = options.signal ?? new AbortController().signal;
  const requestOptions = options.signal ? { signal: options.signal } : NO_REQUEST_OPTIONS;
  /** Where requests go by default: the run's client, else the agent run's (a nested run: its parent's). */
  const fallbackSource: ClientSource | undefined = start.config.client ?? nested?.client;
  const targets = new Targets(options.client, fallbackSource);
  let run: RunRecord | undefined;
  /** The client and model of the run, so an error can name the URL and deployment. */
  let target: { client?: ResponsesClient; model?: string } = {};
  /** Frees the conversation (one run at a time). */
  let release: (() => void) | undefined;
  const runId = typeof options.runId === 'string' && options.runId ? options.runId : newRunId();
  const depth = nested ? nested.depth + 1 : 0;

  try {
    const agent = resume ? resumedAgent(start, resume) : start;
    const conversation =
      resume?.state.conversation ??
      options.conversation ??
      new Conversation({ strategy: agent.config.strategy ?? nested?.strategy });
    checkRun(conversation, options, resume);
    run = new RunRecord({
      runId,
      depth,
      conversation,
      emit,
      active: activateAgent(agent, conversation.strategy),
    });
    const record = run;
    const inputItems = resume ? [] : toInputItems(input as string | ResponseInput);
    target = targets.of(record.active);
    release = enterRun(conversation, runId, resume?.state);
    const maxTurns = options.maxTurns ?? start.config.maxTurns;
    const idleTimeoutMs =
      options.streamIdleTimeoutMs === undefined
        ? start.config.streamIdleTimeoutMs
        : streamIdleTimeout(options.streamIdleTimeoutMs, 'run.streamIdleTimeoutMs');
    const sizer = new RequestSizer(
      options.maxRequestBytes === undefined
        ? start.config.maxRequestBytes
        : maxRequestBytes(options.maxRequestBytes, 'run.maxRequestBytes'),
      { resent: conversation.strategy === 'stateless' },
    );
    const loop: LoopContext = {
      run: record,
      start,
      options,
      signal,
      requestOptions,
      client: target.client!,
      steps: options.steps ?? inProcessStepRunner,
      host: new RunHost(
        record,
        options.client ?? fallbackSource ?? (target.client as unknown as ClientSource),
        options.deps,
      ),
      ...(resume ? { decisions: resume.decisions } : {}),
    };
    if (wants(emit, 'run_started')) emit({ type: 'run_started', ...record.base() });

    if (resume) {
      const settled = await resumeRun(loop, resume);
      if (settled.pending.length || settled.nested.length) {
        return finishRun(record, failures, release, partialResult(record, 'interrupted', settled)!);
      }
    }
    if (conversation.unansweredCalls.length > 0) {
      record.keep(await answerInterruptedComputerCalls(conversation, batchOf(loop, record.active)));
      record.keep(conversation.settleUnanswered(INTERRUPTED_OUTPUT));
    }
    conversation.push(inputItems);
    record.keep(inputItems);
    if (conversation.pending.length === 0) {
      throw new InputError('The run has no input: give a non-empty message or input items.');
    }
    if (conversation.session) await conversation.save();
    const beside =
      resume || record.active.config.inputGuardrails.length === 0
        ? undefined
        : await startInputChecks(loop, inputItems);

    for (;;) {
      if (signal.aborted) throw new RunAbortedError(signal.reason);
      // Stops the run once the turn in progress is done when a listener threw during it.
      const failure = failures.failure;
      if (failure) throw new ListenerError(failure.eventType, failure.error, partialResult(record));
      record.turn++;
      target = targets.of(record.active);
      // The first turn runs beside the parallel input guardrails: a tripwire cancels it.
      const response = await takeTurn(
        loop,
        targets,
        sizer,
        idleTimeoutMs,
        record.turn === 1 ? beside : undefined,
      );
      if (response.status === 'incomplete') {
        return finishRun(record, failures, release, await incompleteRun(loop, response));
      }
      const calls = modelCalls(response.output);
      const requests = mcpApprovalRequests(response.output);
      if (calls.length === 0 && requests.length === 0) {
        return finishRun(record, failures, release, await completeRun(loop, response));
      }
      const settled = await settleTurn(loop, calls, requests);
      if (settled.pending.length || settled.nested.length) {
        return finishRun(record, failures, release, partialResult(record, 'interrupted', settled)!);
      }
      if (record.turn >= maxTurns) throw new MaxTurnsExceededError(maxTurns, partialResult(record)!);
    }
  } catch (caught) {
    const error =
      signal.aborted && !(caught instanceof RunAbortedError)
        ? new RunAbortedError(signal.reason)
        : toApiError(caught, target);
    if (error instanceof RunError && error.partial === undefined) error.partial = partialResult(run);
    release?.();
    emit({
      type: 'run_failed',
      error,
      runId,
      turn: run?.turn ?? 0,
      agent: run?.active.config.name ?? start.name,
      depth,
    });
    // The run's own error wins; a listener that threw as well (even in run_failed) is kept on it.
    const failure = failures.failure;
    if (failure && error instanceof RunError && !(error instanceof ListenerError)) {
      error.listenerError = new ListenerError(failure.eventType, failure.error);
    }
    throw error;
  } finally {
    release?.();
  }
}

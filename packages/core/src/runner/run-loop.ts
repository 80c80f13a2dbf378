import { randomUUID } from 'node:crypto';
import type { AnyDeps, ApprovalRequest, Approver } from '@turnkit/tools';
import type {
  Response,
  ResponseIncludable,
  ResponseInput,
  ResponseInputItem,
  ResponseOutputItem,
} from 'openai/resources/responses/responses';
import type { AgentConfig, ClientSource, ModelSettings } from '../agent.js';
import { Conversation, replayableOutput } from '../conversation.js';
import { ListenerError, MaxTurnsExceededError, RunAbortedError, RunError, toApiError } from '../errors.js';
import type { EmitFn } from '../events.js';
import { InputError } from '../input-errors.js';
import { explainRejectedItem } from '../item-rejected-error.js';
import { maxRequestBytes, streamIdleTimeout } from '../limits.js';
import type { RunResult } from '../run-result.js';
import { isResumeInput, type ResumeInput, RunState } from '../run-state.js';
import { addUsage, emptyUsage, fromResponseUsage, type Usage } from '../usage.js';
import { type ApprovalSources, mcpApprovalRequests, settleActions } from './approvals.js';
import { describeBadInput } from './describe-input.js';
import { finalText } from './final-text.js';
import { guardEmit } from './guard-emit.js';
import { RequestSizer } from './request-size.js';
import { type ResponsesClient, resolveClient } from './resolve-client.js';
import { beginResume, enterRun } from './resume.js';
import { answerInterruptedComputerCalls, computerOf, type ModelCall } from './run-computer-calls.js';
import { inProcessStepRunner, isStepRunner, type StepRunner } from './step-runner.js';
import { streamTurn } from './stream-turn.js';
import { visibleRequest } from './visible-request.js';

/** What a run is given besides the agent: see `RunOptions` in the public API. */
export interface LoopOptions {
  conversation?: Conversation;
  signal?: AbortSignal;
  deps?: unknown;
  maxTurns?: number;
  client?: ClientSource;
  approver?: Approver;
  streamIdleTimeoutMs?: number;
  maxRequestBytes?: number;
  /** Performs each model turn and tool call; default {@link inProcessStepRunner}. */
  steps?: StepRunner;
  /** The run's id; default a fresh `run_<uuid>`. */
  runId?: string;
}

/** What the model sees for a call that a stopped run never answered. */
const INTERRUPTED_OUTPUT = 'Error: this tool call was interrupted before it finished and has no result.';

/** The include value that stateless mode needs so reasoning can be sent back. */
const ENCRYPTED_REASONING: ResponseIncludable = 'reasoning.encrypted_content';
/** The include value that makes code interpreter calls carry their logs and images. */
const CODE_OUTPUTS: ResponseIncludable = 'code_interpreter_call.outputs';

/** Settings sent on every turn: the agent's, plus what the strategy and compaction need. */
function requestSettings(
  agent: AgentConfig<AnyDeps>,
  strategy: Conversation['strategy'],
): ModelSettings & {
  context_management?: Array<{ type: 'compaction'; compact_threshold: number }>;
} {
  const given = agent.settings.include ?? [];
  const needed = [
    ...(strategy === 'stateless' ? [ENCRYPTED_REASONING] : []),
    ...(agent.builtinTools.some((t) => t.kind === 'hosted_code_interpreter') ? [CODE_OUTPUTS] : []),
  ].filter((value) => !given.includes(value));
  return {
    ...agent.settings,
    ...(needed.length ? { include: [...given, ...needed] } : {}),
    ...(agent.compactThreshold !== undefined
      ? { context_management: [{ type: 'compaction', compact_threshold: agent.compactThreshold }] }
      : {}),
  };
}

/** Refuses run options that cannot work together. @throws {InputError} */
function checkRun(
  agent: AgentConfig<AnyDeps>,
  conversation: unknown,
  options: LoopOptions,
  resume: ResumeInput | undefined,
): void {
  if (!(conversation instanceof Conversation)) {
    throw new InputError('`conversation` must be a Conversation from createConversation().');
  }
  if (agent.strategy !== undefined && conversation.strategy !== agent.strategy) {
    throw new InputError(
      `The agent runs "${agent.strategy}" conversations but was given a "${conversation.strategy}" one; ` +
        "create the conversation with the same strategy, or leave the agent's strategy unset.",
    );
  }
  if (options.steps !== undefined && !isStepRunner(options.steps)) {
    throw new InputError(
      '`steps` must be a StepRunner: an object with modelTurn() and toolCall() functions.',
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
  if (agent.background && conversation.strategy === 'stateless') {
    throw new InputError(
      'A background agent needs a "server" conversation: background responses are stored.',
    );
  }
  if (resume && resume.state.agentName !== agent.name) {
    throw new InputError(
      `This run state belongs to the agent "${resume.state.agentName}", not "${agent.name}".`,
    );
  }
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

/**
 * The agent loop. Streams each turn, runs the function calls it asks for, sends their outputs
 * back, and repeats until the model answers with nothing pending. Reports everything through
 * `emit`; a listener that throws never changes what the loop does with a turn (the run stops
 * after the turn with a `ListenerError`). Every error that stops the run carries the partial
 * result; a turn that fails is reported by `turn_failed`, after what the service completed of
 * it (hosted MCP calls) was kept in the conversation.
 */
export async function runLoop(
  agent: AgentConfig<AnyDeps>,
  input: string | ResponseInput | ResumeInput,
  options: LoopOptions,
  listen: EmitFn,
): Promise<RunResult> {
  const runId = typeof options.runId === 'string' && options.runId ? options.runId : `run_${randomUUID()}`;
  const steps = options.steps ?? inProcessStepRunner;
  const guarded = guardEmit(listen);
  const emit = guarded.emit;
  const resume = isResumeInput(input) ? input : undefined;
  const conversation =
    resume?.state.conversation ?? options.conversation ?? new Conversation({ strategy: agent.strategy });
  const maxTurns = options.maxTurns ?? agent.maxTurns;
  // Tools always get a signal; the openai client only gets the caller's, so it need not combine
  // signals on every request when there is nothing to cancel.
  const signal = options.signal ?? new AbortController().signal;
  const requestOptions = options.signal ? { signal: options.signal } : {};
  const responses: Response[] = [];
  const items: Array<ResponseInputItem | ResponseOutputItem> = [];
  let usage: Usage = emptyUsage();
  let turn = 0;
  /** The client and model of the run, so an error can name the URL and deployment. */
  let target: { client?: ResponsesClient; model?: string } = {};
  /** Frees the conversation (one run at a time). */
  let release: (() => void) | undefined;
  const partial = (status: RunResult['status'] = 'stopped', waiting: ApprovalRequest[] = []): RunResult => {
    const last = responses.at(-1);
    return {
      runId,
      status,
      interruptions: waiting,
      state: waiting.length
        ? new RunState({ agentName: agent.name, runId, turns: turn, usage, approvals: waiting, conversation })
        : undefined,
      ...(status === 'incomplete' && last?.incomplete_details?.reason
        ? { incompleteReason: last.incomplete_details.reason }
        : {}),
      output: last ? finalText(last.output) : '',
      lastResponse: last,
      responses,
      items,
      usage,
      turns: turn,
      conversation,
    };
  };

  /** Stops the run once the turn in progress is done when a listener threw during it. */
  const checkListeners = (): void => {
    const failure = guarded.failure();
    if (failure) throw new ListenerError(failure.eventType, failure.error, partial());
  };

  try {
    checkRun(agent, conversation, options, resume);
    const inputItems = resume ? [] : toInputItems(input as string | ResponseInput);
    const { client, model } = resolveClient(options.client, agent.client, agent.model);
    target = { client, model };
    release = enterRun(conversation, runId, resume?.state);
    const idleTimeoutMs =
      options.streamIdleTimeoutMs === undefined
        ? agent.streamIdleTimeoutMs
        : streamIdleTimeout(options.streamIdleTimeoutMs, 'run.streamIdleTimeoutMs');
    const sizer = new RequestSizer(
      options.maxRequestBytes === undefined
        ? agent.maxRequestBytes
        : maxRequestBytes(options.maxRequestBytes, 'run.maxRequestBytes'),
    );
    const tools = [
      ...[...agent.tools.values()].map((tool) => tool.definition),
      ...[...agent.hostedTools.values()].map((tool) => tool.definition),
      ...agent.builtinTools.map((tool) => tool.definition),
    ];
    const sources: ApprovalSources = {
      hosted: agent.hostedTools,
      agentPolicy: agent.approval,
      runApprover: options.approver,
      decisions: resume?.decisions,
    };
    const batchFor = (turnNumber: number) => ({
      tools: agent.tools,
      concurrency: agent.toolConcurrency,
      signal,
      runId,
      turn: turnNumber,
      deps: options.deps,
      emit,
      steps,
      computer: computerOf(agent),
    });
    /** Settles a turn's actions and queues what they produced for the next request. */
    const settle = async (calls: ModelCall[], requests: ApprovalRequest[], turnNumber: number) => {
      const settled = await settleActions(calls, requests, sources, batchFor(turnNumber));
      conversation.push(settled.items, { keepScreenshots: settled.keepScreenshots });
      items.push(...settled.items);
      await conversation.save();
      if (signal.aborted) throw new RunAbortedError(signal.reason);
      return settled;
    };
    const fixed = requestSettings(agent, conversation.strategy);
    emit({ type: 'run_started', runId, turn });

    if (resume) {
      sources.calls = await beginResume(resume.state, client, requestOptions);
      const settled = await settle([], [...resume.state.approvals], 0);
      if (settled.pending.length) return finish(partial('interrupted', settled.pending));
    }
    items.push(...(await answerInterruptedComputerCalls(conversation, batchFor(turn))));
    items.push(...conversation.settleUnanswered(INTERRUPTED_OUTPUT));
    conversation.push(inputItems);
    items.push(...inputItems);
    if (conversation.pending.length === 0) {
      throw new InputError('The run has no input: give a non-empty message or input items.');
    }
    await conversation.save();

    for (;;) {
      if (signal.aborted) throw new RunAbortedError(signal.reason);
      checkListeners();
      turn++;
      const base = { runId, turn };
      const request = conversation.nextRequest();
      const pendingSent = conversation.pending.length;
      const body = {
        ...fixed,
        model,
        ...(agent.instructions !== undefined ? { instructions: agent.instructions } : {}),
        ...(tools.length ? { tools } : {}),
        ...request,
        ...(agent.background ? { background: true } : {}),
        stream: true as const,
      };
      emit({ type: 'turn_started', request: visibleRequest(body, agent.hostedTools), ...base });
      // The turn is one step (see StepRunner): its result is the final Response; a failure is
      // thrown, with what the service completed of the turn when it happened in this process.
      let failure: Extract<Awaited<ReturnType<typeof streamTurn>>, { ok: false }> | undefined;
      const turnResult = await steps
        .modelTurn(base, async () => {
          const turned = await streamTurn({
            client,
            body,
            emit,
            base,
            sizer,
            idleTimeoutMs,
            stored: conversation.strategy === 'server',
            background: agent.background,
            signal,
            requestOptions,
          });
          if (turned.ok) return turned.response;
          failure = turned;
          throw turned.error;
        })
        .then(
          (response) => ({ ok: true as const, response }),
          (error: unknown) => {
            if (failure) return failure;
            throw error;
          },
        );
      const outcome = turnResult;
      if (!outcome.ok) {
        // A refusal that points at an input item names it, and how to repair the conversation.
        const error = explainRejectedItem(outcome.error, request.input, [
          ...conversation.history,
          ...conversation.pending,
        ]);
        // Keep what the service completed of the failed turn, so the retry does not repeat it.
        if (outcome.kept.length > 0) {
          conversation.push(outcome.kept);
          items.push(...outcome.kept);
          await conversation.save();
        }
        emit({
          type: 'turn_failed',
          error,
          responseId: outcome.responseId,
          keptItemIds: outcome.kept.map((item) => (item as { id: string }).id),
          ...base,
        });
        throw error;
      }
      const response = outcome.response;
      const historyBefore = conversation.history.length;
      conversation.commit(response, pendingSent);
      await conversation.save();
      const compaction = response.output.findLast((item) => item.type === 'compaction');
      if (compaction) {
        const kept = conversation.history.length;
        const dropped =
          conversation.strategy === 'stateless'
            ? historyBefore + pendingSent + replayableOutput(response.output).length - kept
            : 0;
        emit({
          type: 'compaction',
          source: 'server',
          itemId: compaction.id,
          droppedItems: dropped,
          keptItems: kept,
          ...base,
        });
      }
      responses.push(response);
      items.push(...response.output);
      const turnUsage = fromResponseUsage(response.usage);
      usage = addUsage(usage, turnUsage);
      emit({ type: 'usage', usage: turnUsage, total: usage, ...base });
      emit({ type: 'turn_finished', responseId: response.id, response, ...base });

      if (response.status === 'incomplete') return finish(partial('incomplete'));
      const calls = response.output.filter(
        (item): item is ModelCall => item.type === 'function_call' || item.type === 'computer_call',
      );
      const requests = mcpApprovalRequests(response.output);
      if (calls.length === 0 && requests.length === 0) return finish(partial('completed'));
      const settled = await settle(calls, requests, turn);
      if (settled.pending.length) return finish(partial('interrupted', settled.pending));
      if (turn >= maxTurns) throw new MaxTurnsExceededError(maxTurns, partial());
    }
  } catch (caught) {
    const error =
      signal.aborted && !(caught instanceof RunAbortedError)
        ? new RunAbortedError(signal.reason)
        : toApiError(caught, target);
    if (error instanceof RunError && error.partial === undefined) error.partial = partial();
    release?.();
    emit({ type: 'run_failed', error, runId, turn });
    // The run's own error wins; a listener that threw as well (even in run_failed) is kept on it.
    const failure = guarded.failure();
    if (failure && error instanceof RunError && !(error instanceof ListenerError)) {
      error.listenerError = new ListenerError(failure.eventType, failure.error);
    }
    throw error;
  } finally {
    release?.();
  }

  /** Reports the result; when a listener threw during the run, the result is that error's partial. */
  function finish(result: RunResult): RunResult {
    release?.();
    emit({ type: 'run_finished', result, runId, turn });
    const failure = guarded.failure();
    if (failure) throw new ListenerError(failure.eventType, failure.error, result);
    return result;
  }
}

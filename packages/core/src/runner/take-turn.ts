import type { Response, ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { replayableOutput } from '../conversation/conversation.js';
import type { EventBase } from '../run/events.js';
import { inProcessStepRunner, type StepRunner } from '../run/step-runner.js';
import { wants } from '../run/wants.js';
import { explainRejectedItem } from '../run-errors/item-rejected-error.js';
import { fromResponseUsage } from '../run-state/usage.js';
import type { ParallelChecks } from './input-checks.js';
import type { LoopContext } from './loop-context.js';
import type { RequestSizer } from './request-size.js';
import { shareEchoes } from './share-echoes.js';
import { streamTurn, type TurnOutcome, type TurnRequest } from './stream-turn.js';
import { requestPrefix, type Targets } from './targets.js';
import { visibleRequest } from './visible-request.js';

/**
 * One turn as a step of `steps` (see StepRunner): the step's result is the final Response; a
 * failure is thrown, with what the service completed of the turn when it happened in this
 * process. (The in-process runner just performs the step: the loop calls `streamTurn` itself.)
 */
function stepTurn(steps: StepRunner, base: EventBase, turn: TurnRequest): Promise<TurnOutcome> {
  let failure: Extract<TurnOutcome, { ok: false }> | undefined;
  return steps
    .modelTurn(base, async () => {
      const turned = await streamTurn(turn);
      if (turned.ok) return turned.response;
      failure = turned;
      throw turned.error;
    })
    .then(
      (response): TurnOutcome => ({ ok: true, response }),
      (error: unknown) => {
        if (failure) return failure;
        throw error;
      },
    );
}

/**
 * One turn of the agent the run is with: sends the request it and the conversation make, reads
 * its stream, and keeps its response (conversation, record, usage), reporting the turn's events.
 * With `beside` (the first turn of a run with parallel input guardrails), a tripwire cancels it.
 * In a function of its own, so that what only the turn needs is not kept while its calls run.
 *
 * @throws the turn's failure, after `turn_failed` and after keeping what the service completed of
 *   it; or a tripwire of `beside`, even one that came after the turn finished (its tools do not run).
 */
export async function takeTurn(
  loop: LoopContext,
  targets: Targets,
  sizer: RequestSizer,
  idleTimeoutMs: number,
  beside: ParallelChecks | undefined,
): Promise<Response> {
  const record = loop.run;
  const { conversation, emit } = record;
  const active = record.active;
  const target = targets.of(active);
  const client = target.client;
  const config = active.config;
  const base = record.base();
  const request = conversation.nextRequest();
  const pendingSent = conversation.pending.length;
  const prefix = requestPrefix(target, active);
  const body = { ...prefix, ...request, stream: true as const };
  if (wants(emit, 'turn_started')) {
    emit({
      type: 'turn_started',
      request: visibleRequest(body as ResponseCreateParamsStreaming, config.hostedTools),
      ...base,
    });
  }
  const turnSignal = beside ? AbortSignal.any([loop.signal, beside.signal]) : loop.signal;
  const turn: TurnRequest = {
    client,
    body: body as TurnRequest['body'],
    emit,
    base,
    sizer,
    idleTimeoutMs,
    stored: conversation.strategy === 'server',
    background: config.background,
    signal: turnSignal,
    requestOptions: beside ? { signal: turnSignal } : loop.requestOptions,
  };
  const steps = loop.steps;
  const outcome = steps === inProcessStepRunner ? await streamTurn(turn) : await stepTurn(steps, base, turn);
  const tripped = beside ? await beside.outcome : undefined;
  if (!outcome.ok) {
    // A refusal that points at an input item names it, and how to repair the conversation.
    const error = explainRejectedItem(outcome.error, request.input, [
      ...conversation.history,
      ...conversation.pending,
    ]);
    // Keep what the service completed of the failed turn, so the retry does not repeat it.
    if (outcome.kept.length > 0) {
      conversation.push(outcome.kept);
      record.keep(outcome.kept);
      if (conversation.session) await conversation.save();
    }
    emit({
      type: 'turn_failed',
      error: tripped ?? error,
      responseId: outcome.responseId,
      keptItemIds: outcome.kept.map((item) => (item as { id: string }).id),
      ...base,
    });
    throw tripped ?? error;
  }
  const response = outcome.response;
  shareEchoes(response, prefix);
  const historyBefore = conversation.history.length;
  conversation.commit(response, pendingSent);
  if (conversation.session) await conversation.save();
  const compaction = response.output.findLast((item) => item.type === 'compaction');
  if (compaction && wants(emit, 'compaction')) {
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
  record.keepResponse(response);
  record.keep(response.output);
  const turnUsage = fromResponseUsage(response.usage);
  record.addUsage(turnUsage);
  if (wants(emit, 'usage')) emit({ type: 'usage', usage: turnUsage, total: record.usage, ...base });
  if (wants(emit, 'turn_finished'))
    emit({ type: 'turn_finished', responseId: response.id, response, ...base });
  // A tripwire that came after the turn finished still stops it: its tools do not run.
  if (tripped) throw tripped;
  return response;
}

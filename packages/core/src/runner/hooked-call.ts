import { runTool, type Tool, TurnkitError } from '@turnkit/tools';
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { GuardrailContext, ToolGuardrailCall } from '../guardrails/guardrail.js';
import { GuardrailFailedError } from '../run-errors/guardrail-errors.js';
import { checkGuardrail } from './check-guardrail.js';
import {
  AGENT_CALL_CHANNEL,
  type AgentCallChannel,
  isAgentTool,
  NESTED_HOST,
  type TurnHooks,
} from './nested-run.js';
import { progressContext, type ToolCallBatch } from './tool-context.js';

/** What a hooked call produced: the call's output, or nothing yet (its agent paused for approval). */
export type HookedOutcome = { output: string | unknown[]; errorCode: string | undefined } | undefined;

/** What the model reads for a call that was not run because the run is stopping. */
const NOT_RUN = 'Error: this call was not run: the run stopped (a guardrail tripped) before it started.';

/**
 * Runs one function call with the turn's hooks: the agent's tool guardrails before it runs and on
 * its output, and, for an agent run as a tool, the channel to its nested run (a run to resume, a
 * pause or a tripwire coming back). A tripwire or a guardrail that fails is kept in
 * `hooks.stop` (the first one) for the loop, which stops once the turn's calls are settled; the
 * call gets an output the model can read (blocked, withheld, or not run), so the conversation
 * stays valid. Never throws.
 *
 * @example
 * ```ts
 * import type { AnyTool } from '@turnkit/tools';
 * import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
 * import { runHookedCall } from './hooked-call.js';
 * import type { TurnHooks } from './nested-run.js';
 * import type { ToolCallBatch } from './tool-context.js';
 * declare const tool: AnyTool;
 * declare const call: ResponseFunctionToolCall;
 * declare const batch: ToolCallBatch;
 * declare const hooks: TurnHooks;
 * const outputs: { type: 'function_call_output'; call_id: string; output: string | unknown[] }[] = [];
 * const outcome = await runHookedCall(tool, call, batch, hooks);
 * if (outcome) outputs.push({ type: 'function_call_output', call_id: call.call_id, output: outcome.output });
 * ```
 */
export async function runHookedCall(
  tool: Tool,
  call: ResponseFunctionToolCall,
  batch: ToolCallBatch,
  hooks: TurnHooks,
): Promise<HookedOutcome> {
  if (hooks.stop) return { output: NOT_RUN, errorCode: 'run_stopped' };
  const view: ToolGuardrailCall = { callId: call.call_id, name: call.name, arguments: call.arguments };
  const base = { runId: batch.runId, turn: batch.turn, agent: batch.agent, depth: batch.depth };
  const guardContext: GuardrailContext = {
    runId: batch.runId,
    agent: batch.agent,
    turn: batch.turn,
    signal: batch.signal,
    deps: batch.deps,
  };
  Object.defineProperty(guardContext, NESTED_HOST, { value: hooks.host });
  const check = async (
    stage: 'before' | 'after',
    output?: string | unknown[],
  ): Promise<string | undefined> => {
    for (const guardrail of hooks.toolGuardrails) {
      if (!(stage === 'before' ? guardrail.before : guardrail.after)) continue;
      try {
        const tripped = await checkGuardrail(
          { kind: 'tool', guardrail: guardrail.name, emit: batch.emit, base, callId: call.call_id, stage },
          () =>
            stage === 'before'
              ? guardrail.before!(view, guardContext)
              : guardrail.after!(view, output as string | unknown[], guardContext),
        );
        if (tripped) {
          hooks.stop ??= tripped;
          return `Error: the guardrail "${guardrail.name}" ${stage === 'before' ? 'blocked this call, so it was not run' : 'withheld the output of this call'}: ${tripped.reason}`;
        }
      } catch (error) {
        hooks.stop ??=
          error instanceof GuardrailFailedError ? error : new TurnkitError('guardrail_failed', String(error));
        return `Error: the guardrail "${guardrail.name}" failed, so this call ${stage === 'before' ? 'was not run' : 'has no output'}.`;
      }
    }
    return undefined;
  };

  const blocked = await check('before');
  if (blocked !== undefined) return { output: blocked, errorCode: 'guardrail_tripped' };
  const ctx = progressContext(call, batch);
  let channel: AgentCallChannel | undefined;
  if (isAgentTool(tool)) {
    channel = { host: hooks.host, resume: hooks.resumes.get(call.call_id) };
    Object.defineProperty(ctx, AGENT_CALL_CHANNEL, { value: channel, enumerable: true });
  }
  const result = await runTool(tool, call.arguments, ctx);
  if (channel?.stop) hooks.stop ??= channel.stop;
  if (channel?.paused) {
    // Replaced, not changed: a turn's hooks start with a shared empty list.
    hooks.paused = hooks.paused.concat([
      { callId: call.call_id, toolName: call.name, agent: batch.agent, state: channel.paused },
    ]);
    return undefined;
  }
  const withheld = await check('after', result.output);
  if (withheld !== undefined) return { output: withheld, errorCode: 'guardrail_tripped' };
  return { output: result.output, errorCode: result.ok ? undefined : result.error.code };
}

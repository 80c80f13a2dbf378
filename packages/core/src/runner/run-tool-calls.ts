import { runTool } from '@turnkit/tools';
import type { ResponseFunctionToolCall, ResponseInputItem } from 'openai/resources/responses/responses';
import type { EventBase } from '../run/events.js';
import { inProcessStepRunner } from '../run/step-runner.js';
import { wants } from '../run/wants.js';
import { runHookedCall } from './hooked-call.js';
import { isAgentTool } from './nested-run.js';
import { progressContext, type ToolCallBatch } from './tool-context.js';

export { type ToolCallBatch, toolContext } from './tool-context.js';

/**
 * Runs one turn's function calls, at most `concurrency` at a time, and returns one
 * `function_call_output` per call, in the order of the calls — except a call of an agent run as
 * a tool that paused for approval (`batch.hooks.paused` holds it; it is answered on resume).
 * Nothing here throws: an unknown tool, bad arguments, a failing or slow tool each become an
 * output that tells the model what went wrong.
 */
export function runToolCalls(batch: ToolCallBatch): Promise<ResponseInputItem.FunctionCallOutput[]> {
  return startToolCalls(batch).then(answered);
}

/**
 * {@link runToolCalls} without the last step: one entry per call, in the order of the calls,
 * `undefined` for a call of an agent run as a tool that paused (give it to {@link answered}).
 */
export function startToolCalls(
  batch: ToolCallBatch,
): Promise<Array<ResponseInputItem.FunctionCallOutput | undefined>> {
  // All at once when they fit: no workers (nor a suspended frame here) to keep alive while they run.
  if (batch.calls.length <= batch.concurrency) {
    return Promise.all(batch.calls.map((call) => runOne(call, batch)));
  }
  return inWorkers(batch);
}

/** The outputs of {@link startToolCalls}, without the calls that paused. */
export function answered(
  outputs: Array<ResponseInputItem.FunctionCallOutput | undefined>,
): ResponseInputItem.FunctionCallOutput[] {
  return outputs.filter((output) => output !== undefined);
}

async function inWorkers(
  batch: ToolCallBatch,
): Promise<Array<ResponseInputItem.FunctionCallOutput | undefined>> {
  const outputs: Array<ResponseInputItem.FunctionCallOutput | undefined> = new Array(batch.calls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batch.calls.length) {
      const index = next++;
      const call = batch.calls[index]!;
      outputs[index] = await runOne(call, batch);
    }
  };
  const workers = Math.max(1, Math.min(batch.concurrency, batch.calls.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outputs;
}

/**
 * One call, as one step of the batch's step runner. A call of an agent run as a tool is not one
 * step: the agent's own run (its turns and calls, a pause for approval) happens in process.
 */
function runOne(
  call: ResponseFunctionToolCall,
  batch: ToolCallBatch,
): Promise<ResponseInputItem.FunctionCallOutput | undefined> {
  const tool = batch.tools.get(call.name);
  if (tool && batch.hooks && isAgentTool(tool)) return performOne(call, batch);
  // The in-process runner just performs the step.
  if (batch.steps === inProcessStepRunner) return performOne(call, batch);
  const step = {
    runId: batch.runId,
    turn: batch.turn,
    callId: call.call_id,
    name: call.name,
    arguments: call.arguments,
  };
  // Outside an agent tool, performOne always answers the call.
  return batch.steps.toolCall(
    step,
    () => performOne(call, batch) as Promise<ResponseInputItem.FunctionCallOutput>,
  );
}

function baseOf(batch: ToolCallBatch): EventBase {
  return { runId: batch.runId, turn: batch.turn, agent: batch.agent, depth: batch.depth };
}

/**
 * Runs one call and answers it. Not an async function: a call that waits keeps no suspended
 * frame of its own alive, only the continuation that reports it.
 */
function performOne(
  call: ResponseFunctionToolCall,
  batch: ToolCallBatch,
): Promise<ResponseInputItem.FunctionCallOutput | undefined> {
  // Always timed: a listener attached while the call runs still gets its duration.
  const started = performance.now();
  if (wants(batch.emit, 'tool_call_started')) {
    batch.emit({
      type: 'tool_call_started',
      callId: call.call_id,
      name: call.name,
      arguments: call.arguments,
      ...baseOf(batch),
    });
  }
  const tool = batch.tools.get(call.name);
  if (!tool) {
    const known = [...batch.tools.keys()];
    const output =
      `Error: there is no tool named "${call.name}". ` +
      (known.length ? `Available tools: ${known.join(', ')}.` : 'No tools are available.');
    return Promise.resolve(answer(call, batch, started, output, 'tool_unknown'));
  }
  if (batch.hooks && (batch.hooks.toolGuardrails.length > 0 || batch.hooks.stop || isAgentTool(tool))) {
    return runHookedCall(tool, call, batch, batch.hooks).then((outcome) =>
      // An agent run as a tool paused: answered when the run resumes.
      outcome ? answer(call, batch, started, outcome.output, outcome.errorCode) : undefined,
    );
  }
  return runTool(tool, call.arguments, progressContext(call, batch)).then((result) =>
    answer(call, batch, started, result.output, result.ok ? undefined : result.error.code),
  );
}

/** Reports a finished call (`tool_call_finished`) and makes its `function_call_output`. */
function answer(
  call: ResponseFunctionToolCall,
  batch: ToolCallBatch,
  started: number,
  output: string | unknown[],
  errorCode: string | undefined,
): ResponseInputItem.FunctionCallOutput {
  if (wants(batch.emit, 'tool_call_finished')) {
    batch.emit({
      type: 'tool_call_finished',
      callId: call.call_id,
      name: call.name,
      ok: errorCode === undefined,
      output,
      ...(errorCode ? { errorCode } : {}),
      durationMs: performance.now() - started,
      ...baseOf(batch),
    });
  }
  return {
    type: 'function_call_output',
    call_id: call.call_id,
    output: output as ResponseInputItem.FunctionCallOutput['output'],
  };
}

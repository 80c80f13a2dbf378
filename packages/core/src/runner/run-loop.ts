import { randomUUID } from 'node:crypto';
import type {
  Response,
  ResponseFunctionToolCall,
  ResponseInput,
  ResponseInputItem,
  ResponseOutputItem,
} from 'openai/resources/responses/responses';
import type { AgentConfig, ClientSource } from '../agent.js';
import { Conversation } from '../conversation.js';
import { InputError, MaxTurnsExceededError, RunAbortedError, RunError, toApiError } from '../errors.js';
import type { RunEvent } from '../events.js';
import type { RunResult } from '../run-result.js';
import { addUsage, emptyUsage, fromResponseUsage, type Usage } from '../usage.js';
import { messageText, readResponseStream } from './read-stream.js';
import { resolveClient } from './resolve-client.js';
import { runToolCalls } from './run-tool-calls.js';

/** What a run is given besides the agent: see `RunOptions` in the public API. */
export interface LoopOptions {
  conversation?: Conversation;
  signal?: AbortSignal;
  deps?: unknown;
  maxTurns?: number;
  client?: ClientSource;
}

/** What the model sees for a call that a stopped run never answered. */
const INTERRUPTED_OUTPUT = 'Error: this tool call was interrupted before it finished and has no result.';

/** Turns the user's input into input items. @throws {InputError} */
export function toInputItems(input: string | ResponseInput): ResponseInputItem[] {
  if (typeof input === 'string') {
    return input.length === 0 ? [] : [{ type: 'message', role: 'user', content: input }];
  }
  if (!Array.isArray(input)) {
    throw new InputError('Run input must be a string or an array of Responses API input items.');
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
  return [...input];
}

/**
 * The agent loop. Streams each turn, runs the function calls it asks for, sends their outputs
 * back, and repeats until the model answers with nothing pending. Reports everything through
 * `emit`. Every error that stops the run carries the partial result.
 */
export async function runLoop(
  agent: AgentConfig<any>,
  input: string | ResponseInput,
  options: LoopOptions,
  emit: (event: RunEvent) => void,
): Promise<RunResult> {
  const runId = `run_${randomUUID()}`;
  const conversation = options.conversation ?? new Conversation();
  const maxTurns = options.maxTurns ?? agent.maxTurns;
  const signal = options.signal ?? new AbortController().signal;
  const responses: Response[] = [];
  const items: Array<ResponseInputItem | ResponseOutputItem> = [];
  let usage: Usage = emptyUsage();
  let turn = 0;
  const partial = (status: RunResult['status'] = 'stopped'): RunResult => {
    const last = responses.at(-1);
    return {
      runId,
      status,
      ...(status === 'incomplete' && last?.incomplete_details?.reason
        ? { incompleteReason: last.incomplete_details.reason }
        : {}),
      output: last ? last.output.map(messageText).join('') : '',
      lastResponse: last,
      responses,
      items,
      usage,
      turns: turn,
      conversation,
    };
  };

  try {
    if (!(conversation instanceof Conversation)) {
      throw new InputError('`conversation` must be a Conversation from createConversation().');
    }
    if (options.maxTurns !== undefined && (!Number.isInteger(options.maxTurns) || options.maxTurns < 1)) {
      throw new InputError(
        `\`maxTurns\` must be a whole number of at least 1, got ${JSON.stringify(options.maxTurns)}.`,
      );
    }
    const inputItems = toInputItems(input);
    const { client, model } = resolveClient(options.client, agent.client, agent.model);
    const tools = [...agent.tools.values()].map((tool) => tool.definition);
    emit({ type: 'run_started', runId, turn });

    items.push(...conversation.settleUnanswered(INTERRUPTED_OUTPUT));
    conversation.push(inputItems);
    items.push(...inputItems);
    if (conversation.pending.length === 0) {
      throw new InputError('The run has no input: give a non-empty message or input items.');
    }

    for (;;) {
      if (signal.aborted) throw new RunAbortedError(signal.reason);
      turn++;
      const base = { runId, turn };
      emit({ type: 'turn_started', ...base });
      const request = conversation.nextRequest();
      const stream = await client.responses.create(
        {
          ...agent.settings,
          model,
          ...(agent.instructions !== undefined ? { instructions: agent.instructions } : {}),
          ...(tools.length ? { tools } : {}),
          ...request,
          stream: true,
        },
        { signal },
      );
      const response = await readResponseStream(stream, emit, base);
      conversation.commit(response, request.input.length);
      responses.push(response);
      items.push(...response.output);
      const turnUsage = fromResponseUsage(response.usage);
      usage = addUsage(usage, turnUsage);
      emit({ type: 'usage', usage: turnUsage, total: usage, ...base });
      emit({ type: 'turn_finished', responseId: response.id, ...base });

      if (response.status === 'incomplete') return finish(partial('incomplete'));
      const calls = response.output.filter(
        (item): item is ResponseFunctionToolCall => item.type === 'function_call',
      );
      if (calls.length === 0) return finish(partial('completed'));

      const outputs = await runToolCalls({
        calls,
        tools: agent.tools,
        concurrency: agent.toolConcurrency,
        signal,
        runId,
        turn,
        deps: options.deps,
        emit,
      });
      conversation.push(outputs);
      items.push(...outputs);
      if (signal.aborted) throw new RunAbortedError(signal.reason);
      if (turn >= maxTurns) throw new MaxTurnsExceededError(maxTurns, partial());
    }
  } catch (caught) {
    const error =
      signal.aborted && !(caught instanceof RunAbortedError)
        ? new RunAbortedError(signal.reason)
        : toApiError(caught);
    if (error instanceof RunError && error.partial === undefined) error.partial = partial();
    emit({ type: 'run_failed', error, runId, turn });
    throw error;
  }

  function finish(result: RunResult): RunResult {
    emit({ type: 'run_finished', result, runId, turn });
    return result;
  }
}

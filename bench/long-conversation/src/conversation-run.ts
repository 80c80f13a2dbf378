// One stateless conversation of N turns against the in-process emulator, measuring every request.
import { createConversation } from '@turnkit/core';
import type { Emulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { measuringFetch, type RequestSample } from './measure.ts';
import {
  createBenchAgent,
  factFor,
  isToolTurn,
  RECALL_QUESTION,
  toolCounter,
  toolTurnFor,
} from './workload.ts';

/** What one turn sent. The byte figures are those of the turn's last request. */
export interface TurnSample {
  turn: number;
  /** POST /responses of this turn: 1, or 2 for a tool round trip. */
  requests: number;
  /** Bytes of all this turn's request bodies. */
  sentBytes: number;
  /** Bytes of the turn's last request body (the one that carries the most). */
  bytes: number;
  /** Of `bytes`: the compaction item (its JSON). */
  compactionBytes: number;
  /** Of `bytes`: the reasoning items' `encrypted_content`. */
  reasoningBlobBytes: number;
  /** Of `bytes`: everything else (messages, tool calls and outputs, item envelopes, instructions, tools, settings). */
  otherBytes: number;
  /** Input items of the last request. */
  items: number;
  /** Of `items`: reasoning items. */
  reasoningItems: number;
  /** `usage.input_tokens` the emulator reported for the last request. */
  inputTokens: number;
  /** This turn's answer ended with a compaction item. */
  compacted: boolean;
}

/** What one run did, for the work check. */
export interface RunWork {
  turns: number;
  requests: number;
  toolExecutions: number;
  /** Tool turns whose script turn was not used (the model answered without calling the tool). */
  unusedToolTurns: number;
  compactions: number;
  /** Compaction events whose item was then sent back in the next request. */
  compactionsSentBack: number;
  seconds: number;
}

export interface RunResult {
  label: string;
  threshold: number | null;
  samples: TurnSample[];
  work: RunWork;
  /** The answer to "What do you remember?" after the last turn, when asked. */
  recall?: string;
}

/** A turn of the conversation failed; the message names the run and the turn. */
export class TurnFailedError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'TurnFailedError';
  }
}

/** A failed turn, named, with the likely cause when the request sent a tool output without its call. */
function turnFailed(
  label: string,
  turn: number,
  error: unknown,
  last: RequestSample | undefined,
): TurnFailedError {
  const message = error instanceof Error ? error.message : String(error);
  const cause =
    last && last.orphanOutputs > 0 && last.compactionBytes > 0
      ? '\n  The response that called the tool also ended with a compaction item, and the stateless ' +
        'conversation dropped everything before that item, the function_call included; its output then ' +
        'went out without it. That was fixed in packages/core (Conversation.apply keeps the waiting calls): ' +
        'seeing it again is a regression (docs/performance.md, "A compaction on a tool-call turn").'
      : '';
  return new TurnFailedError(`${label}: turn ${turn} failed: ${message}${cause}`, { cause: error });
}

/**
 * Runs one conversation of `turns` user turns with its own openai client (whose fetch measures
 * every POST /responses body). The emulator is reset after each turn: it keeps every request body
 * it receives, which over 300 turns without compaction would be 705 MB.
 */
export async function runConversation(options: {
  emu: Emulator;
  label: string;
  turns: number;
  threshold?: number;
  reasoning?: 'low' | 'off';
  askRecall: boolean;
  onProgress: (sample: TurnSample, run: { compactions: number; seconds: number }) => void;
}): Promise<RunResult> {
  const { emu, turns, threshold } = options;
  const requests: RequestSample[] = [];
  const client = new OpenAI({ baseURL: emu.url, apiKey: 'x', fetch: measuringFetch(requests) });
  const agent = createBenchAgent(client, threshold, options.reasoning);
  const conversation = createConversation({ strategy: 'stateless' });
  const samples: TurnSample[] = [];
  const toolsBefore = toolCounter.executions;
  let compactions = 0;
  let compactionsSentBack = 0;
  let pendingCompaction = false;
  let unusedToolTurns = 0;
  emu.reset();
  const started = performance.now();

  for (let turn = 1; turn <= turns; turn++) {
    if (isToolTurn(turn)) emu.enqueue(toolTurnFor(turn));
    const first = requests.length;
    const stream = agent.stream(factFor(turn), { conversation });
    let compacted = false;
    stream.on('compaction', () => {
      compacted = true;
    });
    try {
      await stream.result;
    } catch (error) {
      throw turnFailed(options.label, turn, error, requests.at(-1));
    }
    const mine = requests.slice(first);
    const last = mine.at(-1);
    if (!last) throw new Error(`turn ${turn} sent no POST /responses`);
    if (pendingCompaction && mine[0]!.compactionBytes > 0) compactionsSentBack++;
    pendingCompaction = compacted;
    if (compacted) compactions++;
    unusedToolTurns += emu.pendingTurns;
    const inputTokens = emu.responses.at(-1)?.usage?.input_tokens ?? 0;
    emu.reset();
    const sample: TurnSample = {
      turn,
      requests: mine.length,
      sentBytes: mine.reduce((sum, r) => sum + r.bytes, 0),
      bytes: last.bytes,
      compactionBytes: last.compactionBytes,
      reasoningBlobBytes: last.reasoningBlobBytes,
      otherBytes: last.bytes - last.compactionBytes - last.reasoningBlobBytes,
      items: last.items,
      reasoningItems: last.reasoningItems,
      inputTokens,
      compacted,
    };
    samples.push(sample);
    options.onProgress(sample, { compactions, seconds: (performance.now() - started) / 1000 });
  }
  const seconds = (performance.now() - started) / 1000;
  const turnRequests = requests.length;

  let recall: string | undefined;
  if (options.askRecall) {
    recall = (await agent.run(RECALL_QUESTION, { conversation })).output;
    emu.reset();
  }
  return {
    label: options.label,
    threshold: threshold ?? null,
    samples,
    recall,
    work: {
      turns,
      requests: turnRequests,
      toolExecutions: toolCounter.executions - toolsBefore,
      unusedToolTurns,
      compactions,
      compactionsSentBack,
      seconds,
    },
  };
}

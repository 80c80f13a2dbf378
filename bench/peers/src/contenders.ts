// Every contender of the benchmark, built the same way: its own HTTP client over one counting
// fetch, pointed at the one emulator process.
import OpenAI from 'openai';
import {
  agentsRun,
  agentsStatelessConversation,
  agentsStream,
  createAgentsSetup,
} from './agents-contender.ts';
import {
  aiSdkGenerate,
  aiSdkStatelessConversation,
  aiSdkStream,
  createAiSdkModel,
} from './ai-sdk-contender.ts';
import { countingFetch, emptyFetchTally, type FetchTally } from './counting-fetch.ts';
import { rawRun, rawStatelessConversation } from './raw-loop.ts';
import {
  createTurnkitAgent,
  turnkitRun,
  turnkitStatelessConversation,
  turnkitStream,
} from './turnkit-contender.ts';
import type { RunOutcome } from './workload.ts';

export const CONTENDERS = [
  'raw-stream',
  'raw-sse',
  'raw-json',
  'turnkit-run',
  'turnkit-stream',
  'agents-stream',
  'agents-run',
  'ai-sdk-stream',
  'ai-sdk-generate',
] as const;
export type ContenderName = (typeof CONTENDERS)[number];

/** The baseline every ratio divides by. */
export const BASELINE: ContenderName = 'raw-stream';

export interface ContenderInfo {
  /** What the table calls it. */
  label: string;
  /** Whether its requests are streamed (`stream: true`) on the wire. */
  streamedWire: boolean;
}

export const INFO: Record<ContenderName, ContenderInfo> = {
  'raw-stream': { label: 'raw openai, streamed', streamedWire: true },
  'raw-sse': { label: 'raw openai, eventsource-parser', streamedWire: true },
  'raw-json': { label: 'raw openai, not streamed', streamedWire: false },
  'turnkit-run': { label: 'turnkit agent.run()', streamedWire: true },
  'turnkit-stream': { label: 'turnkit agent.stream() iterated', streamedWire: true },
  'agents-stream': { label: 'Agents SDK, streamed', streamedWire: true },
  'agents-run': { label: 'Agents SDK, not streamed', streamedWire: false },
  'ai-sdk-stream': { label: 'AI SDK streamText', streamedWire: true },
  'ai-sdk-generate': { label: 'AI SDK generateText', streamedWire: false },
};

/** The raw loop of the same wire mode: the second ratio of each contender. */
export const sameModeBaseline = (name: ContenderName): ContenderName =>
  INFO[name].streamedWire ? 'raw-stream' : 'raw-json';

/** A contender ready to run: `run(prompt)` does one whole run; `tally` counts its requests. */
export interface Contender {
  name: ContenderName;
  run(prompt: string): Promise<RunOutcome>;
  tally: FetchTally;
}

const openaiClient = (url: string, fetchFn: typeof fetch): OpenAI =>
  new OpenAI({ baseURL: url, apiKey: 'bench', fetch: fetchFn });

/** Builds contender `name` against the emulator at `url`. */
export function createContender(name: ContenderName, url: string): Contender {
  const tally = emptyFetchTally();
  const fetchFn = countingFetch(tally);
  const make = (run: (prompt: string) => Promise<RunOutcome>): Contender => ({ name, run, tally });
  switch (name) {
    case 'raw-stream':
    case 'raw-sse':
    case 'raw-json': {
      const client = openaiClient(url, fetchFn);
      const mode = name === 'raw-stream' ? 'stream' : name === 'raw-sse' ? 'sse' : 'json';
      return make((prompt) => rawRun(client, prompt, mode));
    }
    case 'turnkit-run':
    case 'turnkit-stream': {
      const agent = createTurnkitAgent(openaiClient(url, fetchFn));
      return make(
        name === 'turnkit-run'
          ? (prompt) => turnkitRun(agent, prompt)
          : (prompt) => turnkitStream(agent, prompt),
      );
    }
    case 'agents-stream':
    case 'agents-run': {
      const setup = createAgentsSetup(openaiClient(url, fetchFn));
      return make(
        name === 'agents-run'
          ? (prompt) => agentsRun(setup, prompt)
          : (prompt) => agentsStream(setup, prompt),
      );
    }
    case 'ai-sdk-stream':
    case 'ai-sdk-generate': {
      const model = createAiSdkModel(url, fetchFn);
      return make(
        name === 'ai-sdk-generate'
          ? (prompt) => aiSdkGenerate(model, prompt)
          : (prompt) => aiSdkStream(model, prompt),
      );
    }
  }
}

/** The contenders of the long stateless conversation (the raw loop first: the baseline). */
export const CONVERSATION_CONTENDERS = ['raw', 'turnkit', 'agents', 'ai-sdk'] as const;
export type ConversationContender = (typeof CONVERSATION_CONTENDERS)[number];

export const CONVERSATION_LABELS: Record<ConversationContender, string> = {
  raw: 'raw openai (items as returned)',
  turnkit: "turnkit, strategy 'stateless'",
  agents: 'Agents SDK, store: false, result.history',
  'ai-sdk': 'AI SDK, store: false, response.messages',
};

/** A stateless conversation of contender `name`: `turn(prompt)` answers one user turn. */
export function createConversationContender(
  name: ConversationContender,
  url: string,
  fetchFn: typeof fetch,
): (prompt: string) => Promise<string> {
  switch (name) {
    case 'raw':
      return rawStatelessConversation(openaiClient(url, fetchFn));
    case 'turnkit':
      return turnkitStatelessConversation(openaiClient(url, fetchFn));
    case 'agents':
      return agentsStatelessConversation(openaiClient(url, fetchFn));
    case 'ai-sdk':
      return aiSdkStatelessConversation(createAiSdkModel(url, fetchFn));
  }
}

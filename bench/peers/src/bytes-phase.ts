// Bytes per request in a long stateless conversation: every contender holds the conversation
// itself (store: false, no previous_response_id) and sends it whole each time. Each turn is one
// user note, one `add` call and a text answer: two requests, the second the larger.
import { Buffer } from 'node:buffer';
import {
  CONVERSATION_CONTENDERS,
  type ConversationContender,
  createConversationContender,
} from './contenders.ts';
import { countingFetch, emptyFetchTally } from './counting-fetch.ts';
import { notePrompt, noteText, toolCounter } from './workload.ts';

/** Bytes of one request body, split by what they carry. */
export interface BodyBreakdown {
  bytes: number;
  /** Input items, by kind (`message:user`, `message:assistant`, `function_call`, …): count and bytes. */
  items: Record<string, { count: number; bytes: number }>;
  /** Everything but the input items and their separators: model, instructions, tools, settings. */
  envelopeBytes: number;
}

/** What one contender's conversation sent and did. */
export interface ConversationResult {
  name: ConversationContender;
  turns: number;
  requests: number;
  toolCalls: number;
  /** Bytes of each turn's last request body (index 0 is turn 1). */
  lastRequestBytes: number[];
  /** The last request of the turns reported in the table, split up. */
  breakdown: Record<number, BodyBreakdown>;
  /** Requests that were not stateless (store not false, or a previous_response_id). */
  statefulRequests: number;
  wrongAnswers: number;
  firstWrongAnswer?: string;
}

/** The turns the table reports: the first, the middle one and the last. */
export const reportedTurns = (turns: number): number[] => [...new Set([1, Math.ceil(turns / 2), turns])];

const utf8 = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

function itemKind(item: { type?: unknown; role?: unknown }): string {
  const type = typeof item.type === 'string' ? item.type : 'message';
  return type === 'message' ? `message:${String(item.role)}` : type;
}

export function breakdown(body: string): BodyBreakdown {
  const parsed = JSON.parse(body) as { input?: unknown };
  const items: BodyBreakdown['items'] = {};
  let itemBytes = 0;
  const input = Array.isArray(parsed.input) ? (parsed.input as { type?: unknown; role?: unknown }[]) : [];
  for (const item of input) {
    const kind = itemKind(item);
    const bytes = utf8(item);
    itemBytes += bytes;
    const entry = items[kind] ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    items[kind] = entry;
  }
  const bytes = Buffer.byteLength(body);
  // The commas between the items belong to the list, not to the envelope.
  return { bytes, items, envelopeBytes: bytes - itemBytes - Math.max(0, input.length - 1) };
}

/** One contender's conversation of `turns` turns. */
export async function conversation(
  name: ConversationContender,
  url: string,
  turns: number,
): Promise<ConversationResult> {
  const tally = { ...emptyFetchTally(), bodies: [] as string[] };
  const turn = createConversationContender(name, url, countingFetch(tally));
  const toolsBefore = toolCounter.executions;
  const wanted = new Set(reportedTurns(turns));
  const result: ConversationResult = {
    name,
    turns,
    requests: 0,
    toolCalls: 0,
    lastRequestBytes: [],
    breakdown: {},
    statefulRequests: 0,
    wrongAnswers: 0,
  };
  for (let n = 1; n <= turns; n++) {
    tally.bodies.length = 0;
    const answer = await turn(notePrompt(n));
    if (answer !== noteText(n)) {
      result.wrongAnswers++;
      result.firstWrongAnswer ??= `turn ${n}: ${answer}`;
    }
    for (const body of tally.bodies) {
      const parsed = JSON.parse(body) as { store?: unknown; previous_response_id?: unknown };
      if (parsed.store !== false || parsed.previous_response_id !== undefined) result.statefulRequests++;
    }
    const last = tally.bodies.at(-1);
    if (last === undefined) throw new Error(`${name}: turn ${n} sent no request.`);
    result.lastRequestBytes.push(Buffer.byteLength(last));
    if (wanted.has(n)) result.breakdown[n] = breakdown(last);
  }
  result.requests = tally.requests;
  result.toolCalls = toolCounter.executions - toolsBefore;
  return result;
}

/** Every contender's conversation, one after the other (the bytes do not depend on timing). */
export async function bytesPhase(url: string, turns: number): Promise<ConversationResult[]> {
  const results: ConversationResult[] = [];
  for (const name of CONVERSATION_CONTENDERS) results.push(await conversation(name, url, turns));
  return results;
}

// The emulator's model for this benchmark: a `ModelBehavior` (the emulator's public extension
// point) that decides each turn from the request's context alone. The context is the previous
// response chain's items followed by the request's input, so a contender that chains with
// previous_response_id and one that resends the whole history statelessly (with or without
// item_reference) get exactly the same turns. A script queue could not do this: its turns are
// consumed in order, whichever contender asks.
//
// It answers from what the request carries: the final texts count and add up the tool outputs it
// was sent, and the long conversation's answers count the notes in the context, so a contender
// that lost a tool output or a turn of history ends with another text and fails the work check.
import {
  type ModelBehavior,
  type ModelRequest,
  reply,
  type ScriptTurn,
  type WireItem,
} from '@turnkit/emulator';
import {
  ADD_NAME,
  CALLS_PER_TURN,
  HOLD_PROMPT,
  holdAnswer,
  noteAnswer,
  noteCall,
  TOOL_TURNS,
  WORK_PROMPT,
  workAnswer,
  workCall,
} from './workload.ts';

const NOTE = /^Note (\d+): /;

function messageText(item: WireItem): string {
  const content = item.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as { text?: unknown }[]) if (typeof part.text === 'string') text += part.text;
  return text;
}

const isUserMessage = (item: WireItem): boolean =>
  (item.type === 'message' || item.type === undefined) && item.role === 'user';

/** The sum a tool output reports (`{"sum": N}`), or NaN when it is anything else. */
function outputSum(item: WireItem): number {
  try {
    const value: unknown = JSON.parse(typeof item.output === 'string' ? item.output : messageText(item));
    const sum = (value as { sum?: unknown } | null)?.sum;
    return typeof sum === 'number' ? sum : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * What the context holds: its last user message and the sums of the tool outputs after it, and how
 * many user messages and tool outputs it has in all.
 */
function lastExchange(context: readonly WireItem[]): {
  prompt: string;
  sums: number[];
  users: number;
  outputs: number;
} {
  let last = -1;
  let users = 0;
  let outputs = 0;
  for (let i = 0; i < context.length; i++) {
    const item = context[i]!;
    if (isUserMessage(item)) {
      last = i;
      users++;
    } else if (item.type === 'function_call_output') {
      outputs++;
    }
  }
  const sums: number[] = [];
  for (let i = last + 1; i < context.length; i++) {
    const item = context[i]!;
    if (item.type === 'function_call_output') sums.push(outputSum(item));
  }
  return { prompt: last < 0 ? '' : messageText(context[last]!), sums, users, outputs };
}

const total = (sums: readonly number[]): number => sums.reduce((s, v) => s + v, 0);

function workTurn(sums: readonly number[]): ScriptTurn {
  const done = sums.length;
  if (done >= TOOL_TURNS * CALLS_PER_TURN || done % CALLS_PER_TURN !== 0) {
    return reply.text(workAnswer(done, total(sums)));
  }
  const step = done / CALLS_PER_TURN + 1;
  return reply.toolCalls(
    Array.from({ length: CALLS_PER_TURN }, (_, i) => ({
      name: ADD_NAME,
      arguments: { ...workCall(step, i) },
    })),
  );
}

/**
 * The benchmark's model. Requests it does not know (another prompt, no `add` tool) fall through to
 * the emulator's default model, whose answer then fails the work check.
 */
export const peersModel: ModelBehavior = (request: ModelRequest) => {
  if (!request.tools.some((tool) => tool.name === ADD_NAME)) return undefined;
  const { prompt, sums, users, outputs } = lastExchange(request.context);
  if (prompt === WORK_PROMPT) return workTurn(sums);
  if (prompt === HOLD_PROMPT) {
    return sums.length === 0
      ? reply.toolCall(ADD_NAME, { a: 20, b: 22 })
      : reply.text(holdAnswer(total(sums)));
  }
  const note = NOTE.exec(prompt);
  if (note) {
    const n = Number(note[1]);
    return sums.length === 0
      ? reply.toolCall(ADD_NAME, { ...noteCall(n) })
      : reply.text(noteAnswer(n, total(sums), users, outputs));
  }
  return undefined;
};

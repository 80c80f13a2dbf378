import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { ConversationItem } from '../conversation/conversation-record.js';
import { wants } from '../run/wants.js';
import { RunFailedError } from '../run-errors/run-errors.js';
import { activateAgent } from './active-agent.js';
import type { ResolvedHandoff } from './agent-graph.js';
import type { LoopContext } from './loop-context.js';

type Item = ConversationItem & {
  type?: string;
  id?: unknown;
  call_id?: unknown;
  role?: unknown;
  approval_request_id?: unknown;
};

/**
 * Hands the conversation to the agent of the first handoff call of a turn: answers every handoff
 * call (the first with the handoff, others saying the conversation was handed already), makes
 * the target the run's agent, and applies the handoff's input filter (not in a turn that leaves
 * calls waiting for approval, whose calls must stay in the conversation to be resumed). Emits
 * `handoff`. The items go to the conversation; the caller saves it.
 *
 * @throws {InputError} when the target cannot run this conversation (another strategy, or background on a stateless one).
 * @throws {RunFailedError} when the input filter throws or returns something that is not an array.
 */
export function applyHandoff(
  loop: LoopContext,
  calls: readonly ResponseFunctionToolCall[],
  waiting: boolean,
): void {
  const { run } = loop;
  const from = run.active;
  const first = calls[0]!;
  const handoff = from.handoffs.get(first.name)!;
  const to = handoff.target.name;
  const next = activateAgent(handoff.target, run.conversation.strategy);
  const outputs: ConversationItem[] = calls.map((call, index) => ({
    type: 'function_call_output',
    call_id: call.call_id,
    output:
      index === 0
        ? `Handed off to ${to}.`
        : `Not handed off: this turn handed the conversation to ${to} already.`,
  }));
  run.conversation.push(outputs);
  run.keep(outputs);
  const dropped = handoff.inputFilter && !waiting ? filterFor(loop, handoff, from.config.name) : 0;
  if (wants(run.emit, 'handoff')) {
    run.emit({
      type: 'handoff',
      from: from.config.name,
      to,
      toolName: first.name,
      callId: first.call_id,
      dropped,
      ...run.base(),
    });
  }
  run.active = next;
}

/** Replaces what the next agent is sent by what the handoff's filter keeps, made valid. Returns how many items went. */
function filterFor(loop: LoopContext, handoff: ResolvedHandoff, from: string): number {
  const { run } = loop;
  const conversation = run.conversation;
  const items: ConversationItem[] =
    conversation.strategy === 'stateless'
      ? [...conversation.history, ...conversation.pending]
      : (run.items as ConversationItem[]);
  let filtered: unknown;
  try {
    filtered = handoff.inputFilter!({
      items: structuredClone(items),
      from,
      to: handoff.target.name,
      strategy: conversation.strategy,
    });
  } catch (error) {
    throw new RunFailedError(error);
  }
  if (!Array.isArray(filtered)) {
    throw new RunFailedError(
      new TypeError(
        `The input filter of the handoff to "${handoff.target.name}" returned ${typeof filtered}; return an array of items.`,
      ),
    );
  }
  const valid = validHandoffItems(items, filtered as ConversationItem[]);
  conversation.replace(valid);
  return items.length - valid.length;
}

function sameItem(a: Item | undefined, b: Item | undefined): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  if (a.type !== b.type) return false;
  if (typeof a.id === 'string' && a.id === b.id) return true;
  if (typeof a.call_id === 'string' && a.call_id === b.call_id) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The items a handoff input filter returned, made valid for the service: a function call output
 * without its call goes, and a call without its output; an MCP approval response without its
 * request; a reasoning item that is no longer followed by the item that followed it (or, for one
 * the filter made up, by an item of the model).
 *
 * @example
 * ```ts
 * import type { ConversationItem } from '@turnkit/core';
 * import { validHandoffItems } from './handoff-step.js';
 * declare const items: ConversationItem[];
 * validHandoffItems(items, items.filter((i) => i.type !== 'function_call')); // the outputs go too
 * ```
 */
export function validHandoffItems(
  original: readonly ConversationItem[],
  filtered: readonly ConversationItem[],
): ConversationItem[] {
  const follower = new Map<Item, Item | undefined>();
  (original as Item[]).forEach((item, index) => {
    if (item.type === 'reasoning') follower.set(item, original[index + 1] as Item | undefined);
  });
  let items = (filtered as Item[]).filter((item) => item !== null && typeof item === 'object');
  const calls = new Set<unknown>(items.filter((i) => i.type === 'function_call').map((i) => i.call_id));
  const outputs = new Set<unknown>(
    items.filter((i) => i.type === 'function_call_output').map((i) => i.call_id),
  );
  const requests = new Set<unknown>(items.filter((i) => i.type === 'mcp_approval_request').map((i) => i.id));
  items = items.filter(
    (item) =>
      !(item.type === 'function_call_output' && !calls.has(item.call_id)) &&
      !(item.type === 'function_call' && !outputs.has(item.call_id)) &&
      !(item.type === 'mcp_approval_response' && !requests.has(item.approval_request_id)),
  );
  const fromModel = (item: Item | undefined) =>
    item !== undefined &&
    item.type !== 'reasoning' &&
    (item.type === 'message'
      ? item.role === 'assistant'
      : typeof item.type === 'string' && !item.type.endsWith('_output'));
  return items.filter((item, index) => {
    if (item.type !== 'reasoning') return true;
    const next = items[index + 1];
    const known = [...follower.keys()].find((r) => sameItem(r, item));
    return known ? sameItem(next, follower.get(known)) : fromModel(next);
  }) as ConversationItem[];
}

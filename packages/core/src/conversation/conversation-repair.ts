import { InputError } from '../errors/input-errors.js';
import { canonicalJson } from '../values/canonical-json.js';
import type { ConversationItem } from './conversation-record.js';

/** What {@link Conversation.repair} removes: items by id, or the items themselves. */
export interface RepairOptions {
  /**
   * The items to remove: an item `id` (e.g. `rs_…`, as `ConversationItemRejectedError.itemId`
   * names it), or an item of this conversation (e.g. `error.item`, for items without an id),
   * matched by identity or else by equal content.
   */
  drop: ReadonlyArray<string | ConversationItem>;
}

type Item = ConversationItem & { id?: unknown; call_id?: unknown; approval_request_id?: unknown };
type Place = { list: 'history' | 'pending'; index: number };

/**
 * The positions to remove for a repair: the items asked for, plus what the service would refuse
 * without them — a function call and its output go together, an MCP approval request and its
 * response go together, and a reasoning item goes with the item that follows it.
 *
 * @throws {InputError} for a drop target the conversation does not hold (nothing is removed).
 */
export function dropPositions(
  history: readonly ConversationItem[],
  pending: readonly ConversationItem[],
  options: RepairOptions,
): { history: number[]; pending: number[] } {
  if (!options || !Array.isArray(options.drop) || options.drop.length === 0) {
    throw new InputError('repair() needs { drop: [ids or items] }, with at least one.');
  }
  const all: Array<Place & { item: Item }> = [
    ...history.map((item, index) => ({ list: 'history' as const, index, item: item as Item })),
    ...pending.map((item, index) => ({ list: 'pending' as const, index, item: item as Item })),
  ];
  const chosen = new Set<(typeof all)[number]>();
  for (const target of options.drop) {
    const found =
      typeof target === 'string'
        ? all.filter((p) => p.item.id === target)
        : [all.find((p) => p.item === target) ?? all.find((p) => sameItem(p.item, target))].filter(
            (p) => p !== undefined,
          );
    if (found.length === 0) {
      throw new InputError(
        `${typeof target === 'string' ? `The conversation holds no item "${target}"` : 'The conversation does not hold that item'}; ` +
          'nothing was removed. Give ids from conversation.history / pending, or the item itself.',
      );
    }
    for (const p of found) chosen.add(p);
  }
  // Pairs: a call with its output, an approval request with its response.
  const calls = new Set<unknown>();
  const approvals = new Set<unknown>();
  for (const { item } of chosen) {
    if (item.type === 'function_call' || item.type === 'function_call_output') calls.add(item.call_id);
    if (item.type === 'mcp_approval_request') approvals.add(item.id);
    if (item.type === 'mcp_approval_response') approvals.add(item.approval_request_id);
  }
  for (const p of all) {
    const { item } = p;
    if ((item.type === 'function_call' || item.type === 'function_call_output') && calls.has(item.call_id)) {
      chosen.add(p);
    }
    if (item.type === 'mcp_approval_request' && approvals.has(item.id)) chosen.add(p);
    if (item.type === 'mcp_approval_response' && approvals.has(item.approval_request_id)) chosen.add(p);
  }
  // A reasoning item is refused without the item that follows it.
  for (const p of [...chosen]) {
    const before = all.find((q) => q.list === p.list && q.index === p.index - 1);
    if (before?.item.type === 'reasoning') chosen.add(before);
  }
  const positions = (list: Place['list']) =>
    [...chosen]
      .filter((p) => p.list === list)
      .map((p) => p.index)
      .sort((a, b) => a - b);
  return { history: positions('history'), pending: positions('pending') };
}

function sameItem(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

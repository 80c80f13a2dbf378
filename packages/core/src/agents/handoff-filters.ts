import type { ConversationItem } from '../conversation/conversation-record.js';
import type { HandoffInputData } from '../run/handoff.js';

type Item = ConversationItem & { type?: string; id?: unknown };

/** Output items the model made that may carry an id tying them to a reasoning item. */
const MODEL_ITEMS = new Set(['message', 'function_call']);

/**
 * A handoff input filter that drops every reasoning item, for a next agent whose model does not
 * reason (the service refuses reasoning input to such models). The model's messages and function
 * calls lose their ids too, so no item points at a reasoning item that is no longer sent; they
 * are sent as plain input items (whether the service requires this is not confirmed, see
 * docs/multi-agent.md).
 *
 * @example
 * ```ts
 * import { type Agent, createAgent, handoff, removeReasoning } from '@turnkit/core';
 * declare const summarizer: Agent;
 * const triage = createAgent({ name: 'triage', handoffs: [handoff(summarizer, { inputFilter: removeReasoning })] });
 * ```
 */
export function removeReasoning(data: HandoffInputData): ConversationItem[] {
  return data.items.flatMap((item) => {
    const i = item as Item;
    if (i.type === 'reasoning') return [];
    if (i.type !== undefined && MODEL_ITEMS.has(i.type) && 'id' in i) {
      const { id: _id, ...rest } = i;
      return [rest as ConversationItem];
    }
    return [item];
  });
}

/** Item types of tool use: function calls and their outputs, hosted tool calls, their approvals. */
const TOOL_ITEMS = new Set([
  'function_call',
  'function_call_output',
  'mcp_list_tools',
  'mcp_call',
  'mcp_approval_request',
  'mcp_approval_response',
  'code_interpreter_call',
  'image_generation_call',
  'web_search_call',
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
]);

/**
 * A handoff input filter that keeps the conversation's messages only: every tool call and tool
 * output goes (the handoff call too), and so do the reasoning items that preceded them.
 *
 * @example
 * ```ts
 * import { type Agent, createAgent, handoff, removeToolCalls } from '@turnkit/core';
 * declare const billing: Agent;
 * const triage = createAgent({ name: 'triage', handoffs: [handoff(billing, { inputFilter: removeToolCalls })] });
 * ```
 */
export function removeToolCalls(data: HandoffInputData): ConversationItem[] {
  return data.items.filter((item) => !TOOL_ITEMS.has((item as Item).type ?? ''));
}

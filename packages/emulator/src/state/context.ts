import { checkComputerPairing } from '../validate/computer-use.js';
import type { CreateRequest } from '../validate/create-request.js';
import { invalidRequest, notFound } from '../wire/errors.js';
import { newId } from '../wire/ids.js';
import type { WireItem } from '../wire/wire-types.js';
import type { ConversationStore } from './conversations.js';
import { contextAfter, type ResponseStore } from './store.js';

/** The model context of a request: what came before (via `previous_response_id`) and what is new. */
export interface ResolvedContext {
  /** Items of the previous response chain (inputs and outputs, oldest first). */
  previous: WireItem[];
  /** This request's input items, each with an id and a status. */
  input: WireItem[];
  /** `previous` followed by `input`: everything the model sees besides instructions and tools. */
  items: WireItem[];
}

const ID_PREFIXES: Record<string, string> = {
  message: 'msg',
  function_call: 'fc',
  function_call_output: 'fco',
  reasoning: 'rs',
  custom_tool_call: 'ct',
  custom_tool_call_output: 'cto',
  mcp_approval_response: 'mcpa',
  computer_call_output: 'cuo',
};

/**
 * Resolves a validated request's model context: loads the `previous_response_id` chain (or the
 * items of its `conversation`), gives
 * input items ids (`msg_`, `fc_`, `fco_`, …) and `status: "completed"`, replaces `item_reference`s
 * (and `image_generation_call`s sent by id only, without `result`) by the stored items they point
 * at, and checks that function calls and outputs pair up.
 *
 * @throws {HttpError} 404 for an unknown `conversation`; 400 `previous_response_not_found` when the
 * previous response is unknown, deleted or was not stored; 404 for an `image_generation_call` sent
 * by id that names no stored one; 400 (`param: "input"`) for an unknown `item_reference`, an item whose
 * id is already in the context ("Duplicate item found with id …"), a `function_call_output` whose
 * `call_id` matches no function call ("No tool call found for function call output with call_id …"),
 * a function call left without an output ("No tool output found for function call …"), and
 * computer calls and outputs that do not pair up or acknowledge other safety checks than the
 * call raised (see `checkComputerPairing`).
 * @example
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { resolveContext } from './context.js';
 * import type { ResponseStore } from './store.js';
 * declare const request: CreateRequest;
 * declare const store: ResponseStore;
 * const { items } = resolveContext(request, store);
 */
export function resolveContext(
  request: CreateRequest,
  store: ResponseStore,
  conversations?: ConversationStore,
): ResolvedContext {
  let previous: WireItem[] = [];
  if (request.conversationId !== null && conversations) {
    previous = conversations.items(request.conversationId, 'conversation');
  }
  if (request.previousResponseId !== null) {
    const record = store.get(request.previousResponseId);
    if (!record) {
      throw invalidRequest(
        `Previous response with id '${request.previousResponseId}' not found.`,
        'previous_response_id',
        'previous_response_not_found',
      );
    }
    previous = contextAfter(record);
  }
  const input = request.input.map((item) => withIdentity(item, store, request.store));
  // A duplicate takes two items: a lone input item without a previous chain has none.
  if (previous.length > 0 || input.length > 1) checkDuplicateIds(previous, input);
  const items = [...previous, ...input];
  checkToolPairing(input, items);
  checkComputerPairing(input, items);
  return { previous, input, items };
}

/**
 * Gives an input item its stored form: an id (`msg_`, `fc_`, `fco_`, … when it has none) and
 * `status: "completed"` for messages and function calls; an `item_reference` becomes the stored
 * item it points at. `storing`: whether the request stores (it words the 404 of an image call sent by id).
 *
 * @throws {HttpError} 400 for an `item_reference` to no stored item.
 * @example
 * import { withIdentity } from './context.js';
 * import { ResponseStore } from './store.js';
 * const store = new ResponseStore();
 * withIdentity({ type: 'message', role: 'user', content: [] }, store, true).id; // 'msg_…'
 */
export function withIdentity(item: WireItem, store: ResponseStore, storing: boolean): WireItem {
  if (item.type === 'item_reference') {
    const found = store.findItem(String(item.id));
    if (!found) throw invalidRequest(`Item with id '${String(item.id)}' not found.`, 'input');
    return found;
  }
  if (item.type === 'image_generation_call' && !('result' in item))
    return storedImageCall(item, store, storing);
  const prefix = ID_PREFIXES[item.type];
  const id = item.id ?? (prefix ? newId(prefix) : undefined);
  if (item.type === 'message') {
    const { type, role, content, id: _id, status, ...rest } = item;
    return { id, type, role, content, status: status ?? 'completed', ...rest } as WireItem;
  }
  if (item.type === 'function_call' || item.type === 'function_call_output') {
    const { id: _id, type, status, ...rest } = item;
    return { id, type, status: status ?? 'completed', ...rest } as WireItem;
  }
  return id === undefined ? item : { ...item, id };
}

function checkDuplicateIds(previous: readonly WireItem[], input: readonly WireItem[]): void {
  const seen = new Set(previous.map((item) => item.id).filter((id) => id !== undefined));
  for (const item of input) {
    if (item.id === undefined) continue;
    if (seen.has(item.id)) {
      throw invalidRequest(
        `Duplicate item found with id ${item.id}. Remove duplicate items from your input and try again.`,
        'input',
      );
    }
    seen.add(item.id);
  }
}

function isFunctionItem(item: WireItem): boolean {
  return item.type === 'function_call' || item.type === 'function_call_output';
}

function checkToolPairing(input: readonly WireItem[], items: readonly WireItem[]): void {
  if (!items.some(isFunctionItem)) return;
  const calls = new Set<string>();
  const outputs = new Set<string>();
  for (const item of items) {
    if (item.type === 'function_call') calls.add(String(item.call_id));
    if (item.type === 'function_call_output') outputs.add(String(item.call_id));
  }
  for (const item of input) {
    if (item.type === 'function_call_output' && !calls.has(String(item.call_id))) {
      throw invalidRequest(
        `No tool call found for function call output with call_id ${String(item.call_id)}.`,
        'input',
      );
    }
  }
  for (const callId of calls) {
    if (!outputs.has(callId)) {
      throw invalidRequest(`No tool output found for function call ${callId}.`, 'input');
    }
  }
}

/**
 * An `image_generation_call` sent by id only (no `result`), as the image generation guide's
 * "using image ID" example does: the stored item it names. When there is none, the 404 a user
 * got from the service for an `ig_…` sent that way with `store: false` (rikkahub/rikkahub#1198:
 * "Item with id 'ig_xxx' not found. Items are not persisted when `store` is set to false. …"); the
 * `store: true` wording (without the second sentence) follows the one for reasoning items.
 */
function storedImageCall(item: WireItem, store: ResponseStore, storing: boolean): WireItem {
  const found = store.findItem(String(item.id));
  if (found?.type === 'image_generation_call') return found;
  const hint = storing
    ? ''
    : ' Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove this item from your input.';
  throw notFound(`Item with id '${String(item.id)}' not found.${hint}`, 'input');
}

import { type Exchange, sendJson } from '../http/http-io.js';
import { sendPage, single } from '../http/pagination.js';
import { withIdentity } from '../state/context.js';
import { validateInclude, validateMetadata } from '../validate/create-request.js';
import { normalizeInput } from '../validate/input.js';
import { invalidRequest, invalidType, missingParameter } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { EmulatorState } from './emulator-state.js';
import type { Route } from './route.js';

/** The most items one request may add to a conversation (the API reference: "up to 20 items"). */
const MAX_ITEMS = 20;

function objectBody(body: unknown, keys: readonly string[]): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidType('body', 'an object', body);
  }
  for (const key of Object.keys(body)) {
    if (!keys.includes(key)) throw invalidRequest(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  }
  return body as JsonObject;
}

/**
 * Validates items sent to a conversation (as `input` items are) and gives them ids.
 *
 * @throws {HttpError} 400 for a bad item or more than 20.
 */
function conversationItems(state: EmulatorState, value: unknown, param: string): WireItem[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidType(param, 'an array', value);
  if (value.length > MAX_ITEMS) {
    throw invalidRequest(
      `Invalid '${param}': array too long. Expected an array with maximum length ${MAX_ITEMS}, but got an array with length ${value.length} instead.`,
      param,
      'array_above_max_length',
    );
  }
  return normalizeInput(value, param).map((item) => withIdentity(item, state.store, true));
}

function itemsPage(ex: Exchange, items: readonly WireItem[]): void {
  const include = ex.record.query.include;
  validateInclude(include === undefined ? [] : Array.isArray(include) ? include : [include]);
  sendPage(ex, items as unknown as JsonObject[], 'item');
}

/**
 * The Conversations API (NODE `Conversations`, `Conversations.Items`): create, retrieve, update
 * (`POST /conversations/{id}`), delete; list, add (up to 20 at a time), retrieve and delete items.
 * Items are validated like `input` items and stored with ids. Unknown ids are 404
 * `Conversation with id '…' not found.` / `Item with id '…' not found.` (the real wording is not
 * confirmed).
 */
export const CONVERSATION_ROUTES: Route[] = [
  {
    pattern: /^\/conversations$/,
    methods: {
      POST: (s, ex, _p, body) => {
        const b = objectBody(body, ['items', 'metadata']);
        validateMetadata(b.metadata);
        const items = conversationItems(s, b.items, 'items');
        sendJson(ex, 200, s.conversations.create((b.metadata as JsonObject | null | undefined) ?? {}, items));
      },
    },
  },
  {
    pattern: /^\/conversations\/([^/]+)$/,
    methods: {
      GET: (s, ex, id) => sendJson(ex, 200, s.conversations.get(id)),
      POST: (s, ex, id, body) => {
        const b = objectBody(body, ['metadata']);
        if (b.metadata === undefined) throw missingParameter('metadata');
        validateMetadata(b.metadata);
        sendJson(ex, 200, s.conversations.update(id, (b.metadata as JsonObject | null) ?? {}));
      },
      DELETE: (s, ex, id) => {
        s.conversations.delete(id);
        sendJson(ex, 200, { id, object: 'conversation.deleted', deleted: true });
      },
    },
  },
  {
    pattern: /^\/conversations\/([^/]+)\/items$/,
    methods: {
      GET: (s, ex, id) => itemsPage(ex, s.conversations.items(id)),
      POST: (s, ex, id, body) => {
        s.conversations.get(id);
        const b = objectBody(body, ['items']);
        if (b.items === undefined) throw missingParameter('items');
        const items = conversationItems(s, b.items, 'items');
        s.conversations.append(id, items);
        sendJson(ex, 200, {
          object: 'list',
          data: items,
          first_id: items[0]?.id ?? null,
          last_id: items.at(-1)?.id ?? null,
          has_more: false,
        });
      },
    },
  },
  {
    pattern: /^\/conversations\/([^/]+)\/items\/([^/]+)$/,
    methods: {
      GET: (s, ex, _id, _body, params) => {
        const include = single(ex.record.query.include);
        validateInclude(include === undefined ? [] : [include]);
        sendJson(ex, 200, s.conversations.item(params[0]!, params[1]!));
      },
      DELETE: (s, ex, _id, _body, params) =>
        sendJson(ex, 200, s.conversations.deleteItem(params[0]!, params[1]!)),
    },
  },
];

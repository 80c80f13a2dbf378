import { invalidRequest, invalidValue } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';
import { type Exchange, sendJson } from './http-io.js';

/** The value of a query parameter given once or repeated (the last one wins). */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.at(-1) : value;
}

/**
 * Answers a cursor page `{object: "list", data, first_id, last_id, has_more}` of items sorted by
 * creation (`order` `asc`|`desc`, default `desc`; `limit` 1–100, default 20, unless `limits` says
 * otherwise; `after` an id).
 * Shared by `GET /responses/{id}/input_items`, `GET /containers` and `GET /containers/{id}/files`.
 *
 * @throws {HttpError} 400 for a bad `limit`, `order` or unknown `after`.
 * @example
 * import { containerJson } from '../hosted/containers.js';
 * import type { Container } from '../hosted/containers.js';
 * import type { Exchange } from './http-io.js';
 * import { sendPage } from './pagination.js';
 * declare const ex: Exchange;
 * declare const containers: Container[];
 * sendPage(ex, containers.map(containerJson), 'object');
 */
export function sendPage(
  ex: Exchange,
  items: readonly JsonObject[],
  noun: 'item' | 'object',
  limits: { max: number; fallback: number } = { max: 100, fallback: 20 },
): void {
  const query = ex.record.query;
  const limitText = single(query.limit) ?? String(limits.fallback);
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > limits.max) {
    throw invalidRequest(
      `Invalid 'limit': expected an integer between 1 and ${limits.max}, but got '${limitText}' instead.`,
      'limit',
      'invalid_value',
    );
  }
  const order = single(query.order) ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalidValue('order', order, ['asc', 'desc']);
  const sorted = order === 'asc' ? [...items] : [...items].reverse();
  const after = single(query.after);
  let start = 0;
  if (after !== undefined) {
    const index = sorted.findIndex((item) => item.id === after);
    if (index < 0) throw invalidRequest(`No ${noun} found with id '${after}'.`, 'after', 'invalid_value');
    start = index + 1;
  }
  const data = sorted.slice(start, start + limit);
  sendJson(ex, 200, {
    object: 'list',
    data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data.at(-1)?.id as string | undefined) ?? null,
    has_more: start + limit < sorted.length,
  });
}

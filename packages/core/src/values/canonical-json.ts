/**
 * JSON text of a JSON value with every object's keys in sorted order, so two copies of the same
 * data give the same text whatever order a store kept their keys in (e.g. a database's JSON
 * column). Arrays keep their order. Used for digests and seals.
 *
 * @throws {TypeError} for a value JSON cannot hold (a function, a bigint, a cycle).
 * @example
 * ```ts
 * import { canonicalJson } from './canonical-json.js';
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, new Set()));
}

function sortKeys(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
      throw new TypeError(`A ${typeof value} has no JSON form.`);
    }
    return value;
  }
  if (seen.has(value)) throw new TypeError('A value with a cycle has no JSON form.');
  seen.add(value);
  const json = (value as { toJSON?: () => unknown }).toJSON;
  const sorted: unknown = Array.isArray(value)
    ? value.map((v) => (v === undefined ? null : sortKeys(v, seen)))
    : typeof json === 'function'
      ? sortKeys(json.call(value), seen)
      : Object.fromEntries(
          Object.keys(value)
            .sort()
            .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
            .map((k) => [k, sortKeys((value as Record<string, unknown>)[k], seen)]),
        );
  seen.delete(value);
  return sorted;
}

import type { JsonObject } from '../wire/wire-types.js';

/**
 * Turns a validated `file_search` filter (a comparison `{key, type, value}` or a compound
 * `{type: "and" | "or", filters}`, NODE `ComparisonFilter` / `CompoundFilter`) into a test of a
 * file's attributes. A comparison with an absent attribute fails; `gt`, `gte`, `lt` and `lte`
 * compare numbers (or strings, lexically); `in` and `nin` test membership of the value list.
 *
 * @example
 * import { attributeFilter } from './attribute-filter.js';
 * attributeFilter({ type: 'eq', key: 'lang', value: 'en' })({ lang: 'en' }); // true
 */
export function attributeFilter(filter: JsonObject): (attributes: JsonObject) => boolean {
  if (filter.type === 'and' || filter.type === 'or') {
    const tests = (filter.filters as JsonObject[]).map(attributeFilter);
    return filter.type === 'and'
      ? (attributes) => tests.every((test) => test(attributes))
      : (attributes) => tests.some((test) => test(attributes));
  }
  const key = String(filter.key);
  const value = filter.value;
  return (attributes) => {
    if (!(key in attributes)) return false;
    const actual = attributes[key] as number;
    switch (filter.type) {
      case 'eq':
        return actual === value;
      case 'ne':
        return actual !== value;
      case 'gt':
        return actual > (value as number);
      case 'gte':
        return actual >= (value as number);
      case 'lt':
        return actual < (value as number);
      case 'lte':
        return actual <= (value as number);
      case 'in':
        return Array.isArray(value) && value.includes(actual);
      case 'nin':
        return Array.isArray(value) && !value.includes(actual);
      default:
        return false;
    }
  };
}

import type { JsonObject } from '../wire/wire-types.js';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON type of a value as JSON Schema names it (`integer` for whole numbers). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  ipv4: /^(\d{1,3}\.){3}\d{1,3}$/,
};

/** Resolves a local `$ref` (`#`, `#/$defs/…`, `#/definitions/…`) against the root schema. */
export function resolveRef(ref: unknown, root: JsonObject): JsonObject | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    if (!isObject(node)) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isObject(node) ? node : undefined;
}

/**
 * Returns the first way a JSON value breaks a JSON Schema (`at $.items[0].total: expected a
 * number, got "12"`), or `null` when it fits. Covers what structured outputs use: `type`,
 * `enum`, `const`, `properties`, `required`, `additionalProperties: false`, `items`, `anyOf` /
 * `oneOf` / `allOf`, local `$ref`, number bounds and `multipleOf`, string lengths, `pattern` and
 * common `format`s, array lengths. Unknown keywords are ignored.
 *
 * @example
 * import { schemaViolation } from './json-value-check.js';
 * schemaViolation({ total: '12' }, { type: 'object', properties: { total: { type: 'number' } } });
 * // 'at $.total: expected number, got "12"'
 */
export function schemaViolation(
  value: unknown,
  schema: JsonObject,
  root: JsonObject = schema,
  path = '$',
): string | null {
  const at = (problem: string) => `at ${path}: ${problem}`;
  const shown = () => {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  };
  if (schema.$ref !== undefined) {
    const target = resolveRef(schema.$ref, root);
    if (!target) return at(`unresolvable $ref ${JSON.stringify(schema.$ref)}`);
    const problem = schemaViolation(value, target, root, path);
    if (problem) return problem;
  }
  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).map(String);
    if (!types.some((t) => typeMatches(value, t)))
      return at(`expected ${types.join(' or ')}, got ${shown()}`);
  }
  if (
    Array.isArray(schema.enum) &&
    !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))
  ) {
    return at(`expected one of ${JSON.stringify(schema.enum)}, got ${shown()}`);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    return at(`expected ${JSON.stringify(schema.const)}, got ${shown()}`);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (
      Array.isArray(branches) &&
      !branches.some((b) => isObject(b) && schemaViolation(value, b, root, path) === null)
    ) {
      return at(`matches none of the ${key} branches (got ${shown()})`);
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) {
      const problem = isObject(branch) ? schemaViolation(value, branch, root, path) : null;
      if (problem) return problem;
    }
  }
  if (isObject(value)) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (!(String(key) in value)) return at(`missing required property "${String(key)}"`);
    }
    for (const [key, child] of Object.entries(value)) {
      const sub = properties[key];
      if (isObject(sub)) {
        const problem = schemaViolation(child, sub, root, `${path}.${key}`);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) {
        return at(`unexpected property "${key}"`);
      }
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      return at(`expected at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      return at(`expected at most ${schema.maxItems} items`);
    if (isObject(schema.items)) {
      for (const [i, child] of value.entries()) {
        const problem = schemaViolation(child, schema.items, root, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (typeof value === 'number') {
    const n = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
    const min = n('minimum');
    const max = n('maximum');
    const xmin = n('exclusiveMinimum');
    const xmax = n('exclusiveMaximum');
    const step = n('multipleOf');
    if (min !== undefined && value < min) return at(`expected >= ${min}, got ${value}`);
    if (max !== undefined && value > max) return at(`expected <= ${max}, got ${value}`);
    if (xmin !== undefined && value <= xmin) return at(`expected > ${xmin}, got ${value}`);
    if (xmax !== undefined && value >= xmax) return at(`expected < ${xmax}, got ${value}`);
    if (step !== undefined && step > 0 && Math.abs(value / step - Math.round(value / step)) > 1e-9) {
      return at(`expected a multiple of ${step}, got ${value}`);
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      return at(`expected at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      return at(`expected at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string') {
      let matches = true;
      try {
        matches = new RegExp(schema.pattern, 'u').test(value);
      } catch {
        // A pattern JavaScript cannot read is not checked.
      }
      if (!matches) return at(`${shown()} does not match the pattern ${JSON.stringify(schema.pattern)}`);
    }
    const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
    if (format && !format.test(value)) return at(`${shown()} is not a valid ${String(schema.format)}`);
  }
  return null;
}

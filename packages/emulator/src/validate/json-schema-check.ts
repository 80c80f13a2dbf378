import type { JsonObject } from '../wire/wire-types.js';
import { pythonRepr } from './python-repr.js';

const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'additionalItems',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
];
/** Keywords whose value is an object of schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
/** Keywords whose value is a non-empty array of schemas. */
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const COUNT_KEYWORDS = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minContains',
  'maxContains',
];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
const STRING_KEYWORDS = [
  'title',
  'description',
  'format',
  'pattern',
  '$ref',
  '$id',
  '$schema',
  '$anchor',
  '$comment',
  'contentMediaType',
  'contentEncoding',
];
const BOOLEAN_KEYWORDS = ['uniqueItems', 'readOnly', 'writeOnly', 'deprecated'];

/**
 * Checks a value against the JSON Schema meta-schema (the structure of the keywords: `type` is a
 * simple type or a list of them, `properties` an object of schemas, `required` a list of unique
 * strings, counts non-negative integers, …) and returns the first violation, worded as Python's
 * `jsonschema` words it, as the real service does (`'nope' is not of type 'object'`,
 * `'strin' is not valid under any of the given schemas`); `null` when the schema is valid.
 * Unknown keywords are allowed, as the meta-schema allows them.
 *
 * @example
 * import { jsonSchemaProblem } from './json-schema-check.js';
 * jsonSchemaProblem({ type: 'object', properties: { city: { type: 'strin' } } });
 * // "'strin' is not valid under any of the given schemas"
 */
export function jsonSchemaProblem(schema: unknown): string | null {
  if (typeof schema === 'boolean') return null;
  if (!isObject(schema)) return `${pythonRepr(schema)} is not of type 'object', 'boolean'`;
  return typeProblem(schema.type) ?? keywordProblem(schema);
}

function typeProblem(type: unknown): string | null {
  if (type === undefined) return null;
  const valid =
    (typeof type === 'string' && SIMPLE_TYPES.includes(type)) ||
    (Array.isArray(type) &&
      type.length > 0 &&
      type.every((t) => typeof t === 'string' && SIMPLE_TYPES.includes(t)) &&
      new Set(type).size === type.length);
  return valid ? null : `${pythonRepr(type)} is not valid under any of the given schemas`;
}

function keywordProblem(schema: JsonObject): string | null {
  for (const [key, value] of Object.entries(schema)) {
    const problem = valueProblem(key, value);
    if (problem) return problem;
  }
  return null;
}

function valueProblem(key: string, value: unknown): string | null {
  if (SCHEMA_KEYWORDS.includes(key)) return jsonSchemaProblem(value);
  if (SCHEMA_MAP_KEYWORDS.includes(key)) {
    if (!isObject(value)) return notOfType(value, 'object');
    for (const sub of Object.values(value)) {
      const problem = jsonSchemaProblem(sub);
      if (problem) return problem;
    }
    return null;
  }
  if (SCHEMA_LIST_KEYWORDS.includes(key)) return schemaListProblem(value);
  if (key === 'items') {
    if (Array.isArray(value)) return schemaListProblem(value);
    return typeof value === 'boolean' || isObject(value)
      ? jsonSchemaProblem(value)
      : `${pythonRepr(value)} is not valid under any of the given schemas`;
  }
  if (key === 'required') return stringSetProblem(value);
  if (key === 'enum' || key === 'examples') return Array.isArray(value) ? null : notOfType(value, 'array');
  if (COUNT_KEYWORDS.includes(key)) {
    if (!Number.isInteger(value)) return notOfType(value, 'integer');
    return (value as number) < 0 ? `${pythonRepr(value)} is less than the minimum of 0` : null;
  }
  if (NUMBER_KEYWORDS.includes(key)) return typeof value === 'number' ? null : notOfType(value, 'number');
  if (key === 'multipleOf') {
    if (typeof value !== 'number') return notOfType(value, 'number');
    return value <= 0 ? `${pythonRepr(value)} is less than or equal to the minimum of 0` : null;
  }
  if (STRING_KEYWORDS.includes(key)) return typeof value === 'string' ? null : notOfType(value, 'string');
  if (BOOLEAN_KEYWORDS.includes(key)) return typeof value === 'boolean' ? null : notOfType(value, 'boolean');
  return null;
}

function schemaListProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return notOfType(value, 'array');
  if (value.length === 0) return '[] should be non-empty';
  for (const sub of value) {
    const problem = jsonSchemaProblem(sub);
    if (problem) return problem;
  }
  return null;
}

function stringSetProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return notOfType(value, 'array');
  const bad = value.find((item) => typeof item !== 'string');
  if (bad !== undefined) return notOfType(bad, 'string');
  return new Set(value).size === value.length ? null : `${pythonRepr(value)} has non-unique elements`;
}

function notOfType(value: unknown, type: string): string {
  return `${pythonRepr(value)} is not of type '${type}'`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns the first local `$ref` (`#/…`) of a schema that points at nothing, worded as the real
 * service words it for a `text.format` schema (the recording VERCEL
 * `issue-6454-nested-definitions-error.json`):
 * `In context=('properties', 'elements', 'items', 'properties', 'shared'), reference to component '#/$defs/Shared' which was not found in the schema.`;
 * `null` when every local reference resolves. References to other documents are not followed.
 *
 * @example
 * import { jsonSchemaRefProblem } from './json-schema-check.js';
 * jsonSchemaRefProblem({ type: 'object', properties: { a: { $ref: '#/$defs/A' } } });
 * // "In context=('properties', 'a'), reference to component '#/$defs/A' which was not found in the schema."
 */
export function jsonSchemaRefProblem(root: unknown): string | null {
  const walk = (node: unknown, path: string[]): string | null => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) {
        const problem = walk(item, [...path, String(i)]);
        if (problem) return problem;
      }
      return null;
    }
    if (!isObject(node)) return null;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#') && resolvePointer(root, ref) === undefined) {
      const context = `(${path.map((p) => `'${p}'`).join(', ')}${path.length === 1 ? ',' : ''})`;
      return `In context=${context}, reference to component '${ref}' which was not found in the schema.`;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
      const problem = walk(value, [...path, key]);
      if (problem) return problem;
    }
    return null;
  };
  return walk(root, []);
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = Object.hasOwn(node, key) ? node[key] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

import { joinPath, showPath } from './json-path.js';
import type { SchemaSubject } from './schema-subject.js';

/**
 * The key under which `toStrictJsonSchema` marks, while zod generates the schema, a node that
 * came from a zod type with no JSON form (`z.date()`, `z.bigint()` …) or one that accepts anything
 * (`z.any()`, `z.unknown()`). Removed before the schema leaves this package.
 */
export const ZOD_KIND_MARK = 'x-turnkit-zod-kind';

/** Zod types whose values JSON cannot carry: refused in every mode. */
export const UNREPRESENTABLE_KINDS = new Set([
  'bigint',
  'date',
  'symbol',
  'undefined',
  'void',
  'map',
  'set',
  'transform',
  'custom',
  'function',
  'nan',
  'promise',
  'file',
]);

/** Zod types that accept any value: fine without strict mode, refused in it. */
export const ANY_KINDS = new Set(['any', 'unknown']);

/**
 * The `format` values strict mode supports.
 * @see https://platform.openai.com/docs/guides/structured-outputs#supported-properties
 */
export const STRICT_FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** Validation keywords strict mode supports, kept as they are. */
const SUPPORTED_CONSTRAINTS = new Set([
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);

/** Annotations kept as they are. */
const KEPT_ANNOTATIONS = new Set(['description', 'title']);

/** Annotations strict mode has no use for, dropped without a word. */
const DROPPED_ANNOTATIONS = new Set(['$comment', 'readOnly', 'writeOnly', 'deprecated', '$id', 'id']);

/**
 * Keywords strict mode rejects but whose rule zod checks anyway when the arguments come back: in
 * `transform` mode they are taken out of the schema and said in the description instead, so the
 * model still knows the rule.
 */
const HINTED = new Set([
  'minLength',
  'maxLength',
  'default',
  'examples',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'contentEncoding',
  'contentMediaType',
]);

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

type JsonObject = Record<string, unknown>;

/**
 * - `transform`: make a zod-generated schema strict (additionalProperties: false, every property
 *   required, optional ones nullable, unsupported-but-checked keywords moved to descriptions).
 * - `verify`: check that a hand-written schema already is strict; change nothing.
 * - `loose`: only refuse what JSON cannot carry and drop the internal marks (strict: false).
 */
export type WalkMode = 'transform' | 'verify' | 'loose';

/** What a walk checks, and for whom (its refusals name the subject). */
export interface Walk {
  subject: SchemaSubject;
  mode: WalkMode;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(walk: Walk, path: string, problem: string, fix: string): never {
  const how = walk.mode === 'loose' ? '' : ' in strict mode';
  const { subject } = walk;
  return subject.fail(
    `${subject.label}: the ${subject.schema} cannot be described${how}: at ${showPath(path)}, ${problem}. ${fix}`,
    path,
  );
}

const KIND_ADVICE: Record<string, string> = {
  date: 'Use z.iso.datetime() or z.iso.date() (an ISO string) instead of z.date()',
  bigint: 'Use z.number().int() or a z.string() of digits instead of z.bigint()',
  map: 'Use z.object() with fixed keys, or an array of { key, value } objects, instead of z.map()',
  set: 'Use z.array() instead of z.set()',
  transform:
    'Put transforms after a schema the model can fill, e.g. z.string().transform(…), not z.transform(…) or z.preprocess(…) on their own',
  custom:
    'Describe the value with zod types (z.string(), z.object() …) instead of z.custom() or z.instanceof()',
  undefined: 'Use .optional() on a property instead of z.undefined()',
  void: 'Use .optional() on a property instead of z.void()',
};

function refuseKind(walk: Walk, path: string, kind: string): never {
  if (ANY_KINDS.has(kind)) {
    refuse(
      walk,
      path,
      `z.${kind}() accepts any value, but strict mode needs a concrete type`,
      `Give it a type (z.string(), z.object({...}), a union …), ${walk.subject.strictFix}.`,
    );
  }
  const { subject } = walk;
  return subject.fail(
    `${subject.label}: the ${subject.schema} cannot be described to the model: at ${showPath(path)}, ` +
      `a z.${kind}() value has no JSON form (the model can only send JSON). ` +
      `${KIND_ADVICE[kind] ?? 'Use a type JSON can carry'}.`,
    path,
  );
}

/** Whether a (strict) schema node already admits `null`. */
function acceptsNull(node: JsonObject): boolean {
  const type = node.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  if ('const' in node && node.const === null) return true;
  if (Array.isArray(node.anyOf)) return node.anyOf.some((member) => isObject(member) && acceptsNull(member));
  return false;
}

/** Makes an optional property's (strict) schema nullable, the way zod itself writes `.nullable()`. */
function makeNullable(node: JsonObject): JsonObject {
  if (acceptsNull(node)) return node;
  const plain = !('enum' in node) && !('const' in node);
  if (plain && typeof node.type === 'string' && PRIMITIVE_TYPES.has(node.type)) {
    return { ...node, type: [node.type, 'null'] };
  }
  if (plain && Array.isArray(node.type) && node.type.every((t) => PRIMITIVE_TYPES.has(t as string))) {
    return { ...node, type: [...node.type, 'null'] };
  }
  const { description, title, ...rest } = node;
  if (Array.isArray(rest.anyOf) && Object.keys(rest).length === 1) {
    return { ...node, anyOf: [...rest.anyOf, { type: 'null' }] };
  }
  return {
    anyOf: [rest, { type: 'null' }],
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
  };
}

function plural(count: unknown, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

function hintFor(keyword: string, value: unknown): string {
  switch (keyword) {
    case 'minLength':
      return `At least ${plural(value, 'character')}.`;
    case 'maxLength':
      return `At most ${plural(value, 'character')}.`;
    case 'default':
      return `Default: ${JSON.stringify(value)}.`;
    case 'examples':
      return `Examples: ${Array.isArray(value) ? value.map((v) => JSON.stringify(v)).join(', ') : JSON.stringify(value)}.`;
    case 'uniqueItems':
      return value === true ? 'Items must be unique.' : '';
    case 'minProperties':
      return `At least ${plural(value, 'property', 'properties')}.`;
    case 'maxProperties':
      return `At most ${plural(value, 'property', 'properties')}.`;
    case 'contentEncoding':
      return `Encoded as ${String(value)}.`;
    case 'contentMediaType':
      return `Media type ${String(value)}.`;
    default:
      return '';
  }
}

/** `allOf: [{pattern}, {pattern}]`, which zod writes for a string with several `.regex()` checks. */
function patternsOnly(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const patterns: string[] = [];
  for (const member of value) {
    if (!isObject(member)) return undefined;
    const keys = Object.keys(member);
    if (keys.length !== 1 || typeof member.pattern !== 'string') return undefined;
    patterns.push(member.pattern);
  }
  return patterns;
}

/**
 * Walks one JSON Schema node and returns its strict (or checked, or cleaned) copy. Throws the
 * subject's error (`ToolDefinitionError` for a tool) naming the path of the first construct the mode cannot express.
 */
export function walkSchema(node: unknown, path: string, walk: Walk): JsonObject {
  if (!isObject(node)) {
    if (walk.mode === 'loose') return node as JsonObject;
    refuse(
      walk,
      path,
      `the schema is ${JSON.stringify(node)}, which strict mode does not accept`,
      `Give it a concrete type, ${walk.subject.strictFix}.`,
    );
  }
  const kind = node[ZOD_KIND_MARK];
  if (typeof kind === 'string' && (walk.mode !== 'loose' || UNREPRESENTABLE_KINDS.has(kind))) {
    refuseKind(walk, path, kind);
  }
  return walk.mode === 'loose' ? walkLoose(node, path, walk) : walkStrict(node, path, walk);
}

/** strict: false. Copies the node, drops internal marks, refuses only what JSON cannot carry. */
function walkLoose(node: JsonObject, path: string, walk: Walk): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === ZOD_KIND_MARK) continue;
    out[key] = walkChildren(key, value, path, walk);
  }
  return out;
}

/** Walks the subschemas under one keyword (`properties`, `items`, `anyOf` …); other values as they are. */
function walkChildren(key: string, value: unknown, path: string, walk: Walk): unknown {
  const here = joinPath(path, key);
  switch (key) {
    case 'properties':
    case '$defs':
    case 'definitions':
    case 'patternProperties':
    case 'dependentSchemas':
      if (!isObject(value)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, walkSchema(child, joinPath(here, name), walk)]),
      );
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
    case 'prefixItems':
      if (!Array.isArray(value)) return value;
      return value.map((child, index) => walkSchema(child, joinPath(here, index), walk));
    case 'items':
    case 'additionalProperties':
    case 'propertyNames':
    case 'not':
    case 'contains':
    case 'if':
    case 'then':
    case 'else':
      return isObject(value) ? walkSchema(value, here, walk) : value;
    default:
      return value;
  }
}

function walkStrict(node: JsonObject, path: string, walk: Walk): JsonObject {
  const transform = walk.mode === 'transform';
  const hints: string[] = [];
  const out: JsonObject = {};

  if ('propertyNames' in node || 'patternProperties' in node || isObject(node.additionalProperties)) {
    const record = 'propertyNames' in node || 'patternProperties' in node || !isObject(node.properties);
    refuse(
      walk,
      path,
      record
        ? 'an object has keys the model would choose (z.record() or a map-like schema), but strict mode needs every key listed'
        : 'an object accepts extra keys (z.looseObject(), .passthrough() or .catchall()), which strict mode forbids',
      record
        ? `Use z.object() with fixed keys, or an array of { key, value } objects, ${walk.subject.strictFix}.`
        : `Use z.object() or z.strictObject(), ${walk.subject.strictFix}.`,
    );
  }
  if ('prefixItems' in node) {
    refuse(
      walk,
      path,
      'a tuple (z.tuple()) has positional items, which strict mode does not support',
      `Use z.object() with named fields, or z.array() of one type, ${walk.subject.strictFix}.`,
    );
  }

  const format = node.format;
  if (format !== undefined && (typeof format !== 'string' || !STRICT_FORMATS.has(format))) {
    refuse(
      walk,
      path,
      `format "${String(format)}" is not one strict mode supports (${[...STRICT_FORMATS].join(', ')})`,
      `Use z.string() with a .describe() saying what is expected (the check can stay in a .refine()), ${walk.subject.strictFix}.`,
    );
  }

  for (const [key, value] of Object.entries(node)) {
    if (key === ZOD_KIND_MARK || key === '$schema') continue;
    switch (key) {
      case 'type': {
        const types = Array.isArray(value) ? value : [value];
        const bad = types.find((t) => typeof t !== 'string' || !JSON_TYPES.has(t));
        if (bad !== undefined) {
          refuse(
            walk,
            path,
            `type ${JSON.stringify(bad)} is not a JSON Schema type`,
            'Use a zod type that maps to JSON.',
          );
        }
        out.type = value;
        break;
      }
      case 'properties':
      case '$defs':
      case 'anyOf':
      case 'items':
        out[key] = walkChildren(key, value, path, walk);
        break;
      case 'oneOf':
        // zod writes oneOf for discriminated unions, whose members exclude each other anyway; zod
        // still enforces "exactly one" when the arguments come back.
        if (!transform) {
          refuse(
            walk,
            path,
            '`oneOf` is not supported in strict mode',
            `Use \`anyOf\`, ${walk.subject.strictFix}.`,
          );
        }
        out.anyOf = walkChildren('anyOf', value, path, walk);
        break;
      case 'required':
      case 'additionalProperties':
        out[key] = value;
        break;
      case 'enum':
      case 'const':
      case '$ref':
        if (key === '$ref' && (typeof value !== 'string' || !value.startsWith('#'))) {
          refuse(
            walk,
            path,
            `$ref ${JSON.stringify(value)} points outside the schema`,
            'Only local references (#/$defs/…) are supported.',
          );
        }
        out[key] = value;
        break;
      case 'pattern':
        // zod adds its own long regex next to a format (email, uuid, date-time …). The format says
        // the same to the model, and zod checks the exact regex when the arguments come back.
        if (transform && typeof format === 'string') break;
        out.pattern = value;
        break;
      case 'allOf': {
        const patterns = transform ? patternsOnly(value) : undefined;
        if (!patterns) {
          refuse(
            walk,
            path,
            '`allOf` (an intersection) is not supported in strict mode',
            `Merge the parts into one z.object() (e.g. a.extend(b.shape)), ${walk.subject.strictFix}.`,
          );
        }
        hints.push(`Must match ${patterns.map((p) => `/${p}/`).join(' and ')}.`);
        break;
      }
      case 'minimum':
      case 'maximum':
        // z.int() writes the safe-integer range as bounds; they say nothing to the model.
        if (transform && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) break;
        out[key] = value;
        break;
      default:
        if (KEPT_ANNOTATIONS.has(key) || SUPPORTED_CONSTRAINTS.has(key) || key === 'format') {
          out[key] = value;
        } else if (DROPPED_ANNOTATIONS.has(key)) {
          if (!transform) out[key] = value;
        } else if (transform && HINTED.has(key)) {
          if (key === 'maxLength' && node.minLength === value) break; // said once, as "Exactly n"
          const hint =
            key === 'minLength' && node.maxLength === value
              ? `Exactly ${plural(value, 'character')}.`
              : hintFor(key, value);
          if (hint) hints.push(hint);
        } else {
          refuse(
            walk,
            path,
            key === 'not'
              ? '`not` (which zod writes for z.never()) is not supported in strict mode'
              : `the keyword \`${key}\` is not supported in strict mode`,
            `Remove it (check the rule in code instead), ${walk.subject.strictFix}.`,
          );
        }
    }
  }

  if (hints.length > 0) {
    let description = typeof out.description === 'string' ? out.description.trim() : '';
    if (description && !/[.!?]$/.test(description)) description += '.';
    out.description = [description, ...hints].filter(Boolean).join(' ');
  }

  const isObjectNode = node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'));
  if (isObjectNode || 'properties' in node) finishObject(node, out, path, walk);
  const isArrayNode = node.type === 'array' || (Array.isArray(node.type) && node.type.includes('array'));
  if (isArrayNode && !isObject(node.items)) {
    refuse(
      walk,
      path,
      'an array has no item schema',
      `Give it one, e.g. z.array(z.string()), ${walk.subject.strictFix}.`,
    );
  }

  const typed =
    'type' in node ||
    'anyOf' in node ||
    'oneOf' in node ||
    '$ref' in node ||
    'enum' in node ||
    'const' in node;
  if (!typed) {
    refuse(
      walk,
      path,
      'the schema accepts any value, but strict mode needs a concrete type',
      `Give it a type, ${walk.subject.strictFix}.`,
    );
  }
  return out;
}

/** additionalProperties: false, every property required, optional ones nullable. */
function finishObject(node: JsonObject, out: JsonObject, path: string, walk: Walk): void {
  const properties = isObject(out.properties) ? out.properties : {};
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  const names = Object.keys(properties);

  if (walk.mode === 'verify') {
    if (node.additionalProperties !== false) {
      refuse(
        walk,
        path,
        'an object does not set `additionalProperties: false`',
        'Add `"additionalProperties": false`.',
      );
    }
    const missing = names.filter((name) => !required.has(name));
    if (missing.length > 0) {
      refuse(
        walk,
        path,
        `properties ${missing.map((m) => JSON.stringify(m)).join(', ')} are not listed in \`required\``,
        'Strict mode needs every property in `required`; make optional ones accept null instead (e.g. "type": ["string", "null"]).',
      );
    }
    return;
  }

  for (const name of names) {
    if (!required.has(name)) properties[name] = makeNullable(properties[name] as JsonObject);
  }
  out.properties = properties;
  out.required = names;
  out.additionalProperties = false;
}

import { resolveRef } from '../validate/json-value-check.js';
import type { JsonObject } from '../wire/wire-types.js';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Examples of the string formats strict mode supports. */
const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00',
  duration: 'P1D',
  email: 'user@example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/** How deep `$ref`s are followed before a recursive schema takes its shortest way out (null, an empty list). */
const MAX_DEPTH = 6;

/**
 * The shortest string a simple regular expression matches (literals, `\d` `\w` `\s`, classes,
 * groups with alternatives, `?` `*` `+` `{n,m}`), checked against the pattern; `undefined` for a
 * pattern it cannot follow.
 *
 * @example
 * import { patternExample } from './json-from-schema.js';
 * patternExample('^INV-\\d{4}$'); // 'INV-0000'
 */
export function patternExample(pattern: string): string | undefined {
  let i = 0;
  const atom = (): string => {
    const c = pattern[i++]!;
    if (c === '\\') {
      const e = pattern[i++] ?? '';
      return (
        ({ d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a', b: '', B: '' } as Record<string, string>)[e] ?? e
      );
    }
    if (c === '.') return 'a';
    if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error('class');
      const body = pattern.slice(i, end);
      i = end + 1;
      if (body.startsWith('^')) {
        return ['a', '0', 'A', '_', '-', ' '].find((x) => !body.slice(1).includes(x)) ?? 'a';
      }
      return body[0] === '\\'
        ? (({ d: '0', w: 'a', s: ' ' } as Record<string, string>)[body[1]!] ?? body[1]!)
        : body[0]!;
    }
    if (c === '(') {
      if (pattern.startsWith('?:', i) || pattern.startsWith('?=', i) || pattern.startsWith('?!', i)) i += 2;
      const text = alternatives(')');
      i++;
      return text;
    }
    return c;
  };
  const quantified = (text: string): string => {
    const q = pattern[i];
    let times = 1;
    if (q === '?' || q === '*') {
      times = 0;
      i++;
    } else if (q === '+') {
      i++;
    } else if (q === '{') {
      const end = pattern.indexOf('}', i);
      const range = /^\{(\d+)(,\d*)?\}$/.exec(pattern.slice(i, end + 1));
      if (!range) return text;
      times = Number(range[1]);
      i = end + 1;
    } else {
      return text;
    }
    if (pattern[i] === '?') i++; // lazy
    return text.repeat(times);
  };
  const sequence = (stop: string): string => {
    let out = '';
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== stop) {
      if (pattern[i] === '^' || pattern[i] === '$') {
        i++;
        continue;
      }
      out += quantified(atom());
    }
    return out;
  };
  const alternatives = (stop: string): string => {
    const first = sequence(stop);
    while (pattern[i] === '|') {
      i++;
      sequence(stop);
    }
    return first;
  };
  try {
    const example = alternatives('');
    return new RegExp(pattern, 'u').test(example) ? example : undefined;
  } catch {
    return undefined;
  }
}

/** A string for a string schema: its format's example, a pattern's, or `text`, cut to the length bounds. */
function stringFor(schema: JsonObject, text: string): string {
  if (typeof schema.format === 'string' && FORMAT_EXAMPLES[schema.format])
    return FORMAT_EXAMPLES[schema.format]!;
  if (typeof schema.pattern === 'string') {
    const example = patternExample(schema.pattern);
    if (example !== undefined) return example;
  }
  let value = text;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  if ([...value].length > max) value = [...value].slice(0, max).join('');
  while ([...value].length < min) value += '.';
  return value;
}

function numberFor(schema: JsonObject, integer: boolean): number {
  const n = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const step = n('multipleOf') ?? (integer ? 1 : undefined);
  let value =
    n('minimum') ?? (n('exclusiveMinimum') !== undefined ? n('exclusiveMinimum')! + (step ?? 1) : 0);
  const max =
    n('maximum') ?? (n('exclusiveMaximum') !== undefined ? n('exclusiveMaximum')! - (step ?? 1) : undefined);
  if (max !== undefined && value > max) value = max;
  if (step !== undefined && step > 0) value = Math.ceil(value / step - 1e-9) * step;
  return integer ? Math.round(value) : value;
}

/**
 * A deterministic JSON value that fits a JSON Schema, made from the schema alone: every property
 * of an object, the first item of an `enum`, the first branch of an `anyOf` that is not `null`,
 * one item per array (or `minItems`), numbers at their lower bound (0 by default), `true`,
 * formats' and simple patterns' examples; `text` fills the first free string (one without enum,
 * format or pattern), and other strings are named after their property. Local `$ref`s are
 * followed; past a depth of 6 a recursive schema takes `null` or an empty array where it can.
 *
 * @example
 * import { valueFromSchema } from './json-from-schema.js';
 * valueFromSchema({ type: 'object', properties: { answer: { type: 'string' }, n: { type: 'integer' } } }, 'Hi');
 * // { answer: 'Hi', n: 0 }
 */
export function valueFromSchema(schema: JsonObject, text: string): unknown {
  let free: string | undefined = text;
  const take = (name: string): string => {
    const value = free ?? name;
    free = undefined;
    return value;
  };
  const make = (node: JsonObject, name: string, depth: number): unknown => {
    if (node.$ref !== undefined) {
      const target = resolveRef(node.$ref, schema);
      if (!target) return null;
      return make(target, name, depth + 1);
    }
    if ('const' in node) return node.const;
    if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
    const branches = (
      Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : []
    ).filter(isObject);
    if (branches.length > 0) {
      const isNull = (b: JsonObject) => b.type === 'null';
      const chosen =
        depth > MAX_DEPTH
          ? (branches.find(isNull) ?? branches[0]!)
          : (branches.find((b) => !isNull(b)) ?? branches[0]!);
      return make(chosen, name, depth);
    }
    if (Array.isArray(node.allOf) && node.allOf.length > 0 && isObject(node.allOf[0])) {
      return make({ ...node, allOf: undefined, ...node.allOf[0] }, name, depth);
    }
    const types = (Array.isArray(node.type) ? node.type : [node.type]).filter(
      (t) => typeof t === 'string',
    ) as string[];
    const type =
      depth > MAX_DEPTH && types.includes('null')
        ? 'null'
        : (types.find((t) => t !== 'null') ?? types[0] ?? (isObject(node.properties) ? 'object' : 'string'));
    switch (type) {
      case 'object': {
        const out: JsonObject = {};
        for (const [key, child] of Object.entries(isObject(node.properties) ? node.properties : {})) {
          if (isObject(child)) out[key] = make(child, key, depth + 1);
        }
        return out;
      }
      case 'array': {
        const min = typeof node.minItems === 'number' ? node.minItems : 1;
        const max = typeof node.maxItems === 'number' ? node.maxItems : Number.POSITIVE_INFINITY;
        const count = depth > MAX_DEPTH ? Math.min(min, max) : Math.min(Math.max(min, 1), max);
        const items = isObject(node.items) ? node.items : { type: 'string' };
        return Array.from({ length: count }, () => make(items, name, depth + 1));
      }
      case 'integer':
        return numberFor(node, true);
      case 'number':
        return numberFor(node, false);
      case 'boolean':
        return true;
      case 'null':
        return null;
      default: {
        const plain = node.format === undefined && node.pattern === undefined;
        return stringFor(node, plain ? take(name) : name);
      }
    }
  };
  return make(schema, 'value', 0);
}

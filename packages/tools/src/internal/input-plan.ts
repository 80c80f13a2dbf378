import type { z } from 'zod';
import { mapsNulls } from './nulls-to-undefined.js';

/**
 * How the arguments of a tool with this input schema are checked, decided once per schema:
 *
 * - `sync`: zod's synchronous `safeParse` gives the same result as `safeParseAsync`, because the
 *   schema provably runs no user code that could return a promise (see {@link isSyncSchema});
 * - `nulls`: in strict mode a `null` may stand for an absent optional property somewhere in the
 *   input, so `nullsToUndefined` has something to do.
 */
export interface InputPlan {
  readonly sync: boolean;
  readonly nulls: boolean;
}

/** The plan when the schema cannot be read: exactly what was done before plans existed. */
const CAUTIOUS: InputPlan = Object.freeze({ sync: false, nulls: true });

// A memo of a pure function of the schema (zod schemas are immutable: every method returns a new
// one); it holds no state of a run and lets a schema go when nothing else refers to it.
const plans = new WeakMap<object, InputPlan>();

/** The {@link InputPlan} of `schema`, computed on its first use and kept as long as it lives. */
export function inputPlanOf(schema: z.ZodType): InputPlan {
  if (typeof schema !== 'object' || schema === null) return CAUTIOUS; // a malformed hand-made tool
  let plan = plans.get(schema);
  if (plan === undefined) {
    plan = planOf(schema);
    plans.set(schema, plan);
  }
  return plan;
}

function planOf(schema: z.ZodType): InputPlan {
  try {
    return Object.freeze({ sync: isSyncSchema(schema, new Set()), nulls: mapsNulls(schema) });
  } catch {
    // Not a schema as zod makes them (a hand-made tool, a getter that throws): parse as before.
    return CAUTIOUS;
  }
}

type Def = {
  type: string;
  checks?: Array<{ _zod: { def: { check?: string } } }>;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  transform?: unknown;
  getter?: () => z.ZodType;
};

/**
 * Checks zod runs itself, with no callback of the author's that could return a promise (an
 * `overwrite` callback, as in `.trim()`, and a custom string format's test run synchronously in
 * both kinds of parse, so they give the same result either way). A refinement (`refine`,
 * `superRefine`, `.check(fn)`) is a `custom` check: not listed.
 */
const SYNC_CHECKS = new Set([
  'less_than',
  'greater_than',
  'multiple_of',
  'number_format',
  'bigint_format',
  'max_size',
  'min_size',
  'size_equals',
  'max_length',
  'min_length',
  'length_equals',
  'string_format',
  'mime_type',
  'overwrite',
  'describe',
  'meta',
]);

/** Types that hold no other schema and run no callback of the author's. */
const SYNC_LEAVES = new Set([
  'string',
  'number',
  'boolean',
  'bigint',
  'symbol',
  'undefined',
  'null',
  'any',
  'unknown',
  'never',
  'void',
  'date',
  'enum',
  'literal',
  'nan',
  'file',
  'template_literal',
]);

/** Wrappers that parse their `innerType` (a default or a catch value is computed synchronously). */
const SYNC_WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'nonoptional',
  'readonly',
  'catch',
  'success',
]);

/**
 * Whether zod's synchronous parse of `schema` cannot meet a promise: it contains no refinement,
 * transform, codec, `z.custom`, `z.promise` or `z.function`, and nothing this does not know. A
 * recursive schema (`z.lazy`, getters in a shape) is walked once per schema (`seen`). Anything
 * unknown counts as async, so a refinement never meets a synchronous parse that would fail over
 * to an asynchronous one and run it twice.
 */
export function isSyncSchema(schema: z.ZodType, seen: Set<z.ZodType>): boolean {
  if (seen.has(schema)) return true; // already being walked: the cycle adds nothing new
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  if (def.checks?.some((check) => !SYNC_CHECKS.has(check._zod.def.check ?? ''))) return false;
  const walk = (inner: z.ZodType | null | undefined): boolean =>
    inner === undefined || inner === null || isSyncSchema(inner, seen);
  if (SYNC_LEAVES.has(def.type)) return true;
  if (SYNC_WRAPPERS.has(def.type)) return def.innerType !== undefined && walk(def.innerType);
  switch (def.type) {
    case 'object':
      return Object.values(def.shape ?? {}).every(walk) && walk(def.catchall);
    case 'array':
      return def.element !== undefined && walk(def.element);
    case 'set':
      return walk(def.valueType);
    case 'map':
    case 'record':
      return walk(def.keyType) && walk(def.valueType);
    case 'tuple':
      return (def.items ?? []).every(walk) && walk(def.rest);
    case 'union':
      return (def.options ?? []).every(walk);
    case 'intersection':
      return walk(def.left) && walk(def.right);
    case 'pipe':
      // A codec is a pipe with transform functions of the author's; `.transform()` pipes into a
      // `transform` schema, which the walk of `in`/`out` refuses.
      return def.transform === undefined && walk(def.in) && walk(def.out);
    case 'lazy':
      return def.getter !== undefined && walk(def.getter());
    default:
      // transform, promise, function, custom, and any type this does not know
      return false;
  }
}

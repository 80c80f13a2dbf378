import type { z } from 'zod';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  values?: unknown[];
};

function defOf(schema: z.ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** Wrappers whose input is their inner type's input (for this purpose). */
const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
  'success',
]);

function unwrap(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type)) return def.innerType;
  if (def.type === 'pipe') return def.in;
  if (def.type === 'lazy') return def.getter?.();
  return undefined;
}

/** Whether the author's schema itself accepts `null` (so a `null` from the model stays `null`). */
function acceptsNull(schema: z.ZodType, depth = 0): boolean {
  if (depth > 32) return false;
  const def = defOf(schema);
  switch (def.type) {
    case 'nullable':
    case 'null':
    case 'any':
    case 'unknown':
    case 'catch':
      return true;
    case 'literal':
      return def.values?.includes(null) ?? false;
    case 'union':
      return (def.options ?? []).some((option) => acceptsNull(option, depth + 1));
    default: {
      const inner = unwrap(schema);
      return inner ? acceptsNull(inner, depth + 1) : false;
    }
  }
}

/**
 * Whether a property may be absent from the input — exactly when `z.toJSONSchema` (io: 'input')
 * leaves it out of `required`, and so when strict mode made it nullable. Like zod's emitter, this
 * looks past a preprocessing transform and a `.catch()` to the schema that carries the optionality.
 */
function isOptionalInput(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === 'pipe' && def.in?._zod.traits.has('$ZodTransform') && def.out)
    return isOptionalInput(def.out);
  if (def.type === 'catch' && def.innerType) return isOptionalInput(def.innerType);
  return schema._zod.optin !== undefined;
}

/**
 * Whether {@link nullsToUndefined} can ever change a value of `schema`: whether some object in it,
 * at any depth it walks, has a property that may be absent and whose own schema does not take
 * `null`. When not, the strict-mode pass is skipped (it would return every value as it is).
 */
export function mapsNulls(schema: z.ZodType, seen = new Set<z.ZodType>()): boolean {
  if (seen.has(schema)) return false; // already being walked: the cycle adds nothing new
  seen.add(schema);
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.values(def.shape ?? {}).some(
        (property) => (isOptionalInput(property) && !acceptsNull(property)) || mapsNulls(property, seen),
      );
    case 'array':
      return def.element !== undefined && mapsNulls(def.element, seen);
    case 'union':
      return (def.options ?? []).some((option) => mapsNulls(option, seen));
    case 'intersection':
      return (
        (def.left !== undefined && mapsNulls(def.left, seen)) ||
        (def.right !== undefined && mapsNulls(def.right, seen))
      );
    default: {
      const inner = unwrap(schema);
      return inner !== undefined && mapsNulls(inner, seen);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Undoes what strict mode did to optional properties: strict mode makes every property required
 * and an optional one nullable, so the model sends `null` where the author meant "absent". This
 * turns such a `null` into a missing key, at every depth, guided by the zod schema — but keeps
 * `null` where the author's own schema accepts it (`.nullable().optional()`). Returns `value`
 * itself when nothing changes; never mutates it. In a union, members are tried with zod's parse
 * only when they would map the value differently (a `null` for an optional property of some
 * member); only then does a tried member's refinement run once more than the parse's.
 */
export function nullsToUndefined(schema: z.ZodType, value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value) || !def.shape) return value;
      let out: Record<string, unknown> | undefined;
      for (const [key, property] of Object.entries(def.shape)) {
        if (!Object.hasOwn(value, key)) continue;
        const current = value[key];
        if (current === null && isOptionalInput(property) && !acceptsNull(property)) {
          out ??= { ...value };
          delete out[key];
          continue;
        }
        const next = nullsToUndefined(property, current, depth + 1);
        if (next !== current) {
          out ??= { ...value };
          out[key] = next;
        }
      }
      return out ?? value;
    }
    case 'array': {
      if (!Array.isArray(value) || !def.element) return value;
      const element = def.element;
      let changed = false;
      const out = value.map((item) => {
        const next = nullsToUndefined(element, item, depth + 1);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? out : value;
    }
    case 'union': {
      const options = def.options ?? [];
      const candidates = options.map((option) => nullsToUndefined(option, value, depth + 1));
      // No member would change the value: nothing to choose, and no member is tried (a try runs
      // the member's refinements, which the parse that follows runs again).
      if (candidates.every((candidate) => candidate === value)) return value;
      // Pick the first member the normalized value fits; zod reports the errors if none does.
      for (let i = 0; i < options.length; i++) {
        try {
          if (options[i]!.safeParse(candidates[i]).success) return candidates[i];
        } catch {
          // an async refinement in a member: cannot check synchronously; try the next one
        }
      }
      return value;
    }
    case 'intersection': {
      if (!def.left || !def.right) return value;
      return nullsToUndefined(def.right, nullsToUndefined(def.left, value, depth + 1), depth + 1);
    }
    default: {
      const inner = unwrap(schema);
      return inner ? nullsToUndefined(inner, value, depth + 1) : value;
    }
  }
}

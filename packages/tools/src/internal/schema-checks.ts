import type { z } from 'zod';
import type { SchemaSubject } from './schema-subject.js';
import { ZOD_KIND_MARK } from './strict-walker.js';

/** Whether `value` is a zod 4 schema (zod 3 schemas have `_def` but no `_zod`). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value && typeof value._zod === 'object';
}

/**
 * The Responses API needs function parameters, and a strict output schema, to be one JSON object
 * at the top level. Throws the subject's error otherwise.
 */
export function assertObjectRoot(schema: Record<string, unknown>, subject: SchemaSubject): void {
  if (schema.type === 'object') return;
  const got =
    schema[ZOD_KIND_MARK] !== undefined
      ? `z.${String(schema[ZOD_KIND_MARK])}()`
      : schema.anyOf || schema.oneOf
        ? 'a union'
        : schema.type !== undefined
          ? `type ${JSON.stringify(schema.type)}`
          : 'a schema without a type';
  subject.fail(subject.rootRefusal(got), '');
}

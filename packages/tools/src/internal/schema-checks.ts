import type { z } from 'zod';
import { ToolDefinitionError } from '../errors.js';
import { ZOD_KIND_MARK } from './strict-walker.js';

/** Whether `value` is a zod 4 schema (zod 3 schemas have `_def` but no `_zod`). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value && typeof value._zod === 'object';
}

/** The Responses API needs function parameters to be one JSON object at the top level. */
export function assertObjectRoot(schema: Record<string, unknown>, toolName: string): void {
  if (schema.type === 'object') return;
  const got =
    schema[ZOD_KIND_MARK] !== undefined
      ? `z.${String(schema[ZOD_KIND_MARK])}()`
      : schema.anyOf || schema.oneOf
        ? 'a union'
        : schema.type !== undefined
          ? `type ${JSON.stringify(schema.type)}`
          : 'a schema without a type';
  throw new ToolDefinitionError(
    toolName,
    `Tool "${toolName}": \`input\` must describe a JSON object, e.g. z.object({ city: z.string() }); got ${got}. ` +
      'The Responses API passes function arguments as one object. Wrap other types in a property, ' +
      'e.g. z.object({ action: z.discriminatedUnion(…) }).',
    { path: '' },
  );
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OutputSchemaError, parseStructuredOutput, toStrictOutputSchema } from '../src/index.js';

function refusal(convert: () => unknown): OutputSchemaError {
  try {
    convert();
  } catch (error) {
    expect(error).toBeInstanceOf(OutputSchemaError);
    return error as OutputSchemaError;
  }
  throw new Error('expected an OutputSchemaError');
}

const answer = z.object({
  total: z.number(),
  currency: z.enum(['EUR', 'USD']),
  note: z.string().optional(),
});

describe('toStrictOutputSchema', () => {
  it('makes the same strict schema as a tool input: closed objects, every property required, optional ones nullable', () => {
    expect(toStrictOutputSchema(answer, { name: 'invoice_total', strict: true })).toEqual({
      type: 'object',
      properties: {
        total: { type: 'number' },
        currency: { type: 'string', enum: ['EUR', 'USD'] },
        note: { type: ['string', 'null'] },
      },
      required: ['total', 'currency', 'note'],
      additionalProperties: false,
    });
  });

  it('refuses a record in strict mode, naming the output, the path and the fix', () => {
    const error = refusal(() =>
      toStrictOutputSchema(z.object({ tags: z.record(z.string(), z.string()) }), {
        name: 'tagged',
        strict: true,
      }),
    );
    expect(error.code).toBe('output_schema_invalid');
    expect(error.outputName).toBe('tagged');
    expect(error.path).toBe('properties.tags');
    expect(error.message).toBe(
      'Output "tagged": the output schema cannot be described in strict mode: at properties.tags, an object has keys ' +
        'the model would choose (z.record() or a map-like schema), but strict mode needs every key listed. Use z.object() ' +
        'with fixed keys, or an array of { key, value } objects, or give the output `strict: false` (it is then checked only when it comes back).',
    );
  });

  it('accepts that record with strict: false, as the plain schema', () => {
    const schema = toStrictOutputSchema(z.object({ tags: z.record(z.string(), z.string()) }), {
      name: 'tagged',
      strict: false,
    });
    expect(schema).toMatchObject({ type: 'object', properties: { tags: { type: 'object' } } });
  });

  it('refuses a schema that is not an object at the top level, saying how to wrap it', () => {
    const error = refusal(() => toStrictOutputSchema(z.string(), { name: 'answer', strict: true }));
    expect(error.path).toBe('');
    expect(error.message).toMatch(
      /^Output "answer": the output schema must describe a JSON object.*got type "string"/,
    );
    expect(error.message).toContain('Wrap other types in a property');
  });

  it('refuses a type JSON cannot carry even without strict mode', () => {
    const error = refusal(() =>
      toStrictOutputSchema(z.object({ at: z.date() }), { name: 'when', strict: false }),
    );
    expect(error.message).toContain('a z.date() value has no JSON form');
    expect(error.path).toBe('properties.at');
  });

  it('refuses a name the Responses API does not accept, and a zod 3 or non-zod schema', () => {
    expect(refusal(() => toStrictOutputSchema(answer, { name: 'my answer', strict: true })).message).toMatch(
      /Output name "my answer" is invalid/,
    );
    expect(
      refusal(() => toStrictOutputSchema({ type: 'object' } as never, { name: 'answer', strict: true }))
        .message,
    ).toMatch(/must be a zod 4 schema/);
  });
});

describe('parseStructuredOutput', () => {
  it('validates the text and turns a null sent for an optional property back into a missing one', async () => {
    const parsed = await parseStructuredOutput(answer, '{"total":12.5,"currency":"EUR","note":null}', {
      strict: true,
    });
    expect(parsed).toEqual({ ok: true, value: { total: 12.5, currency: 'EUR' } });
  });

  it('says what is wrong: text that is not JSON, JSON that is not an object, and a schema violation', async () => {
    expect(await parseStructuredOutput(answer, '{"total": 1', { strict: true })).toMatchObject({
      ok: false,
      problem: 'invalid_json',
    });
    expect(await parseStructuredOutput(undefined, '[1,2]', { strict: false })).toMatchObject({
      ok: false,
      problem: 'not_an_object',
      issues: [{ path: '', message: 'expected a JSON object, got an array' }],
    });
    const mismatch = await parseStructuredOutput(answer, '{"total":"12","note":null}', { strict: true });
    expect(mismatch).toMatchObject({ ok: false, problem: 'schema_mismatch' });
    expect(mismatch.ok ? [] : mismatch.issues.map((i) => i.path)).toEqual(['total', 'currency']);
    expect(mismatch.ok ? [] : mismatch.issues[1]!.message).toBe('Required');
  });

  it('accepts any JSON object without a schema', async () => {
    expect(await parseStructuredOutput(undefined, '{"a":[1]}', { strict: false })).toEqual({
      ok: true,
      value: { a: [1] },
    });
  });
});

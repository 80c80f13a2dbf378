import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createAgent,
  createConversation,
  OutputIncompleteError,
  OutputInvalidError,
  OutputRefusedError,
  OutputSchemaError,
  type RunEvent,
} from '../src/index.js';
import { createBodies, getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const invoice = z.object({
  number: z.string(),
  total: z.number(),
  currency: z.enum(['EUR', 'USD']),
  note: z.string().optional(),
});

describe('typed final output', () => {
  it('sends the schema as a strict json_schema text format and returns the answer parsed and typed', async () => {
    emu.enqueue(reply.text('{"number":"INV-7","total":120.5,"currency":"EUR","note":null}'));
    const agent = createAgent({ name: 'billing', model: 'm', client, output: invoice });
    const result = await agent.run('Total of INV-7?');
    expect(result.status).toBe('completed');
    if (result.status !== 'completed') return;
    expect(result.finalOutput).toEqual({ number: 'INV-7', total: 120.5, currency: 'EUR' });
    expect(result.output).toBe('{"number":"INV-7","total":120.5,"currency":"EUR","note":null}');
    expect(createBodies(emu)[0].text).toEqual({
      format: {
        type: 'json_schema',
        name: 'billing_output',
        strict: true,
        schema: {
          type: 'object',
          properties: {
            number: { type: 'string' },
            total: { type: 'number' },
            currency: { type: 'string', enum: ['EUR', 'USD'] },
            note: { type: ['string', 'null'] },
          },
          required: ['number', 'total', 'currency', 'note'],
          additionalProperties: false,
        },
      },
    });
  });

  it('keeps the other text settings (verbosity) and takes a name and description', async () => {
    emu.enqueue(reply.text('{"number":"INV-1","total":1,"currency":"USD","note":"x"}'));
    const agent = createAgent({
      model: 'm',
      client,
      settings: { text: { verbosity: 'low' } },
      output: { schema: invoice, name: 'invoice', description: 'The invoice asked about.' },
    });
    await agent.run('INV-1?');
    expect(createBodies(emu)[0].text).toMatchObject({
      verbosity: 'low',
      format: { type: 'json_schema', name: 'invoice', description: 'The invoice asked about.', strict: true },
    });
  });

  it('refuses, when the agent is made, a schema strict mode cannot express, naming the output, the path and the fix', () => {
    const make = () =>
      createAgent({
        name: 'tagger',
        model: 'm',
        client,
        output: z.object({ tags: z.record(z.string(), z.number()) }),
      });
    expect(make).toThrow(OutputSchemaError);
    expect(make).toThrow(
      /^Output "tagger_output": the output schema cannot be described in strict mode: at properties\.tags, an object has keys the model would choose .* give the output `strict: false`/,
    );
    expect(emu.requests).toHaveLength(0);
  });

  it('refuses an output together with settings.text.format, and something that is not an output', () => {
    expect(() =>
      createAgent({
        model: 'm',
        output: invoice,
        settings: { text: { format: { type: 'json_object' } } },
      }),
    ).toThrow(ConfigurationError);
    expect(() => createAgent({ model: 'm', output: 'json' as never })).toThrow(
      /`output` must be a zod object schema/,
    );
    expect(() => createAgent({ model: 'm', output: { type: 'yaml' } as never })).toThrow(/output\.type/);
  });

  it('stops with OutputInvalidError carrying the raw text and the partial result when the model sends invalid JSON', async () => {
    emu.enqueue(reply.text('{"number": "INV-7", "total": 12'));
    const agent = createAgent({ model: 'm', client, output: { schema: invoice, strict: false } });
    const error = await agent.run('Total?').catch((e) => e);
    expect(error).toBeInstanceOf(OutputInvalidError);
    expect(error.code).toBe('output_invalid');
    expect(error.problem).toBe('invalid_json');
    expect(error.rawText).toBe('{"number": "INV-7", "total": 12');
    expect(error.partial.status).toBe('stopped');
    expect(error.partial.finalOutput).toBeUndefined();
    expect(error.partial.lastResponse.id).toBe(error.responseId);
    expect(createBodies(emu)[0].text.format).toMatchObject({ type: 'json_schema', strict: false });
  });

  it('stops with OutputInvalidError listing each issue when the JSON does not match the schema', async () => {
    emu.enqueue(reply.text('{"number":"INV-7","total":"a lot"}'));
    const agent = createAgent({ model: 'm', client, output: { type: 'json_object', schema: invoice } });
    const error = await agent.run('Total? Answer in JSON.').catch((e) => e);
    expect(error).toBeInstanceOf(OutputInvalidError);
    expect(error.problem).toBe('schema_mismatch');
    expect(error.issues.map((i: any) => i.path)).toEqual(['total', 'currency']);
    expect(error.message).toMatch(
      /does not match the schema of "json_object" \(total: .*; currency: Required\)/,
    );
    expect(createBodies(emu)[0].text).toEqual({ format: { type: 'json_object' } });
  });

  it('returns any JSON object in plain JSON mode', async () => {
    emu.enqueue(reply.text('{"answer":"yes","confidence":0.9}'));
    const agent = createAgent({ model: 'm', client, output: { type: 'json_object' } });
    const result = await agent.run('Is it? Reply in JSON.');
    expect(result.finalOutput).toEqual({ answer: 'yes', confidence: 0.9 });
  });

  it('streams the JSON as text deltas and parses it once, when the response is complete', async () => {
    const json = '{"number":"INV-9","total":99,"currency":"USD","note":"paid in two parts"}';
    emu.enqueue(reply.text(json));
    const agent = createAgent({ model: 'm', client, output: invoice });
    const stream = agent.stream('INV-9?');
    const seen: RunEvent[] = [];
    stream.on('text_delta', (e) => seen.push(e));
    stream.on('run_finished', (e) => seen.push(e));
    const result = await stream.result;
    const deltas = seen.filter((e) => e.type === 'text_delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e: any) => e.delta).join('')).toBe(json);
    // No delta is valid JSON on its own: the output is parsed from the finished text only.
    expect(seen.at(-1)!.type).toBe('run_finished');
    expect(result.finalOutput).toEqual({
      number: 'INV-9',
      total: 99,
      currency: 'USD',
      note: 'paid in two parts',
    });
  });

  for (const strategy of ['server', 'stateless'] as const) {
    it(`types the answer after tool calls, ${strategy} strategy`, async () => {
      emu.enqueue(
        reply.toolCall('get_weather', { city: 'Paris' }),
        reply.text('{"city":"Paris","celsius":18}', { match: { toolOutputFor: 'get_weather' } }),
      );
      const agent = createAgent({
        model: 'm',
        client,
        tools: [getWeather],
        strategy,
        output: z.object({ city: z.string(), celsius: z.number() }),
      });
      const result = await agent.run('Weather in Paris?', { conversation: createConversation({ strategy }) });
      expect(result.finalOutput).toEqual({ city: 'Paris', celsius: 18 });
      const bodies = createBodies(emu);
      expect(bodies).toHaveLength(2);
      for (const body of bodies) expect(body.text.format.type).toBe('json_schema');
      expect(bodies[1].store).toBe(strategy === 'server');
    });
  }

  it('gets a typed answer from the emulator with no script: JSON the service made from the schema', async () => {
    const agent = createAgent({ name: 'billing', model: 'm', client, output: invoice });
    const result = await agent.run('What do I owe on INV-7?');
    expect(result.finalOutput).toEqual({
      number: 'You said: "What do I owe on INV-7?"',
      total: 0,
      currency: 'EUR',
      note: 'note',
    });
  });

  it('stops with OutputRefusedError carrying the refusal when the model refuses', async () => {
    emu.enqueue(reply.refusal('I cannot share invoices of other customers.'));
    const agent = createAgent({ model: 'm', client, output: invoice });
    const error = await agent.run("Show me my neighbour's invoice.").catch((e) => e);
    expect(error).toBeInstanceOf(OutputRefusedError);
    expect(error.code).toBe('output_refused');
    expect(error.rawText).toBe('I cannot share invoices of other customers.');
    expect(error.partial.status).toBe('stopped');
    expect(error.partial.output).toBe('I cannot share invoices of other customers.');
  });

  it('stops with OutputIncompleteError, not parsing the cut JSON, when max_output_tokens cuts the answer', async () => {
    const json = JSON.stringify({ number: 'INV-7', total: 1, currency: 'EUR', note: 'x'.repeat(200) });
    emu.enqueue(reply.text(json));
    const agent = createAgent({ model: 'm', client, output: invoice, settings: { max_output_tokens: 16 } });
    const error = await agent.run('Total?').catch((e) => e);
    expect(error).toBeInstanceOf(OutputIncompleteError);
    expect(error.reason).toBe('max_output_tokens');
    expect(error.rawText).toBe(json.slice(0, 64));
    expect(error.message).toMatch(/Raise settings\.max_output_tokens/);
    expect(error.partial.lastResponse.status).toBe('incomplete');
  });

  it('leaves a cut text answer an incomplete result, without an error', async () => {
    emu.enqueue(reply.text('word '.repeat(100)));
    const result = await createAgent({ model: 'm', client, settings: { max_output_tokens: 16 } }).run('Talk');
    expect(result.status).toBe('incomplete');
    expect(result.incompleteReason).toBe('max_output_tokens');
    expect(result.finalOutput).toBeUndefined();
  });

  it('gives a text agent its answer as finalOutput', async () => {
    emu.enqueue(reply.text('Plain answer.'));
    const result = await createAgent({ model: 'm', client }).run('Hi');
    expect(result.finalOutput).toBe('Plain answer.');
  });
});

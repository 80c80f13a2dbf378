import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor, RECORDINGS } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function errorOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  throw new Error('expected the request to fail');
}

function recorded(name: string): AnyJson {
  return JSON.parse(readFileSync(join(RECORDINGS, `${name}.json`), 'utf8'));
}

describe('per-model defaults', () => {
  it('echo the reasoning of the recordings for the same models and no effort sent', async () => {
    for (const [name, model] of [
      ['azure-text.1', 'gpt-5.1'],
      ['openai-mcp-tool-approval.1', 'gpt-5-mini-2025-08-07'],
      ['azure-image-generation-tool.1', 'gpt-4.1-mini'],
      ['openai-compaction.1', 'gpt-5.2-2025-12-11'],
    ] as const) {
      const response = await client.responses.create({ model, input: 'Hi' });
      expect(response.reasoning, model).toEqual(recorded(name).reasoning);
    }
  });

  it('make gpt-5-mini reason at medium effort when the request sets none', async () => {
    const response = await client.responses.create({ model: 'gpt-5-mini', input: 'Hi' });
    expect(response.reasoning).toEqual({ effort: 'medium', summary: null });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('keep gpt-5.1 from reasoning unless an effort is sent', async () => {
    const plain = await client.responses.create({ model: 'gpt-5.1', input: 'Hi' });
    expect(plain.output.map((item) => item.type)).toEqual(['message']);
    expect(plain.usage?.output_tokens_details.reasoning_tokens).toBe(0);
    const reasoned = await client.responses.create({
      model: 'gpt-5.1',
      input: 'Hi',
      reasoning: { effort: 'low' },
    });
    expect(reasoned.reasoning?.effort).toBe('low');
    expect(reasoned.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
  });

  it('echo the resolved effort in the streamed lifecycle events too', async () => {
    const stream = await client.responses.create({ model: 'gpt-5-nano', input: 'Hi', stream: true });
    const efforts: unknown[] = [];
    for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
      if ('response' in event) efforts.push(event.response.reasoning?.effort);
    }
    expect(efforts).toEqual(['medium', 'medium', 'medium']);
  });

  it('leave a model name it does not know as it was: no effort echoed, reasoning only when sent', async () => {
    const plain = await client.responses.create({ model: 'my-deployment', input: 'Hi' });
    expect(plain.reasoning).toEqual({ effort: null, summary: null });
    expect(plain.output.map((item) => item.type)).toEqual(['message']);
    const reasoned = await client.responses.create({
      model: 'my-deployment',
      input: 'Hi',
      reasoning: { effort: 'max' },
      temperature: 0.2,
    });
    expect(reasoned.reasoning?.effort).toBe('max');
  });
});

describe('per-model refusals', () => {
  it('refuse an effort the model does not take, in the real words', async () => {
    const error = await errorOf(
      client.responses.create({ model: 'gpt-5-mini', input: 'Hi', reasoning: { effort: 'none' } }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toEqual({
      message:
        "Unsupported value: 'none' is not supported with the 'gpt-5-mini' model. Supported values are: 'minimal', 'low', 'medium', and 'high'.",
      type: 'invalid_request_error',
      param: 'reasoning.effort',
      code: 'unsupported_value',
    });
    const pro = await errorOf(
      client.responses.create({ model: 'gpt-5-pro', input: 'Hi', reasoning: { effort: 'low' } }),
    );
    expect(pro.message).toContain("Supported values are: 'high'.");
  });

  it('refuse reasoning settings on a model that does not reason', async () => {
    const error = await errorOf(
      client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', reasoning: { effort: 'low' } }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toEqual({
      message: "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
      type: 'invalid_request_error',
      param: 'reasoning.effort',
      code: 'unsupported_parameter',
    });
  });

  it('refuse temperature, top_p and top_logprobs while a reasoning model reasons', async () => {
    for (const extra of [{ temperature: 0.2 }, { top_p: 0.5 }, { top_logprobs: 2 }]) {
      const error = await errorOf(client.responses.create({ model: 'gpt-5-mini', input: 'Hi', ...extra }));
      const param = Object.keys(extra)[0];
      expect(error.error).toEqual({
        message: `Unsupported parameter: '${param}' is not supported with this model.`,
        type: 'invalid_request_error',
        param,
        code: null,
      });
    }
    const atLow = await errorOf(
      client.responses.create({
        model: 'gpt-5.1',
        input: 'Hi',
        temperature: 0.2,
        reasoning: { effort: 'low' },
      }),
    );
    expect(atLow.param).toBe('temperature');
  });

  it('accept temperature on gpt-5.1 at its default effort none, and echo it', async () => {
    const response = await client.responses.create({ model: 'gpt-5.1', input: 'Hi', temperature: 0.2 });
    expect(response.temperature).toBe(0.2);
    expect(response.reasoning?.effort).toBe('none');
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  loadScript,
  parseScript,
  reply,
  ScriptError,
  type ScriptTurn,
  startEmulator,
} from '../src/index.js';
import { clientFor, RECORDINGS } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const tool = (name: string) => ({
  type: 'function' as const,
  name,
  parameters: { type: 'object', properties: {} },
  strict: false,
});

describe('script turns', () => {
  it('answers with queued turns in order, then falls back to the default model', async () => {
    emu.enqueue(reply.text('first'), reply.text('second'));
    expect(emu.pendingTurns).toBe(2);
    const texts = [];
    for (let i = 0; i < 3; i++)
      texts.push((await client.responses.create({ model: 'm', input: 'go' })).output_text);
    expect(texts).toEqual(['first', 'second', 'You said: "go"']);
    expect(emu.pendingTurns).toBe(0);
  });

  it('uses the first queued turn whose match accepts the request', async () => {
    emu.enqueue(
      reply.text('about weather', { match: { inputIncludes: 'weather' } }),
      reply.text('for gpt-x', { match: { model: 'gpt-x' } }),
      reply.text('anything'),
    );
    expect((await client.responses.create({ model: 'gpt-x', input: 'hello' })).output_text).toBe('for gpt-x');
    expect((await client.responses.create({ model: 'm', input: 'the weather?' })).output_text).toBe(
      'about weather',
    );
    expect((await client.responses.create({ model: 'm', input: 'the weather?' })).output_text).toBe(
      'anything',
    );
  });

  it('matches inputIncludes against the last user message of the whole chain', async () => {
    emu.enqueue(reply.text('matched', { match: { inputIncludes: 'Paris' } }));
    const first = await client.responses.create({ model: 'm', input: 'I am in Paris' });
    expect(first.output_text).toBe('matched');
    emu.enqueue(reply.text('still Paris', { match: { inputIncludes: 'Paris' } }));
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: [{ role: 'developer', content: 'be terse' }],
    });
    expect(second.output_text).toBe('still Paris');
  });

  it('matches toolOutputFor only when the context ends with that tool output', async () => {
    emu.enqueue(
      reply.text('weather summary', { match: { toolOutputFor: 'get_weather' } }),
      reply.text('time summary', { match: { toolOutputFor: 'get_time' } }),
      reply.toolCalls([{ name: 'get_time' }, { name: 'get_weather' }]),
    );
    const first = await client.responses.create({
      model: 'm',
      input: 'time and weather',
      tools: [tool('get_time')],
    });
    expect(first.output.map((o) => (o as { name?: string }).name)).toEqual(['get_time', 'get_weather']);
    const calls = first.output as Array<{ call_id: string }>;
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: calls.map((c) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: 'ok' })),
    });
    expect(second.output_text).toBe('weather summary');
    expect(emu.pendingTurns).toBe(1);
  });

  it('matches hasTool by function name or hosted tool type', async () => {
    emu.enqueue(
      reply.text('has code interpreter', { match: { hasTool: 'code_interpreter' } }),
      reply.text('has lookup', { match: { hasTool: 'lookup' } }),
    );
    const a = await client.responses.create({ model: 'm', input: 'x', tools: [tool('lookup')] });
    const b = await client.responses.create({
      model: 'm',
      input: 'x',
      tools: [{ type: 'code_interpreter', container: { type: 'auto' } }],
    });
    expect([a.output_text, b.output_text]).toEqual(['has lookup', 'has code interpreter']);
  });

  it('does not consume a turn when the request fails validation', async () => {
    emu.enqueue(reply.text('kept'));
    await expect(client.responses.create({ model: 'm', input: 'x', temperature: 9 })).rejects.toThrow();
    expect(emu.pendingTurns).toBe(1);
  });

  it('sends raw string arguments verbatim, even malformed JSON', async () => {
    emu.enqueue(reply.toolCall('f', '{"broken": '));
    const response = await client.responses.create({ model: 'm', input: 'x' });
    expect((response.output[0] as { arguments: string }).arguments).toBe('{"broken": ');
  });

  it('consults a custom behavior after the queue and before the default model', async () => {
    const custom = await startEmulator({
      script: [reply.text('scripted')],
      behavior: (req) =>
        req.model === 'smart' ? reply.text(`behavior saw ${req.context.length} item(s)`) : undefined,
    });
    try {
      const c = clientFor(custom);
      expect((await c.responses.create({ model: 'smart', input: 'a' })).output_text).toBe('scripted');
      expect((await c.responses.create({ model: 'smart', input: 'a' })).output_text).toBe(
        'behavior saw 1 item(s)',
      );
      expect((await c.responses.create({ model: 'plain', input: 'a' })).output_text).toBe('You said: "a"');
    } finally {
      await custom.close();
    }
  });

  it('builds plain JSON turns', () => {
    const turns = [
      reply.text('hi', { match: { model: 'm' }, delayMs: 1 }),
      reply.toolCall('f', { a: 1 }, { callId: 'call_1' }),
      reply.toolCalls([{ name: 'g' }]),
      reply.fault({ type: 'http', status: 429, retryAfter: 1 }),
      reply.recording(join(RECORDINGS, 'azure-text.1')),
    ];
    expect(JSON.parse(JSON.stringify(turns))).toEqual(turns);
    expect(turns[1]).toEqual({
      output: [{ type: 'function_call', name: 'f', arguments: { a: 1 }, call_id: 'call_1' }],
    });
    expect(parseScript({ turns })).toHaveLength(5);
  });
});

describe('the default model', () => {
  it('echoes the last user message', async () => {
    const response = await client.responses.create({
      model: 'm',
      input: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'input_text', text: 'second' }] },
      ],
    });
    expect(response.output_text).toBe('You said: "second"');
  });

  it('reports every trailing tool output on its own line', async () => {
    emu.enqueue(reply.toolCalls([{ name: 'a' }, { name: 'b' }]));
    const first = await client.responses.create({ model: 'm', input: 'x' });
    const calls = first.output as Array<{ call_id: string }>;
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: [
        { type: 'function_call_output', call_id: calls[0]!.call_id, output: '1' },
        {
          type: 'function_call_output',
          call_id: calls[1]!.call_id,
          output: [{ type: 'input_text', text: '2' }],
        },
      ],
    });
    expect(second.output_text).toBe('Tool a returned: 1\nTool b returned: 2');
  });
});

describe('script validation', () => {
  it.each([
    [
      { output: [{ type: 'function_call', arguments: {} }] },
      'output[0].name',
      'turn 0: output[0].name: expected a non-empty string',
    ],
    [{ output: [] }, 'output', 'turn 0: output: expected a non-empty array of items'],
    [{ output: [{ type: 'image' }] }, 'output[0].type', null],
    [
      { match: { inputContains: 'x' }, output: [{ type: 'message', text: 'x' }] },
      'match.inputContains',
      null,
    ],
    [{}, '', 'turn 0: expected output, recording or fault'],
    [{ fault: { type: 'http', status: 200 } }, 'fault.status', null],
    [{ fault: { type: 'explode' } }, 'fault.type', null],
    [{ fault: { type: 'http', status: 500 }, output: [{ type: 'message', text: 'x' }] }, 'fault', null],
    [{ recording: '/no/such/recording' }, 'recording', null],
    [{ output: [{ type: 'message', text: 'x' }], speed: 2 }, 'speed', null],
  ])('rejects %j naming the field', (turn, field, message) => {
    let error: unknown;
    try {
      emu.enqueue(turn as ScriptTurn);
    } catch (e) {
      error = e;
    }
    expect(ScriptError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_script', turn: 0, field });
    if (message) expect((error as Error).message).toBe(message);
    expect(emu.pendingTurns).toBe(0);
  });

  it('numbers enqueued turns after those already queued', () => {
    emu.enqueue(reply.text('ok'));
    expect(() => emu.enqueue(reply.text('fine'), { output: 'nope' } as unknown as ScriptTurn)).toThrow(
      /^turn 2: output:/,
    );
    expect(emu.pendingTurns).toBe(1);
  });

  it('rejects an invalid script at start', async () => {
    await expect(startEmulator({ script: { turns: [{ output: 'x' }] } as never })).rejects.toSatisfy(
      ScriptError.is,
    );
  });

  it('loads a script file with recording paths relative to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnkit-script-'));
    writeFileSync(
      join(dir, 'azure-text.1.json'),
      JSON.stringify({ id: 'resp_local', object: 'response', output: [] }),
    );
    const file = join(dir, 'script.json');
    writeFileSync(
      file,
      JSON.stringify({
        turns: [{ recording: 'azure-text.1.json' }, { output: [{ type: 'message', text: 'x' }] }],
      }),
    );
    const turns = await loadScript(file);
    expect(turns[0]!.recording).toBe(join(dir, 'azure-text.1'));
    writeFileSync(file, '{"turns": [');
    await expect(loadScript(file)).rejects.toThrow(/is not valid JSON/);
    await expect(loadScript(join(dir, 'missing.json'))).rejects.toThrow(/cannot read script file/);
    writeFileSync(file, '{"steps": []}');
    await expect(loadScript(file)).rejects.toThrow(/expected \{"turns": \[\.\.\.\]\}/);
  });
});

describe('the documented example script', () => {
  it('runs the weather flow end to end', async () => {
    const turns = await loadScript(fileURLToPath(new URL('./fixtures/weather-script.json', import.meta.url)));
    const scripted = await startEmulator({ script: turns });
    try {
      const c = clientFor(scripted, { maxRetries: 1 });
      const first = await c.responses.create({
        model: 'm',
        input: 'What is the weather?',
        tools: [tool('get_weather')],
      });
      expect(first.output.map((o) => o.type)).toEqual(['message', 'function_call']);
      const second = await c.responses.create({
        model: 'm',
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: 'call_weather_paris', output: '{"temp":21}' }],
      });
      expect(second.output_text).toBe('It is sunny in Paris, 21 °C.');
      const flaky = await c.responses.create({ model: 'm', input: 'a flaky request' });
      expect(flaky.output_text).toBe('You said: "a flaky request"');
      expect(scripted.requests.map((r) => r.status)).toEqual([200, 200, 429, 200]);
      const recorded = await c.responses.create({ model: 'm', input: 'something recorded' });
      const body = JSON.parse(readFileSync(join(RECORDINGS, 'azure-text.1.json'), 'utf8'));
      expect(recorded.id).toBe(body.id);
    } finally {
      await scripted.close();
    }
  });
});

// Tracing with the real OpenTelemetry SDK: spans go through a SimpleSpanProcessor into the SDK's
// InMemorySpanExporter, and the tests read the span tree it holds.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createAgent,
  createTracing,
  hostedMcpTool,
  RunState,
  TRACER_NAME,
  type Tracing,
} from '../src/index.js';
import { deleteInvoice } from './fixtures/invoice-tools.js';
import { startTestMcpServer } from './fixtures/mcp-server.js';
import { useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('tracing-test');
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((s) => s.name === name);
const one = (name: string): ReadableSpan => {
  const found = named(name);
  expect(
    found,
    `spans named "${name}" among ${spans()
      .map((s) => s.name)
      .join(', ')}`,
  ).toHaveLength(1);
  return found[0]!;
};
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** A weather tool whose calls finish only once two have started: two calls must run at once. */
function overlappingWeather() {
  let started = 0;
  let release!: () => void;
  const bothStarted = new Promise<void>((done) => {
    release = done;
  });
  return defineTool({
    name: 'get_weather',
    description: 'Current weather for a city.',
    input: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      if (++started === 2) release();
      await bothStarted;
      return { city, sky: 'clear' };
    },
  });
}

describe('tracing', () => {
  it('makes a span tree of a run with parallel tools: invoke_agent, chat per turn, execute_tool per call', async () => {
    emu.enqueue(
      reply.toolCalls([
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_weather', arguments: { city: 'Oslo' } },
      ]),
      reply.text('Clear in both.'),
    );
    const agent = createAgent({
      name: 'weather',
      model: 'gpt-5.1',
      client,
      tools: [overlappingWeather()],
      observers: [createTracing({ tracer })],
    });
    const result = await agent.run('Weather in Paris and Oslo?');
    expect(result.output).toBe('Clear in both.');

    const run = one('invoke_agent weather');
    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(parentOf(run)).toBeUndefined();
    expect(run.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.agent.name': 'weather',
      'gen_ai.request.model': 'gpt-5.1',
      'server.address': '127.0.0.1',
      'server.port': emu.port,
      'turnkit.run.id': result.runId,
      'turnkit.run.status': 'completed',
      'turnkit.run.turns': 2,
      'gen_ai.usage.input_tokens': result.usage.inputTokens,
      'gen_ai.usage.output_tokens': result.usage.outputTokens,
    });
    expect(run.status.code).toBe(SpanStatusCode.UNSET);

    const chats = named('chat gpt-5.1').sort(
      (a, b) => Number(a.attributes['turnkit.turn']) - Number(b.attributes['turnkit.turn']),
    );
    expect(chats).toHaveLength(2);
    for (const [index, chat] of chats.entries()) {
      const response = result.responses[index]!;
      expect(chat.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(chat)).toBe(idOf(run));
      expect(chat.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-5.1',
        'gen_ai.request.stream': true,
        'openai.api.type': 'responses',
        'gen_ai.response.id': response.id,
        'gen_ai.response.model': response.model,
        'gen_ai.usage.input_tokens': response.usage!.input_tokens,
        'gen_ai.usage.output_tokens': response.usage!.output_tokens,
      });
    }
    expect(chats[0]!.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(chats[1]!.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);

    const tools = named('execute_tool get_weather');
    expect(tools).toHaveLength(2);
    const calls = result.responses[0]!.output.filter((item) => item.type === 'function_call');
    expect(tools.map((t) => t.attributes['gen_ai.tool.call.id']).sort()).toEqual(
      calls.map((c) => c.call_id).sort(),
    );
    for (const tool of tools) {
      expect(parentOf(tool)).toBe(idOf(run));
      expect(tool.attributes).toMatchObject({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.description': 'Current weather for a city.',
        'turnkit.turn': 1,
      });
    }
    // The tools ran between the two turns: the exporter gets spans as they end.
    const ended = spans().map(
      (span) => span.name + (span.attributes['turnkit.turn'] ? ` ${span.attributes['turnkit.turn']}` : ''),
    );
    expect(ended).toEqual([
      'chat gpt-5.1 1',
      'execute_tool get_weather 1',
      'execute_tool get_weather 1',
      'chat gpt-5.1 2',
      'invoke_agent weather',
    ]);
    // The two calls ran at once (each waits for the other to start, so the run could not finish
    // otherwise), and they are two sibling spans, not one nested in the other.
    expect(parentOf(tools[0]!)).toBe(parentOf(tools[1]!));
  });

  it('records no content unless asked to', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Clear in Paris.'));
    const getWeather = defineTool({
      name: 'get_weather',
      description: 'Weather.',
      input: z.object({ city: z.string() }),
      execute: ({ city }) => ({ city, sky: 'clear' }),
    });
    const agent = createAgent({ instructions: 'Be brief.', model: 'm', client, tools: [getWeather] });
    await agent.run('Weather in Paris?', { observers: [createTracing({ tracer })] });
    const attributes = JSON.stringify(spans().map((s) => s.attributes));
    expect(spans()).toHaveLength(4);
    for (const text of [
      'Weather in Paris?',
      'Be brief.',
      'Clear in Paris.',
      '"Paris"',
      'gen_ai.input.messages',
    ]) {
      expect(attributes).not.toContain(text);
    }
  });

  it('records prompts, answers and tool arguments and results when asked to, never MCP header secrets', async () => {
    const secret = 'mcp-header-secret-31337';
    const mcp = await startTestMcpServer(secret);
    try {
      emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Clear in Paris.'));
      const getWeather = defineTool({
        name: 'get_weather',
        description: 'Weather.',
        input: z.object({ city: z.string() }),
        execute: ({ city }) => ({ city, sky: 'clear' }),
      });
      const items = hostedMcpTool({
        serverLabel: 'items',
        serverUrl: mcp.url,
        headers: { 'x-api-key': secret },
        requireApproval: 'never',
      });
      const agent = createAgent({
        instructions: 'Be brief.',
        model: 'm',
        client,
        tools: [getWeather, items],
        observers: [createTracing({ tracer, recordContent: true })],
      });
      await agent.run('Weather in Paris?');
      const everything = JSON.stringify(spans().map((s) => ({ a: s.attributes, e: s.events, st: s.status })));
      expect(everything).not.toContain(secret);

      const [first, second] = named('chat m').sort(
        (x, y) => Number(x.attributes['turnkit.turn']) - Number(y.attributes['turnkit.turn']),
      );
      expect(JSON.parse(String(first!.attributes['gen_ai.input.messages']))).toEqual([
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      ]);
      expect(JSON.parse(String(first!.attributes['gen_ai.system_instructions']))).toEqual([
        { type: 'text', content: 'Be brief.' },
      ]);
      expect(JSON.parse(String(first!.attributes['gen_ai.tool.definitions']))).toEqual([
        { type: 'function', name: 'get_weather' },
        { type: 'mcp', name: 'items' },
      ]);
      expect(JSON.parse(String(first!.attributes['gen_ai.output.messages']))).toEqual([
        {
          role: 'assistant',
          parts: [
            { type: 'mcp_list_tools', id: expect.any(String) },
            {
              type: 'tool_call',
              id: expect.stringMatching(/^call_/),
              name: 'get_weather',
              arguments: { city: 'Paris' },
            },
          ],
          finish_reason: 'tool_call',
        },
      ]);
      expect(JSON.parse(String(second!.attributes['gen_ai.output.messages']))).toEqual([
        { role: 'assistant', parts: [{ type: 'text', content: 'Clear in Paris.' }], finish_reason: 'stop' },
      ]);
      const tool = one('execute_tool get_weather');
      expect(JSON.parse(String(tool.attributes['gen_ai.tool.call.arguments']))).toEqual({ city: 'Paris' });
      expect(JSON.parse(String(tool.attributes['gen_ai.tool.call.result']))).toEqual({
        city: 'Paris',
        sky: 'clear',
      });
    } finally {
      await mcp.close();
    }
  });

  it('ends a paused run with its approval waiting, and links the resumed run and its decision to them', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-7' }), reply.text('INV-7 is gone.'));
    const tracing = createTracing({ tracer });
    const agent = createAgent({
      name: 'billing',
      model: 'm',
      client,
      tools: [deleteInvoice],
      observers: [tracing],
    });
    const paused = await agent.run('Delete INV-7');
    expect(paused.status).toBe('interrupted');

    const pausedRun = one('invoke_agent billing');
    expect(pausedRun.attributes).toMatchObject({
      'turnkit.run.status': 'interrupted',
      'turnkit.run.resume_token': paused.state!.resumeToken,
    });
    const waiting = one('approval delete_invoice');
    expect(parentOf(waiting)).toBe(idOf(pausedRun));
    expect(waiting.attributes).toMatchObject({
      'gen_ai.tool.name': 'delete_invoice',
      'gen_ai.tool.call.id': paused.interruptions[0]!.id,
      'turnkit.approval.kind': 'function',
      'turnkit.approval.pending': true,
    });
    expect(waiting.attributes['turnkit.approval.approved']).toBeUndefined();
    expect(named('execute_tool delete_invoice')).toHaveLength(0);

    // The state goes through JSON, as it would to a file; the tracing knows it by its resume token.
    const state = RunState.fromJSON(JSON.parse(JSON.stringify(paused.state)));
    exporter.reset();
    const done = await agent.run(state.withDecisions({ [paused.interruptions[0]!.id]: true }));
    expect(done.output).toBe('INV-7 is gone.');

    const resumed = one('invoke_agent billing');
    expect(resumed.spanContext().traceId).not.toBe(pausedRun.spanContext().traceId);
    expect(resumed.attributes['turnkit.run.resumed_from']).toBe(paused.runId);
    expect(resumed.links).toEqual([
      {
        context: expect.objectContaining({
          traceId: pausedRun.spanContext().traceId,
          spanId: idOf(pausedRun),
        }),
        attributes: { 'turnkit.link.type': 'resumes' },
      },
    ]);
    const decided = one('approval delete_invoice');
    expect(parentOf(decided)).toBe(idOf(resumed));
    expect(decided.attributes).toMatchObject({
      'turnkit.approval.approved': true,
      'turnkit.approval.decided_by': 'resume',
    });
    expect(decided.links).toEqual([
      {
        context: expect.objectContaining({ spanId: idOf(waiting) }),
        attributes: { 'turnkit.link.type': 'decides' },
      },
    ]);
    const tool = one('execute_tool delete_invoice');
    expect(parentOf(tool)).toBe(idOf(resumed));
  });

  it('links a resume in another process to the paused run through the saved paused trace', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-8' }), reply.text('INV-8 is gone.'));
    const first = createTracing({ tracer });
    const paused = await createAgent({ name: 'billing', model: 'm', client, tools: [deleteInvoice] }).run(
      'Delete INV-8',
      { observers: [first] },
    );
    const saved = JSON.parse(
      JSON.stringify({ state: paused.state, trace: first.pausedTrace(paused.state!) }),
    );
    const pausedRun = one('invoke_agent billing');
    exporter.reset();

    // "Another process": a new tracing that never saw the run pause.
    const second: Tracing = createTracing({ tracer });
    const state = RunState.fromJSON(saved.state);
    expect(second.pausedTrace(state)).toBeUndefined();
    second.linkPaused(state, saved.trace);
    const agent = createAgent({
      name: 'billing',
      model: 'm',
      client,
      tools: [deleteInvoice],
      observers: [second],
    });
    await agent.run(state.withDecisions({ [state.approvals[0]!.id]: true }));
    expect(one('invoke_agent billing').links[0]!.context.spanId).toBe(idOf(pausedRun));
    expect(one('approval delete_invoice').links).toHaveLength(1);
    expect(() => second.linkPaused(state, { run: { traceId: 'x' } } as never)).toThrow(ConfigurationError);
  });

  it('marks a failed run and its turn with ERROR status, the exception and error.type', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 500 }));
    const agent = createAgent({ name: 'flaky', model: 'm', client, observers: [createTracing({ tracer })] });
    const error = (await agent.run('Hi').catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('service_error');

    const run = one('invoke_agent flaky');
    expect(run.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(run.attributes).toMatchObject({ 'error.type': 'service_error', 'turnkit.run.status': 'failed' });
    const exception = run.events.find((e) => e.name === 'exception');
    expect(exception?.attributes).toMatchObject({
      'exception.type': 'service_error',
      'exception.message': error.message,
    });
    const chat = one('chat m');
    expect(chat.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat.attributes['error.type']).toBe('service_error');
    expect(parentOf(chat)).toBe(idOf(run));
  });

  it('marks a failing tool call ERROR with its error code while the run goes on', async () => {
    emu.enqueue(reply.toolCall('explode', {}), reply.text('It failed, sorry.'));
    const explode = defineTool({
      name: 'explode',
      description: 'Fails.',
      input: z.object({}),
      execute: () => {
        throw new Error('kaboom with a private detail');
      },
    });
    const agent = createAgent({
      model: 'm',
      client,
      tools: [explode],
      observers: [createTracing({ tracer })],
    });
    const result = await agent.run('Go');
    expect(result.status).toBe('completed');
    const tool = one('execute_tool explode');
    expect(tool.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool.attributes['error.type']).toBe('tool_failed');
    expect(JSON.stringify(tool.status)).not.toContain('private detail');
    expect(one('invoke_agent agent').status.code).toBe(SpanStatusCode.UNSET);
  });

  it("nests under the caller's span, and makes the run span current for the tools' own spans", async () => {
    emu.enqueue(reply.toolCall('lookup', {}), reply.text('Found it.'));
    const lookup = defineTool({
      name: 'lookup',
      description: 'Looks up.',
      input: z.object({}),
      execute: () => {
        tracer.startSpan('db.query').end();
        return 'row 1';
      },
    });
    const agent = createAgent({
      model: 'm',
      client,
      tools: [lookup],
      observers: [createTracing({ tracer })],
    });
    const outer = tracer.startSpan('http.request');
    await context.with(trace.setSpan(context.active(), outer), () => agent.run('Find it'));
    outer.end();
    const run = one('invoke_agent agent');
    expect(parentOf(run)).toBe(idOf(one('http.request')));
    expect(parentOf(one('db.query'))).toBe(idOf(run));
  });

  it('takes the global tracer at each run when told to, and registers nothing itself', async () => {
    expect(trace.getTracerProvider().getTracer('probe').startSpan('probe').spanContext().traceFlags).toBe(0);
    const tracing = createTracing({ tracer: 'global' });
    const agent = createAgent({ name: 'global', model: 'm', client, observers: [tracing] });
    emu.enqueue(reply.text('One.'));
    await agent.run('Hi');
    expect(named('invoke_agent global')).toHaveLength(0); // no provider registered yet: nothing recorded

    trace.setGlobalTracerProvider(provider);
    try {
      emu.enqueue(reply.text('Two.'));
      await agent.run('Hi');
      const run = one('invoke_agent global');
      expect(run.instrumentationScope.name).toBe(TRACER_NAME);
    } finally {
      trace.disable();
    }
  });

  it('refuses options that cannot work, naming them', () => {
    expect(() => createTracing({} as never)).toThrow(/`tracer` must be an OpenTelemetry Tracer/);
    expect(() => createTracing({ tracer: 'globl' } as never)).toThrow(ConfigurationError);
    expect(() => createTracing({ tracer, recordContent: 'yes' } as never)).toThrow(/recordContent/);
    expect(() => createAgent({ model: 'm', observers: {} as never })).toThrow(/agent\.observers/);
    expect(() => createAgent({ model: 'm', observers: [{}] as never })).toThrow(/agent\.observers\[0\]/);
  });

  it('refuses bad run observers by rejecting the run, not by throwing from agent.run', async () => {
    const agent = createAgent({ model: 'm', client });
    const run = agent.run('Hi', { observers: [42] as never });
    await expect(run).rejects.toThrow(/run\.observers\[0\]/);
    expect(emu.requests).toHaveLength(0);
  });
});

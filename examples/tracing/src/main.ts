// Tracing and a run log: the weather agent with OpenTelemetry GenAI spans and a run log for
// `turnkit view`.
//   npm run example -- tracing                       offline; prints the span tree, writes runs.jsonl
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 npm run example -- tracing
//                                                    also exports the spans over OTLP/HTTP (a Collector, Jaeger …)
//   npm run example -- tracing --content "Weather in Oslo?"   records prompts and answers on the spans too
// Live on Azure with the AZURE_OPENAI_* variables set, as the other examples.
import { resolve } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { connectFromEnv, createAgent, createRunLog, createTracing, TurnkitError } from '@turnkit/core';
import type { ModelBehavior } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import { z } from 'zod';

const args = process.argv.slice(2);
const recordContent = args.includes('--content');
const question =
  args.filter((a) => a !== '--content').join(' ') || 'What is the weather in Paris and in Oslo?';
/** Where the run log goes: beside where the command was typed (see scripts/dev.sh). */
const logPath = resolve(process.env.TURNKIT_CALLER_CWD ?? process.cwd(), process.env.RUN_LOG ?? 'runs.jsonl');

const WEATHER: Record<string, { sky: string; temperature: number }> = {
  Paris: { sky: 'light rain', temperature: 18 },
  Oslo: { sky: 'snow', temperature: -3 },
};
const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  input: z.object({ city: z.string() }),
  execute: ({ city }) => {
    const found = WEATHER[city];
    if (!found) throw new Error(`No data for "${city}".`);
    return { city, ...found };
  },
});

/** Offline, the emulator plays the model: a lookup per city named, then an answer from the results. */
const offlineModel: ModelBehavior = (request) => {
  const last = request.context.at(-1);
  if (last?.type === 'function_call_output') {
    const lines = request.context
      .filter((item) => item.type === 'function_call_output')
      .map((item) => JSON.parse(String(item.output)) as { city: string; sky: string; temperature: number })
      .map((w) => `${w.city}: ${w.sky}, ${w.temperature} °C.`);
    return { output: [{ type: 'message' as const, text: lines.join(' ') }] };
  }
  const cities = Object.keys(WEATHER).filter((city) => JSON.stringify(last ?? '').includes(city));
  return cities.length
    ? {
        output: cities.map((city) => ({
          type: 'function_call' as const,
          name: 'get_weather',
          arguments: { city },
        })),
      }
    : { output: [{ type: 'message' as const, text: 'Which city do you mean?' }] };
};

/** The span tree, indented, with each span's duration and a few attributes. */
function printTree(spans: ReadableSpan[]): void {
  const children = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const ms = (span: ReadableSpan) => (span.duration[0] * 1e3 + span.duration[1] / 1e6).toFixed(1);
  const walk = (parent: string | undefined, depth: number): void => {
    const level = (children.get(parent) ?? []).sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    );
    for (const span of level) {
      const a = span.attributes;
      const facts = [
        a['gen_ai.response.id'] && `response ${a['gen_ai.response.id']}`,
        a['gen_ai.usage.input_tokens'] !== undefined &&
          `${a['gen_ai.usage.input_tokens']} in / ${a['gen_ai.usage.output_tokens']} out tokens`,
        a['gen_ai.tool.call.id'] && `call ${a['gen_ai.tool.call.id']}`,
        a['error.type'] && `error ${a['error.type']}`,
      ].filter(Boolean);
      console.log(
        `${'  '.repeat(depth)}${span.name}  (${ms(span)} ms${facts.length ? `; ${facts.join('; ')}` : ''})`,
      );
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 1);
}

async function main(): Promise<void> {
  // The app's OpenTelemetry setup: a context manager (so spans nest across awaits), a provider,
  // and where spans go. turnkit only gets the tracer.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const memory = new InMemorySpanExporter();
  const processors: SpanProcessor[] = [new SimpleSpanProcessor({ exporter: memory })];
  const otlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (otlp) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'turnkit-example-tracing' }),
    spanProcessors: processors,
  });
  const tracer = provider.getTracer('turnkit-example-tracing');

  const connection = await connectFromEnv({ emulator: { behavior: offlineModel } });
  try {
    const agent = createAgent({
      name: 'weather',
      instructions: 'Answer weather questions with the get_weather tool.',
      tools: [getWeather],
      client: connection,
      observers: [createTracing({ tracer, recordContent }), createRunLog(logPath)],
    });
    console.log(
      `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator'}]`,
    );
    console.log(`> ${question}`);
    // The app's own span around the run: turnkit's spans nest under it.
    const result = await tracer.startActiveSpan('handle question', async (span) => {
      try {
        return await agent.run(question);
      } finally {
        span.end();
      }
    });
    console.log(`\n${result.output}\n`);
    console.log(
      `trace ${memory.getFinishedSpans()[0]?.spanContext().traceId}${recordContent ? ' (with content)' : ''}:`,
    );
    printTree(memory.getFinishedSpans());
    console.log(`\nrun log: ${logPath}  (see it with: turnkit view ${logPath})`);
    if (otlp) console.log(`spans exported over OTLP to ${otlp}`);
  } finally {
    await connection.close();
    await provider.shutdown(); // flushes the OTLP batch
    trace.disable();
    context.disable();
  }
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  console.error(
    `${TurnkitError.is(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
});

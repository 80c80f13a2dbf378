// The weather agent: three function tools, streamed output, each tool call (and the progress of
// the slow one, get_forecast) shown as it happens.
// Offline (no AZURE_OPENAI_* variables): runs against the embedded emulator, with offline-model.ts
// standing in for the model.
// Live: set AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT and AZURE_OPENAI_API_KEY (or sign in
// for Entra ID) and the same code talks to your Azure deployment.
import { connectFromEnv, createAgent, TurnkitError } from '@turnkit/core';
import { offlineWeatherModel } from './offline-model.ts';
import { getForecast, getLocalTime, getWeather } from './tools.ts';

const question =
  process.argv.slice(2).join(' ') ||
  'What is the weather like in Paris right now, and what time is it there?';

function fail(error: unknown): void {
  process.exitCode = 1;
  const code = TurnkitError.is(error) ? `${error.code}: ` : '';
  console.error(`\n${code}${error instanceof Error ? error.message : String(error)}`);
}

async function main(): Promise<void> {
  const connection = await connectFromEnv({ emulator: { behavior: offlineWeatherModel } });
  try {
    const agent = createAgent({
      name: 'weather',
      instructions: 'You answer questions about the weather. Use the tools; never guess a temperature.',
      tools: [getWeather, getLocalTime, getForecast],
      client: connection,
    });
    const where =
      connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator';
    console.log(dim(`[${where}]`));
    console.log(`> ${question}\n`);

    const stream = agent.stream(question);
    stream.on('tool_call_started', (e) => console.log(dim(`  → ${e.name}(${e.arguments})`)));
    stream.on('tool_progress', (e) =>
      console.log(dim(`  … ${e.name} ${e.progress}/${e.total ?? '?'}${e.message ? ` ${e.message}` : ''}`)),
    );
    stream.on('tool_call_finished', (e) =>
      console.log(
        dim(
          `  ← ${e.name} ${e.ok ? 'returned' : 'failed'} in ${e.durationMs.toFixed(0)} ms: ${String(e.output)}`,
        ),
      ),
    );
    stream.on('turn_started', (e) => {
      if (e.turn > 1) console.log();
    });
    stream.on('text_delta', (e) => process.stdout.write(e.delta));
    const result = await stream.result;
    console.log(
      dim(`\n\n[${result.turns} turn${result.turns === 1 ? '' : 's'}, ${result.usage.totalTokens} tokens]`),
    );
  } finally {
    await connection.close();
  }
}

const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
await main().catch(fail);

// The part of the app that uses @turnkit/core, @turnkit/tools and @turnkit/emulator only: it
// compiles with lib ES2023 and @types/node, no DOM types (tsconfig.no-dom.json checks that).
import { type Connection, codeInterpreterTool, createAgent, type RunResult } from '@turnkit/core';
import { reply, type ScriptTurn } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import { z } from 'zod';

export const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  input: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: 'sunny', tempC: 21 }),
});

/** What the model says: a call of the local tool, then of the same tool served over MCP. */
export const turns: ScriptTurn[] = [
  reply.toolCall('get_weather', { city: 'Paris' }, { match: { hasTool: 'get_weather' } }),
  reply.text('It is sunny in Paris.', { match: { toolOutputFor: 'get_weather' } }),
  reply.toolCall('remote_get_weather', { city: 'Oslo' }, { match: { hasTool: 'remote_get_weather' } }),
  reply.text('It is sunny in Oslo.', { match: { toolOutputFor: 'remote_get_weather' } }),
];

/** The outputs of the function calls a run made, as the model received them. */
export function toolOutputs(result: RunResult): string[] {
  return result.items.flatMap((item) =>
    item.type === 'function_call_output' && typeof item.output === 'string' ? [item.output] : [],
  );
}

/** A run with a local function tool, and one with the code interpreter (real Python, offline). */
export async function offlineRuns(connection: Connection) {
  const local = await createAgent({ tools: [getWeather], client: connection }).run('Weather in Paris?');
  const python = await createAgent({ tools: [codeInterpreterTool()], client: connection }).run(
    'Run this:\n```python\nprint(6 * 7)\n```',
  );
  return {
    local: { output: local.output, toolOutputs: toolOutputs(local) },
    python: { output: python.output },
  };
}

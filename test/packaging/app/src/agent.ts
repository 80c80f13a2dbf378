// An agent module for the published `turnkit` command (`turnkit run dist/agent.js "…"`): the agent,
// and the emulator script it answers from offline. It uses the app's own @turnkit/core and
// @turnkit/tools, which @turnkit/cli takes as peers.
import { createAgent } from '@turnkit/core';
import { reply, type ScriptTurn } from '@turnkit/emulator';
import { getWeather } from './offline.js';

export const agent = createAgent({
  name: 'weather',
  instructions: 'Answer weather questions; use the tool.',
  tools: [getWeather],
});

const turns: ScriptTurn[] = [
  reply.toolCall('get_weather', { city: 'Paris' }),
  reply.text('It is sunny in Paris.', { match: { toolOutputFor: 'get_weather' } }),
];

export const emulator = { script: { turns } };

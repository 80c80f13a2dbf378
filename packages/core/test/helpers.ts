import { defineTool } from '@turnkit/tools';
import { z } from 'zod';

/** A weather tool whose answers are fixed, for tests. */
export const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  input: z.object({ city: z.string(), unit: z.enum(['c', 'f']).optional() }),
  execute: ({ city, unit }) => ({
    city,
    unit: unit ?? 'c',
    temperature: city === 'Paris' ? 18 : 25,
    sky: 'clear',
  }),
});

/** A tool that waits until aborted or `ms` passes, and reports whether it saw the abort. */
export function sleeper(name: string, ms: number, seen: { aborted: boolean } = { aborted: false }) {
  return defineTool({
    name,
    description: 'Waits.',
    input: z.object({}),
    execute: (_input, { signal }) =>
      new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('done'), ms);
        signal.addEventListener('abort', () => {
          seen.aborted = true;
          clearTimeout(timer);
          resolve('aborted');
        });
      }),
  });
}

import { type Emulator, type EmulatorOptions, startEmulator } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
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

/**
 * Starts one emulator for a test file (reset before each test) and hands it, with an `openai`
 * client on it that does not retry, to `use`.
 */
export function useEmulator(
  use: (emu: Emulator, client: OpenAI) => void,
  options: EmulatorOptions = {},
): void {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator(options);
    use(emu, new OpenAI({ baseURL: emu.url, apiKey: options.apiKey ?? 'test', maxRetries: 0 }));
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());
}

/** The bodies of every `POST /responses` the emulator received, oldest first. */
export function createBodies(emu: Emulator): any[] {
  return emu.requests.filter((r) => r.method === 'POST' && /\/responses$/.test(r.path)).map((r) => r.body);
}

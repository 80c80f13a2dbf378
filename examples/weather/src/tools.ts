import { setTimeout as sleep } from 'node:timers/promises';
import { defineTool } from '@turnkit/tools';
import { z } from 'zod';

const cities: Record<string, { temperatureC: number; sky: string; timeZone: string }> = {
  paris: { temperatureC: 18, sky: 'light rain', timeZone: 'Europe/Paris' },
  tokyo: { temperatureC: 24, sky: 'clear skies', timeZone: 'Asia/Tokyo' },
  'new york': { temperatureC: 21, sky: 'clouds', timeZone: 'America/New_York' },
  sydney: { temperatureC: 15, sky: 'strong wind', timeZone: 'Australia/Sydney' },
  oslo: { temperatureC: -3, sky: 'light snow', timeZone: 'Europe/Oslo' },
};

function lookup(city: string) {
  const found = cities[city.trim().toLowerCase()];
  if (!found) throw new Error(`No data for "${city}". Known cities: Paris, Tokyo, New York, Sydney, Oslo.`);
  return found;
}

/** Current weather for a city (demo data: a handful of cities, fixed values). */
export const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city. Returns the temperature and the sky.',
  input: z.object({
    city: z.string().describe('City name, e.g. "Paris"'),
    unit: z.enum(['celsius', 'fahrenheit']).optional().describe('Temperature unit; default celsius'),
  }),
  execute: ({ city, unit }) => {
    const { temperatureC, sky } = lookup(city);
    const temperature = unit === 'fahrenheit' ? Math.round((temperatureC * 9) / 5 + 32) : temperatureC;
    return { city, temperature, unit: unit ?? 'celsius', sky };
  },
});

/** The local time in a city, from its time zone. */
export const getLocalTime = defineTool({
  name: 'get_local_time',
  description: 'The current local time in a city.',
  input: z.object({ city: z.string().describe('City name, e.g. "Tokyo"') }),
  execute: ({ city }) => {
    const { timeZone } = lookup(city);
    const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
      new Date(),
    );
    return { city, timeZone, time };
  },
});

/** How each forecast day differs from today (demo data). */
const ahead = [
  { change: 1, sky: 'clouds' },
  { change: -2, sky: 'overcast skies' },
  { change: 0, sky: 'sunshine' },
  { change: 3, sky: 'clear skies' },
  { change: -1, sky: 'wind' },
];

/**
 * The forecast for the next days. It asks the (pretend) weather service for one day at a time,
 * which takes a moment each, so it reports its progress after every day.
 */
export const getForecast = defineTool({
  name: 'get_forecast',
  description: 'The weather forecast for a city, for the next 1 to 5 days.',
  input: z.object({
    city: z.string().describe('City name, e.g. "Oslo"'),
    days: z.number().int().min(1).max(5).describe('How many days ahead, 1 to 5'),
  }),
  execute: async ({ city, days }, { signal, progress }) => {
    const { temperatureC } = lookup(city);
    const forecast: Array<{ day: number; temperature: number; sky: string }> = [];
    for (let day = 1; day <= days; day++) {
      await sleep(150, undefined, { signal }); // one request per day
      const { change, sky } = ahead[day - 1]!;
      forecast.push({ day, temperature: temperatureC + change, sky });
      progress({ progress: day, total: days, message: `fetched day ${day}` });
    }
    return { city, unit: 'celsius', forecast };
  },
});

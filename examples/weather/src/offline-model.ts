// What plays the model when the example runs offline: a small stand-in that reads the question,
// calls the tools a model would, and answers from what they returned. Live runs never use it.
import { type ModelBehavior, type ModelRequest, reply, type WireItem } from '@turnkit/emulator';

/** City names in a question: capitalized words after "in", "for" or "at" (e.g. "in New York"). */
function citiesIn(question: string): string[] {
  const found = question.matchAll(/\b(?:in|for|at)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)/g);
  return [...new Set([...found].map((m) => m[1]!))];
}

function lastUserText(context: readonly WireItem[]): string {
  const message = context.findLast((item) => item.type === 'message' && item.role === 'user');
  const content = message?.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part) => String(part.text ?? '')).join(' ') : '';
}

interface ToolResult {
  name: string;
  args: Record<string, unknown>;
  output: string;
}

/** The function calls of the last model turn, each with the output the app sent back for it. */
function toolResults(request: ModelRequest): ToolResult[] {
  const outputs = new Map(
    request.input
      .filter((item) => item.type === 'function_call_output')
      .map((item) => [String(item.call_id), String(item.output)]),
  );
  return request.context
    .filter((item) => item.type === 'function_call' && outputs.has(String(item.call_id)))
    .map((call) => ({
      name: String(call.name),
      args: JSON.parse(String(call.arguments)) as Record<string, unknown>,
      output: outputs.get(String(call.call_id))!,
    }));
}

function parse(output: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(output);
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** How a temperature feels, for questions like "Is it cold in Oslo?". */
function feel(celsius: number): string {
  if (celsius <= 5) return 'cold';
  if (celsius < 15) return 'cool';
  if (celsius < 24) return 'mild';
  return 'warm';
}

/** How many days a forecast question asks for: "tomorrow" 1, "next 4 days" 4, "this week" 5, else 3. */
function forecastDays(question: string): number {
  if (/\btomorrow\b/i.test(question)) return 1;
  const counted = /\b(\d)\s+days?\b/i.exec(question);
  if (counted) return Math.min(5, Math.max(1, Number(counted[1])));
  return /\bweek\b/i.test(question) ? 5 : 3;
}

/** The forecast sentence for a city, from what get_forecast returned. */
function forecastSentence(question: string, city: string, result: ToolResult): string {
  const value = parse(result.output);
  const days = Array.isArray(value?.forecast)
    ? (value.forecast as Array<Record<string, unknown>>)
    : undefined;
  if (!days) return `I could not get the forecast for ${city}: ${result.output}`;
  const when = (day: number) => (day === 1 ? 'tomorrow' : `in ${day} days`);
  const parts = days.map((d) => `${String(d.sky)} and ${String(d.temperature)} °C ${when(Number(d.day))}`);
  const judged =
    days.length === 1 && /\b(cold|warm|hot|chilly)\b/i.test(question)
      ? ` It will be ${feel(Number(days[0]!.temperature))}.`
      : '';
  return `The forecast for ${city}: ${parts.join(', ')}.${judged}`;
}

/** One sentence per city, from what get_weather and get_local_time returned for it. */
function answer(question: string, results: readonly ToolResult[]): string {
  const cities = [...new Set(results.map((r) => String(r.args.city)))];
  return cities
    .map((city) => {
      const forecast = results.find((r) => r.name === 'get_forecast' && r.args.city === city);
      if (forecast) return forecastSentence(question, city, forecast);
      const weather = results.find((r) => r.name === 'get_weather' && r.args.city === city);
      const time = results.find((r) => r.name === 'get_local_time' && r.args.city === city);
      const w = weather && parse(weather.output);
      const t = time && parse(time.output);
      const parts: string[] = [];
      if (w && typeof w.temperature === 'number') {
        const unit = w.unit === 'fahrenheit' ? '°F' : '°C';
        const celsius = w.unit === 'fahrenheit' ? ((w.temperature - 32) * 5) / 9 : w.temperature;
        const judged = /\b(cold|warm|hot|chilly)\b/i.test(question) ? ` It is ${feel(celsius)} there.` : '';
        parts.push(`Right now ${city} has ${String(w.sky)} and ${w.temperature} ${unit}.${judged}`);
      } else if (weather) {
        parts.push(`I could not get the weather for ${city}: ${weather.output}`);
      }
      if (t && typeof t.time === 'string') parts.push(`The local time there is ${t.time}.`);
      else if (time) parts.push(`I could not get the local time in ${city}: ${time.output}`);
      return parts.join(' ');
    })
    .join('\n');
}

/**
 * The offline model of the weather example: a question naming a city gets `get_weather` (and
 * `get_local_time` when it asks the time) for each city, in parallel — or `get_forecast` when it
 * asks about the coming days; the turn after the tool outputs answers from them. A question
 * without a city gets a question back.
 */
export const offlineWeatherModel: ModelBehavior = (request) => {
  const results = toolResults(request);
  const question = lastUserText(request.context);
  if (results.length > 0) return reply.text(answer(question, results));
  const cities = citiesIn(question);
  if (cities.length === 0) {
    return reply.text('Which city do you mean? I can tell you the weather and the local time there.');
  }
  if (/\bforecast\b|\btomorrow\b|\bnext\s+(\d\s+)?days?\b|\bthis week\b/i.test(question)) {
    const days = forecastDays(question);
    return reply.toolCalls(cities.map((city) => ({ name: 'get_forecast', arguments: { city, days } })));
  }
  const wantsTime = /\btime\b|\bclock\b/i.test(question);
  return reply.toolCalls(
    cities.flatMap((city) => [
      { name: 'get_weather', arguments: { city } },
      ...(wantsTime ? [{ name: 'get_local_time', arguments: { city } }] : []),
    ]),
  );
};

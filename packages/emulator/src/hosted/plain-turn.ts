import { buildItems } from '../emitters/index.js';
import type { ScriptItem, ScriptTurn } from '../model/script.js';
import type { WireItem } from '../wire/wire-types.js';

/** The script items no hosted work builds: each is built from its spec alone. */
const PLAIN_ITEMS: readonly ScriptItem['type'][] = [
  'message',
  'refusal',
  'function_call',
  'reasoning',
  'computer_call',
];

/**
 * Builds the output of a turn at once when no hosted work takes part: the request has no hosted
 * tool (`mcp`, approvals to run, `code_interpreter`, `image_generation`, file or web search) and
 * every item of the turn is a plain one (a message, refusal, function call, reasoning or computer
 * call). Returns `undefined` otherwise: the turn then goes through the hosted builders, which run
 * their calls before they build. The output is the same either way (the hosted builders hand a
 * plain item to `buildItems` as it is); this way takes no turn of the event loop.
 *
 * @example
 * import { plainOutput } from './plain-turn.js';
 * plainOutput({ output: [{ type: 'message', text: 'Hi' }] }, false)?.[0]?.type; // 'message'
 * plainOutput({ output: [{ type: 'message', text: 'Hi' }] }, true); // undefined
 */
export function plainOutput(turn: ScriptTurn, hostedTools: boolean): WireItem[] | undefined {
  const specs = turn.output ?? [];
  if (hostedTools || !specs.every((spec) => PLAIN_ITEMS.includes(spec.type))) return undefined;
  return buildItems(specs);
}

import type { ScriptFunctionCall } from '../model/script.js';
import { newCallId, newId, obfuscationFor } from '../wire/ids.js';
import { splitJson } from './chunking.js';
import type { EventBody, ItemEmitter } from './emitter.js';

/**
 * Emits a function call in the real event order: `output_item.added` (with `arguments: ""`) →
 * `function_call_arguments.delta`×N → `function_call_arguments.done` (no `name`, as on the real
 * wire) → `output_item.done`.
 *
 * @example
 * import { functionCallEmitter } from './function-call-emitter.js';
 * const item = functionCallEmitter.build({ type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } });
 */
export const functionCallEmitter: ItemEmitter<ScriptFunctionCall> = {
  type: 'function_call',
  build(spec) {
    return {
      id: newId('fc'),
      type: 'function_call',
      status: 'completed',
      arguments: typeof spec.arguments === 'string' ? spec.arguments : JSON.stringify(spec.arguments),
      call_id: spec.call_id ?? newCallId(),
      name: spec.name,
    };
  },
  events(item, outputIndex, options) {
    const args = String(item.arguments);
    const at = { item_id: item.id as string, output_index: outputIndex };
    const deltas: EventBody[] = splitJson(args).map((delta) => ({
      type: 'response.function_call_arguments.delta',
      ...at,
      delta,
      ...(options.obfuscation ? { obfuscation: obfuscationFor(delta) } : {}),
    }));
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      },
      ...deltas,
      { type: 'response.function_call_arguments.done', ...at, arguments: args },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

import { newId, obfuscationFor } from '../wire/ids.js';
import type { JsonObject } from '../wire/wire-types.js';
import { splitText } from './chunking.js';
import type { EventBody, ItemEmitter } from './emitter.js';

/** A resolved code interpreter call: the code, the container it ran in and what it output. */
export interface CodeInterpreterCallSpec {
  type: 'code_interpreter_call';
  code: string;
  container_id: string;
  /** `[{type: "logs", logs}]` (or `[]`), or `null` when the request did not include outputs. */
  outputs: JsonObject[] | null;
}

/**
 * Emits a `code_interpreter_call` (`ci_…`) in the real order: `output_item.added`
 * (`status: "in_progress"`, `code: ""`, `outputs: []`, `container_id`) →
 * `response.code_interpreter_call.in_progress` → `response.code_interpreter_call_code.delta`×N →
 * `response.code_interpreter_call_code.done` → `response.code_interpreter_call.interpreting` →
 * `response.code_interpreter_call.completed` → `output_item.done` (`status: "completed"`, the
 * outputs).
 *
 * @see docs/responses-wire.md §4.6 and §5.3, recordings `openai-code-interpreter-tool.1` and `azure-code-interpreter-tool.1`.
 * @example
 * import { codeInterpreterCallEmitter } from './code-interpreter.js';
 * const item = codeInterpreterCallEmitter.build({ type: 'code_interpreter_call', code: '1+1', container_id: 'cntr_1', outputs: [{ type: 'logs', logs: '2' }] });
 */
export const codeInterpreterCallEmitter: ItemEmitter<CodeInterpreterCallSpec> = {
  type: 'code_interpreter_call',
  build(spec) {
    if (typeof spec.container_id !== 'string') {
      throw new Error(
        "Script error: a code_interpreter_call needs a 'code_interpreter' tool in the request's tools.",
      );
    }
    return {
      id: newId('ci'),
      type: 'code_interpreter_call',
      status: 'completed',
      code: spec.code,
      container_id: spec.container_id,
      outputs: spec.outputs,
    };
  },
  events(item, outputIndex, options) {
    const code = String(item.code ?? '');
    const at = { output_index: outputIndex, item_id: item.id as string };
    const deltas: EventBody[] = splitText(code).map((delta) => ({
      type: 'response.code_interpreter_call_code.delta',
      ...at,
      delta,
      ...(options.obfuscation ? { obfuscation: obfuscationFor(delta) } : {}),
    }));
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', code: '', outputs: [] },
      },
      { type: 'response.code_interpreter_call.in_progress', ...at },
      ...deltas,
      { type: 'response.code_interpreter_call_code.done', ...at, code },
      { type: 'response.code_interpreter_call.interpreting', ...at },
      { type: 'response.code_interpreter_call.completed', ...at },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

import { schemaViolation } from '../validate/json-value-check.js';
import { textFormatOf } from '../validate/text-format.js';
import { HttpError, ScriptError } from '../wire/errors.js';
import type { ModelRequest } from './model-request.js';
import { turnOrigin } from './parse-script.js';
import type { ScriptTurn } from './script.js';

/**
 * Applies what a request asks of the model to the turn chosen for it:
 *
 * - `parallel_tool_calls: false`: at most one function call per turn; a turn that makes more
 *   keeps its first (the others are not made);
 * - `text.format` `json_object`, or `json_schema` with `strict: true`: a scripted message (or one
 *   a model behavior returned) must be JSON of an object, matching the schema for `json_schema`,
 *   as the real model's would be; the default model's answers already are (see `formatAnswer`).
 *
 * @throws {HttpError} 500 (`x-should-retry: false`) naming the script turn and field when a
 * scripted message does not match the format: `Script error: turn 2: output[0].text: does not
 * match text.format 'invoice': at $.total: expected number, got "12"`.
 * @example
 * import { type EmulatorState, takeTurn } from '../routes/emulator-state.js';
 * import type { ModelRequest } from './model-request.js';
 * import { constrainTurn } from './turn-constraints.js';
 * declare const state: EmulatorState;
 * declare const modelRequest: ModelRequest;
 * const turn = constrainTurn(takeTurn(state, modelRequest), modelRequest);
 */
export function constrainTurn(turn: ScriptTurn, request: ModelRequest): ScriptTurn {
  if (!turn.output) return turn;
  const origin = turnOrigin(turn);
  let output = turn.output;
  if (request.body.parallel_tool_calls === false) {
    const first = output.findIndex((item) => item.type === 'function_call');
    output = output.filter((item, index) => item.type !== 'function_call' || index === first);
  }
  const format = textFormatOf(request.body);
  if (origin && (format.type === 'json_object' || (format.type === 'json_schema' && format.strict))) {
    output.forEach((item, index) => {
      if (item.type !== 'message' || item.text === undefined) return;
      const fail = (problem: string): never => {
        const field = `output[${index}].text`;
        const message =
          origin.kind === 'script'
            ? new ScriptError(origin.index, field, problem).message
            : `the model behavior's turn: ${field}: ${problem}`;
        throw new HttpError(
          500,
          { message: `Script error: ${message}`, type: 'server_error', param: null, code: null },
          { 'x-should-retry': 'false' },
        );
      };
      let value: unknown;
      try {
        value = JSON.parse(item.text);
      } catch {
        fail(`is not JSON, but the request asks for text.format '${format.type}'`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(`is not a JSON object, but the request asks for text.format '${format.type}'`);
      }
      if (format.type === 'json_schema') {
        const problem = schemaViolation(value, format.schema);
        if (problem) fail(`does not match text.format '${format.name}': ${problem}`);
      }
    });
  }
  return output === turn.output ? turn : { ...turn, output };
}

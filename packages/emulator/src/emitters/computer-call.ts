import type { ScriptComputerCall } from '../model/computer-script.js';
import { newCallId, newId } from '../wire/ids.js';
import type { ItemEmitter } from './emitter.js';

/**
 * Emits a computer call (`cu_…`) in the order of the recorded stream of `computer-use-preview`
 * (dotnet/extensions `OpenAIResponseClientTests.MissingAbstractionResponse_Streaming`):
 * `output_item.added` with the whole call and `status: "in_progress"` → `output_item.done` with
 * `status: "completed"`. There are no `computer_call.*` events (none in the SDK's event union
 * either). Fields in the recorded order: `type, id, status, call_id, action|actions,
 * pending_safety_checks`; a scripted safety check without an id gets a `cu_sc_…` one.
 *
 * @see docs/responses-wire.md §4.8.
 * @example
 * import { computerCallEmitter } from './computer-call.js';
 * const item = computerCallEmitter.build({ type: 'computer_call', action: { type: 'screenshot' } });
 */
export const computerCallEmitter: ItemEmitter<ScriptComputerCall> = {
  type: 'computer_call',
  build(spec) {
    return {
      type: 'computer_call',
      id: newId('cu'),
      status: 'completed',
      call_id: spec.call_id ?? newCallId(),
      ...(spec.actions
        ? { actions: structuredClone(spec.actions) }
        : { action: structuredClone(spec.action!) }),
      pending_safety_checks: (spec.safety_checks ?? []).map((check) => ({
        id: check.id ?? newId('cu_sc'),
        code: check.code,
        message: check.message ?? null,
      })),
    };
  },
  events(item, outputIndex) {
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { ...item, status: 'in_progress' },
      },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  },
};

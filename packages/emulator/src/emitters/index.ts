import type { ScriptItem } from '../model/script.js';
import type { WireItem } from '../wire/wire-types.js';
import { codeInterpreterCallEmitter } from './code-interpreter.js';
import { compactionEvents } from './compaction.js';
import { computerCallEmitter } from './computer-call.js';
import type { EmitOptions, EventBody, ItemEmitter } from './emitter.js';
import { functionCallEmitter } from './function-call-emitter.js';
import { imageGenerationCallEmitter } from './image-generation.js';
import { MCP_EMITTERS } from './mcp.js';
import { messageEmitter, refusalEmitter } from './message-emitter.js';
import { reasoningEmitter } from './reasoning.js';
import { fileSearchCallEmitter, webSearchCallEmitter } from './search-calls.js';

const EMITTERS: Record<ScriptItem['type'], ItemEmitter> = {
  message: messageEmitter as ItemEmitter,
  refusal: refusalEmitter as ItemEmitter,
  function_call: functionCallEmitter as ItemEmitter,
  reasoning: reasoningEmitter as ItemEmitter,
  // Hosted MCP items (mcp_list_tools, mcp_call, mcp_approval_request): built from resolved specs by
  // hosted/hosted-mcp.ts, which runs the calls first; here for their events.
  ...MCP_EMITTERS,
  // Built from resolved specs by hosted/code-interpreter.ts, which runs the code first.
  code_interpreter_call: codeInterpreterCallEmitter as unknown as ItemEmitter,
  // Built from resolved specs by hosted/image-generation.ts, which draws the images first.
  image_generation_call: imageGenerationCallEmitter as unknown as ItemEmitter,
  // Built from resolved specs by hosted/search.ts, which runs the file searches first.
  web_search_call: webSearchCallEmitter as unknown as ItemEmitter,
  file_search_call: fileSearchCallEmitter as unknown as ItemEmitter,
  computer_call: computerCallEmitter as ItemEmitter,
};

/**
 * Builds the finished output items of a scripted turn, in order.
 *
 * @example
 * import { buildItems } from './index.js';
 * const output = buildItems([{ type: 'message', text: 'Hi' }]);
 */
export function buildItems(specs: readonly ScriptItem[]): WireItem[] {
  return specs.map((spec) => EMITTERS[spec.type].build(spec));
}

/**
 * Returns the stream events of built output items, from the first `output_item.added` to the last
 * `output_item.done` (without `sequence_number`s).
 *
 * @example
 * import { buildItems, itemEvents } from './index.js';
 * const output = buildItems([{ type: 'message', text: 'Hi' }]);
 * const events = itemEvents(output, { obfuscation: true });
 */
export function itemEvents(items: readonly WireItem[], options: EmitOptions): EventBody[] {
  return items.flatMap((item, index) => {
    if (item.type === 'compaction') return compactionEvents(item, index);
    const emitter = EMITTERS[item.type as ScriptItem['type']];
    if (!emitter) throw new Error(`No emitter for output item type '${item.type}'.`);
    return emitter.events(item, index, options);
  });
}

export type { EmitOptions, EventBody, ItemEmitter } from './emitter.js';

import type { ScriptItem } from '../model/script.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';

/** A stream event before it gets its `sequence_number`. */
export type EventBody = { type: string } & JsonObject;

/** Options that shape the emitted events. */
export interface EmitOptions {
  /** Add the `obfuscation` padding to delta events (`stream_options.include_obfuscation`). */
  obfuscation: boolean;
}

/**
 * Produces one output item type: its final form for the Response and the stream events that build
 * it, in the real order. New item types (reasoning, compaction, MCP calls, …) slot in as one more
 * emitter registered in `emitters/index.ts`.
 *
 * @example
 * import { messageEmitter } from './message-emitter.js';
 * const item = messageEmitter.build({ type: 'message', text: 'Hi' });
 * const events = messageEmitter.events(item, 0, { obfuscation: true });
 */
export interface ItemEmitter<S extends { type: string } = ScriptItem> {
  /** The script item type this emitter handles. */
  readonly type: S['type'];
  /** Builds the finished output item (`status: "completed"`) with fresh ids. */
  build(spec: S): WireItem;
  /** The events from `response.output_item.added` to `response.output_item.done` for a built item. */
  events(item: WireItem, outputIndex: number, options: EmitOptions): EventBody[];
}

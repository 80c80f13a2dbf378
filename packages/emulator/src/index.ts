/**
 * `@turnkit/emulator`: a local, protocol-faithful Responses API server (HTTP + SSE) for tests and
 * offline runs. Start one with {@link startEmulator}, script the model with {@link reply}.
 *
 * @packageDocumentation
 */

export type { Emulator, EmulatorOptions } from './emulator.js';
export { startEmulator } from './emulator.js';
export { ScriptError } from './errors.js';
export type { SealedMemory } from './memory.js';
export type { ModelBehavior, ModelRequest } from './model-request.js';
export type { RecordedRequest } from './recorded-request.js';
export type { ReplyOptions, ToolCallSpec } from './reply.js';
export { reply } from './reply.js';
export type {
  DisconnectFault,
  ErrorEventFault,
  HttpFault,
  Script,
  ScriptCodeInterpreterCall,
  ScriptFault,
  ScriptFunctionCall,
  ScriptItem,
  ScriptMcpCall,
  ScriptMessage,
  ScriptReasoning,
  ScriptTurn,
  TurnMatch,
} from './script.js';
export { loadScript, parseScript, validateTurn } from './script.js';
export { estimateTokens } from './usage.js';
export type { ErrorBody, ResponseObject, ResponseUsage, WireItem } from './wire-types.js';

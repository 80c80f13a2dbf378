/**
 * `@turnkit/emulator`: a local, protocol-faithful Responses API server (HTTP + SSE) for tests and
 * offline runs. Start one with {@link startEmulator}, script the model with {@link reply}.
 *
 * @packageDocumentation
 */

export type { Emulator } from './emulator.js';
export { startEmulator } from './emulator.js';
export type { EmulatorOptions } from './emulator-options.js';
export type { RecordedRequest } from './http/recorded-request.js';
export type { Attachment } from './model/attachments.js';
export type { ScriptComputerAction, ScriptComputerCall, ScriptSafetyCheck } from './model/computer-script.js';
export type { ModelBehavior, ModelRequest } from './model/model-request.js';
export { loadScript, parseScript, validateTurn } from './model/parse-script.js';
export type { ReplyOptions, ToolCallSpec } from './model/reply.js';
export { reply } from './model/reply.js';
export type {
  DisconnectFault,
  ErrorEventFault,
  HttpFault,
  Script,
  ScriptCodeInterpreterCall,
  ScriptFault,
  ScriptFunctionCall,
  ScriptImageGenerationCall,
  ScriptItem,
  ScriptMcpCall,
  ScriptMessage,
  ScriptReasoning,
  ScriptRefusal,
  ScriptTurn,
  TurnMatch,
} from './model/script.js';
export type { ScriptFileSearchCall, ScriptWebSearchCall } from './model/search-items.js';
export type { SealedMemory } from './state/memory.js';
export { EmulatorOptionsError, ScriptError } from './wire/errors.js';
export { estimateTokens } from './wire/usage.js';
export type { ErrorBody, ResponseObject, ResponseUsage, WireItem } from './wire/wire-types.js';

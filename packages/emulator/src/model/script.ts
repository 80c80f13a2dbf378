import type { ErrorBody } from '../wire/wire-types.js';
import type { ScriptComputerCall } from './computer-script.js';
import type { ScriptFileSearchCall, ScriptWebSearchCall } from './search-items.js';

/**
 * A reasoning item the scripted model produces (`rs_…`), placed where it stands in the output
 * and followed by the item it reasoned about (a message, function call or MCP call). `summary` is the text of its
 * summary parts (one part per string); the Response shows it only when the request sets
 * `reasoning.summary`. Its `encrypted_content` seals the model's memory (see the emulator guide).
 *
 * @example
 * import type { ScriptReasoning } from '@turnkit/emulator';
 * const item: ScriptReasoning = { type: 'reasoning', summary: 'The user wants the weather.' };
 */
export interface ScriptReasoning {
  type: 'reasoning';
  summary?: string | string[];
}

/**
 * A message the scripted model produces: one assistant `message` with one `output_text` part.
 *
 * @example
 * import type { ScriptMessage } from '@turnkit/emulator';
 * const item: ScriptMessage = { type: 'message', text: 'It is sunny in Paris.' };
 */
export interface ScriptMessage {
  type: 'message';
  text: string;
  /**
   * Files of the code interpreter's container that the message cites (a name such as
   * `'sums.csv'`, or a `/mnt/data/…` path): each becomes a `container_file_citation` annotation
   * spanning `sandbox:/mnt/data/NAME` in the text (else the name; else `0..0`). Needs a
   * `code_interpreter` tool in the request.
   */
  cite?: string | string[];
  /**
   * Labels the message as intermediate commentary or the final answer (`phase` of NODE
   * `ResponseOutputMessage`, which models from `gpt-5.3-codex` on send); absent by default.
   */
  phase?: 'commentary' | 'final_answer';
}

/**
 * A refusal the scripted model answers with: one assistant `message` whose only content part is a
 * `refusal` (streamed as `response.refusal.delta` / `.done`), as models do for a request they
 * will not serve — also under a structured output format.
 *
 * @example
 * import type { ScriptRefusal } from '@turnkit/emulator';
 * const item: ScriptRefusal = { type: 'refusal', refusal: "I can't help with that." };
 */
export interface ScriptRefusal {
  type: 'refusal';
  refusal: string;
}

/**
 * A code interpreter call the scripted model makes: the emulator runs `code` (Python, standard
 * library only) in the container of the request's `code_interpreter` tool, with the container's
 * files under `/mnt/data`, and emits a `code_interpreter_call` with the container id and the logs.
 * Files the code writes under `/mnt/data` become container files (`source: "assistant"`). When
 * the turn's output ends with the call, a message reporting the output follows.
 *
 * @example
 * import type { ScriptCodeInterpreterCall } from '@turnkit/emulator';
 * const item: ScriptCodeInterpreterCall = { type: 'code_interpreter_call', code: 'print(sum(range(10)))' };
 */
export interface ScriptCodeInterpreterCall {
  type: 'code_interpreter_call';
  code: string;
}

/**
 * An image generation call the scripted model makes with the request's `image_generation` tool:
 * the emulator draws a real PNG for `prompt` (its hash picks the colours, so two prompts give two
 * images) at the tool's `size`, with the tool's `partial_images` partial images streamed first,
 * and emits an `image_generation_call` whose `revised_prompt` is `revised_prompt` (default: the
 * prompt). When the turn's output ends with the call, a message presenting the image follows.
 * `action` is what the model chooses when the tool's `action` is `auto`: `edit` the newest image
 * of the context, or `generate` a new one; left out, it edits when the context holds an image.
 *
 * @example
 * import type { ScriptImageGenerationCall } from '@turnkit/emulator';
 * const item: ScriptImageGenerationCall = { type: 'image_generation_call', prompt: 'a lighthouse at dusk' };
 */
export interface ScriptImageGenerationCall {
  type: 'image_generation_call';
  prompt: string;
  revised_prompt?: string;
  action?: 'generate' | 'edit';
}

/**
 * A function call the scripted model produces. `arguments` is an object (serialized as JSON) or a
 * string sent verbatim (so a script can send malformed JSON on purpose). `call_id` defaults to a
 * fresh `call_…` id.
 *
 * @example
 * import type { ScriptFunctionCall } from '@turnkit/emulator';
 * const item: ScriptFunctionCall = { type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } };
 */
export interface ScriptFunctionCall {
  type: 'function_call';
  name: string;
  arguments: Record<string, unknown> | string;
  call_id?: string;
}

/**
 * A call of a tool on a hosted MCP server (a `{"type": "mcp"}` tool of the request, found by its
 * `server_label`). The emulator really calls the server: when the tool's `require_approval` says
 * it needs approval, the response emits an `mcp_approval_request` and ends there; otherwise it
 * calls the tool and emits an `mcp_call` with the server's output (or error). `arguments` is an
 * object (sent as JSON) or a string sent verbatim.
 *
 * @example
 * import type { ScriptMcpCall } from '@turnkit/emulator';
 * const item: ScriptMcpCall = { type: 'mcp_call', server_label: 'crm', name: 'delete_invoice', arguments: { number: 'INV-7' } };
 */
export interface ScriptMcpCall {
  type: 'mcp_call';
  server_label: string;
  name: string;
  arguments: Record<string, unknown> | string;
}

/**
 * One output item of a scripted turn.
 *
 * @example
 * import type { ScriptItem } from '@turnkit/emulator';
 * const items: ScriptItem[] = [{ type: 'message', text: 'Checking.' }, { type: 'function_call', name: 'f', arguments: {} }];
 */
export type ScriptItem =
  | ScriptMessage
  | ScriptRefusal
  | ScriptFunctionCall
  | ScriptMcpCall
  | ScriptReasoning
  | ScriptCodeInterpreterCall
  | ScriptImageGenerationCall
  | ScriptWebSearchCall
  | ScriptFileSearchCall
  | ScriptComputerCall;

/**
 * A guard on a turn: the turn is used only for a request that satisfies every condition given.
 * All matching is exact and case-sensitive.
 *
 * - `inputIncludes`: the text of the last user message in the model context contains this string.
 * - `toolOutputFor`: the context ends with function call outputs and one of them answers a call
 *   to the function with this name.
 * - `hasTool`: the request's `tools` contain a tool with this `name` (or, for hosted tools, this
 *   `type`, e.g. `"code_interpreter"`).
 * - `model`: the request's `model` equals this string.
 * - `approvalFor`: the request's input holds an `mcp_approval_response` (approved or rejected)
 *   answering an approval request for the MCP tool with this name.
 *
 * @example
 * import type { TurnMatch } from '@turnkit/emulator';
 * const match: TurnMatch = { toolOutputFor: 'get_weather' };
 */
export interface TurnMatch {
  inputIncludes?: string;
  toolOutputFor?: string;
  hasTool?: string;
  model?: string;
  approvalFor?: string;
}

/**
 * Fault: answer the request with an HTTP error instead of a response. `error` overrides fields of
 * the default body for the status; `retryAfter` (seconds) and `retryAfterMs` set the
 * `retry-after` / `retry-after-ms` headers; `headers` adds any other header (e.g.
 * `x-should-retry`).
 *
 * @example
 * import type { HttpFault } from '@turnkit/emulator';
 * const fault: HttpFault = { type: 'http', status: 429, retryAfterMs: 10 };
 */
export interface HttpFault {
  type: 'http';
  status: number;
  error?: Partial<ErrorBody>;
  retryAfter?: number;
  retryAfterMs?: number;
  headers?: Record<string, string>;
}

/**
 * Fault: a streamed response fails mid-stream with the nested `error` event followed by
 * `response.failed`, after `afterEvents` events (default 2: `response.created` and
 * `response.in_progress`). A non-streamed request gets an HTTP error with `status` (default 500)
 * and the same error body.
 *
 * @example
 * import type { ErrorEventFault } from '@turnkit/emulator';
 * const fault: ErrorEventFault = { type: 'error_event', error: { code: 'server_error', message: 'Boom' } };
 */
export interface ErrorEventFault {
  type: 'error_event';
  afterEvents?: number;
  error?: Partial<ErrorBody>;
  status?: number;
}

/**
 * Fault: the server drops the connection after `afterEvents` events of the stream (default: just
 * after the first `response.output_item.added`, or after `response.in_progress` when the turn has
 * no output). A non-streamed request is dropped before any byte of the answer.
 *
 * @example
 * import type { DisconnectFault } from '@turnkit/emulator';
 * const fault: DisconnectFault = { type: 'disconnect', afterEvents: 5 };
 */
export interface DisconnectFault {
  type: 'disconnect';
  afterEvents?: number;
}

/**
 * A fault to inject into a turn: an HTTP error, an `error` event mid-stream, or a dropped
 * connection.
 *
 * @example
 * import { reply, startEmulator } from '@turnkit/emulator';
 * const emu = await startEmulator();
 * emu.enqueue({ fault: { type: 'http', status: 500 } }, reply.text('Recovered.'));
 */
export type ScriptFault = HttpFault | ErrorEventFault | DisconnectFault;

/**
 * One turn of the scripted model: what it answers to one `POST /responses`. Exactly one source of
 * output: `output` (items to produce), `recording` (a recorded stream to replay, path without or
 * with the `.chunks.txt` / `.json` suffix), or only a `fault`. `match` guards the turn; `delayMs`
 * waits that long before each streamed event (and before a JSON answer).
 *
 * @example
 * import type { ScriptTurn } from '@turnkit/emulator';
 * const turn: ScriptTurn = { match: { inputIncludes: 'weather' }, output: [{ type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } }] };
 */
export interface ScriptTurn {
  match?: TurnMatch;
  output?: ScriptItem[];
  recording?: string;
  fault?: ScriptFault;
  delayMs?: number;
}

/**
 * A script file: `{"turns": [...]}` (a bare array of turns is accepted too).
 *
 * @example
 * import type { Script } from '@turnkit/emulator';
 * const script: Script = { turns: [{ output: [{ type: 'message', text: 'Hello!' }] }] };
 */
export interface Script {
  turns: ScriptTurn[];
}

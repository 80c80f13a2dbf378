import { contentText } from '../wire/usage.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { Attachment } from './attachments.js';
import { approvalRequestFor } from './mcp-report.js';
import type { ScriptTurn, TurnMatch } from './script.js';

/**
 * What the model sees for one `POST /responses`: the inputs a script `match`, a custom
 * {@link ModelBehavior} or the default model decide on.
 *
 * @example
 * import { type ModelBehavior, reply } from '@turnkit/emulator';
 * const behavior: ModelBehavior = (req) => req.tools.length ? undefined : reply.text(`Model ${req.model}`);
 */
export interface ModelRequest {
  /** The requested model (deployment) name. */
  model: string;
  /** This request's `instructions` (never carried over from a previous response). */
  instructions: string | null;
  /** This request's input items, with ids. */
  input: readonly WireItem[];
  /**
   * The full context: the previous response chain's items followed by `input`, then the hosted MCP
   * items this response starts with (`mcp_list_tools`, calls the input approved).
   */
  context: readonly WireItem[];
  /**
   * Every user message the model knows of, oldest first: from the context's messages and from the
   * decrypted memory of its reasoning and compaction items (see the emulator guide).
   */
  remembered: readonly string[];
  /** The request's tools, as echoed in the Response. */
  tools: readonly JsonObject[];
  /** The request's `tool_choice` (default `"auto"`). */
  toolChoice: unknown;
  /** The raw request body. */
  body: Readonly<JsonObject>;
  /**
   * The images and files of `input` (message parts and multi-part tool outputs), in order, with
   * what the emulator read from their bytes. Absent in behaviors written before it existed.
   */
  attachments?: readonly Attachment[];
}

/**
 * A tool output at the end of the context, with the name of the function it answers (`null` when
 * the call is not in the context).
 */
export interface TrailingToolOutput {
  callId: string;
  name: string | null;
  output: string;
}

/**
 * Returns the text of the last user message in a context, or `null` when there is none.
 *
 * @example
 * import { lastUserText } from './model-request.js';
 * lastUserText([{ type: 'message', role: 'user', content: 'Hi' }]); // 'Hi'
 */
export function lastUserText(context: readonly WireItem[]): string | null {
  for (let i = context.length - 1; i >= 0; i--) {
    const item = context[i]!;
    if (item.type === 'message' && item.role === 'user') return contentText(item.content);
  }
  return null;
}

/**
 * Returns the function call outputs the context ends with (the run of `function_call_output`
 * items after the last item of any other type), each with the name of the function it answers.
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { trailingToolOutputs } from './model-request.js';
 * const context: WireItem[] = [
 *   { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
 *   { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' },
 * ];
 * trailingToolOutputs(context).map((o) => o.name); // ['get_weather']
 */
export function trailingToolOutputs(context: readonly WireItem[]): TrailingToolOutput[] {
  const outputs: WireItem[] = [];
  for (let i = context.length - 1; i >= 0 && context[i]!.type === 'function_call_output'; i--) {
    outputs.unshift(context[i]!);
  }
  return outputs.map((item) => {
    const call = context.find((c) => c.type === 'function_call' && c.call_id === item.call_id);
    return {
      callId: String(item.call_id),
      name: call ? String(call.name) : null,
      output: typeof item.output === 'string' ? item.output : contentText(item.output),
    };
  });
}

/**
 * Tells whether a request satisfies a turn's `match` (every given condition must hold; no
 * `match` accepts every request). See {@link TurnMatch} for the conditions.
 *
 * @example
 * import { matchesTurn, type ModelRequest } from './model-request.js';
 * declare const request: ModelRequest;
 * matchesTurn({ hasTool: 'get_weather' }, request); // true when tools include get_weather
 */
export function matchesTurn(match: TurnMatch | undefined, request: ModelRequest): boolean {
  if (!match) return true;
  if (match.model !== undefined && request.model !== match.model) return false;
  if (
    match.inputIncludes !== undefined &&
    !(lastUserText(request.context) ?? '').includes(match.inputIncludes)
  ) {
    return false;
  }
  if (match.hasTool !== undefined) {
    const wanted = match.hasTool;
    if (!request.tools.some((t) => t.name === wanted || (t.name === undefined && t.type === wanted)))
      return false;
  }
  if (match.toolOutputFor !== undefined) {
    if (!trailingToolOutputs(request.context).some((o) => o.name === match.toolOutputFor)) return false;
  }
  if (match.approvalFor !== undefined && !answersApprovalFor(request, match.approvalFor)) return false;
  return true;
}

/**
 * A programmable model: returns the turn to answer a request with, or `undefined` to let the
 * default model answer. Consulted after the script queue.
 *
 * @example
 * import { type ModelBehavior, reply } from '@turnkit/emulator';
 * const behavior: ModelBehavior = (req) =>
 *   req.tools.some((t) => t.name === 'get_time') ? reply.toolCall('get_time', {}) : undefined;
 */
export type ModelBehavior = (request: ModelRequest) => ScriptTurn | undefined;

/**
 * Tells whether a request's input answers (approves or rejects) an approval request for the MCP
 * tool `name`: the `approvalFor` condition of a script turn's `match`.
 *
 * @example
 * import { answersApprovalFor, type ModelRequest } from './model-request.js';
 * declare const request: ModelRequest;
 * answersApprovalFor(request, 'delete_invoice'); // true after an mcp_approval_response for it
 */
export function answersApprovalFor(request: ModelRequest, name: string): boolean {
  return request.input.some(
    (item) =>
      item.type === 'mcp_approval_response' && approvalRequestFor(request.context, item)?.name === name,
  );
}

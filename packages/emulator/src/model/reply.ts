import type { ScriptComputerAction, ScriptSafetyCheck } from './computer-script.js';
import type {
  ScriptFault,
  ScriptFunctionCall,
  ScriptItem,
  ScriptReasoning,
  ScriptTurn,
  TurnMatch,
} from './script.js';

/**
 * Options every builder of {@link reply} accepts.
 *
 * @example
 * import { reply } from '@turnkit/emulator';
 * reply.text('Hi', { match: { model: 'gpt-5.1' }, delayMs: 5 });
 */
export interface ReplyOptions {
  /** Use this turn only for requests that satisfy the match. */
  match?: TurnMatch;
  /** Inject a fault (`error_event` / `disconnect` cut the stream of this turn's output). */
  fault?: ScriptFault;
  /** Wait this long before each streamed event (and before a JSON answer). */
  delayMs?: number;
  /**
   * Start the turn's output with a reasoning item: `true`, or its summary text (one string per
   * summary part). The summary shows only when the request sets `reasoning.summary`.
   */
  reasoning?: boolean | string | string[];
}

/**
 * One function call of {@link reply.toolCalls}.
 *
 * @example
 * import type { ToolCallSpec } from '@turnkit/emulator';
 * const call: ToolCallSpec = { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_1' };
 */
export interface ToolCallSpec {
  name: string;
  arguments?: Record<string, unknown> | string;
  callId?: string;
}

function turn(output: ScriptItem[] | undefined, options: ReplyOptions): ScriptTurn {
  const t: ScriptTurn = {};
  if (options.match) t.match = options.match;
  if (output) t.output = options.reasoning ? [reasoningItem(options.reasoning), ...output] : output;
  if (options.fault) t.fault = options.fault;
  if (options.delayMs !== undefined) t.delayMs = options.delayMs;
  return t;
}

function reasoningItem(reasoning: true | string | string[]): ScriptReasoning {
  return reasoning === true ? { type: 'reasoning' } : { type: 'reasoning', summary: reasoning };
}

function functionCall(spec: ToolCallSpec): ScriptFunctionCall {
  const item: ScriptFunctionCall = {
    type: 'function_call',
    name: spec.name,
    arguments: spec.arguments ?? {},
  };
  if (spec.callId !== undefined) item.call_id = spec.callId;
  return item;
}

/**
 * Typed builders of script turns. Each returns a plain, JSON-serializable {@link ScriptTurn};
 * `emulator.enqueue()` validates it.
 *
 * @example
 * import { reply, startEmulator } from '@turnkit/emulator';
 * const emu = await startEmulator();
 * emu.enqueue(
 *   reply.toolCall('get_weather', { city: 'Paris' }),
 *   reply.text('It is sunny in Paris.', { match: { toolOutputFor: 'get_weather' } }),
 * );
 */
export const reply = {
  /**
   * A turn that answers with one assistant message.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.text('Hello!');
   */
  text(text: string, options: ReplyOptions = {}): ScriptTurn {
    return turn([{ type: 'message', text }], options);
  },

  /**
   * A turn that refuses: one assistant message whose only part is a `refusal`.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.refusal("I can't help with that.");
   */
  refusal(refusal: string, options: ReplyOptions = {}): ScriptTurn {
    return turn([{ type: 'refusal', refusal }], options);
  },

  /**
   * A turn that calls one function. `args` is an object (sent as JSON) or a raw string.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.toolCall('get_weather', { city: 'Paris' }, { callId: 'call_weather_1' });
   */
  toolCall(
    name: string,
    args: Record<string, unknown> | string = {},
    options: ReplyOptions & { callId?: string } = {},
  ): ScriptTurn {
    const spec: ToolCallSpec = { name, arguments: args };
    if (options.callId !== undefined) spec.callId = options.callId;
    return turn([functionCall(spec)], options);
  },

  /**
   * A turn that calls several functions at once (parallel tool calls).
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.toolCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'get_time' }]);
   */
  toolCalls(calls: readonly ToolCallSpec[], options: ReplyOptions = {}): ScriptTurn {
    return turn(calls.map(functionCall), options);
  },

  /**
   * A turn that calls a tool of a hosted MCP server: the request's `{"type": "mcp"}` tool with this
   * `server_label`. When the tool's `require_approval` asks for it (the default), the response
   * emits an `mcp_approval_request` and ends there; otherwise the emulator calls the server and
   * emits the `mcp_call`, followed by the default model's report of its output
   * (`MCP tool NAME returned: …`). Use {@link reply.items} to follow the call with your own items.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.mcpCall('ledger', 'delete_invoice', { number: 'INV-7' });
   */
  mcpCall(
    serverLabel: string,
    name: string,
    args: Record<string, unknown> | string = {},
    options: ReplyOptions = {},
  ): ScriptTurn {
    return turn([{ type: 'mcp_call', server_label: serverLabel, name, arguments: args }], options);
  },

  /**
   * A turn that runs Python code with the request's `code_interpreter` tool (a
   * `code_interpreter_call`), in the tool's container. Then `options.message` answers (with
   * `options.cite`: `container_file_citation`s of the files it names), or, without it, the default
   * model's report of the output (the logs, the exception or the time-out, and links to the files
   * the code wrote).
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.code("open('/mnt/data/out.csv', 'w').write('a,b')", { message: 'Saved [out.csv](sandbox:/mnt/data/out.csv).', cite: 'out.csv' });
   */
  code(
    code: string,
    options: ReplyOptions & { message?: string; cite?: string | string[] } = {},
  ): ScriptTurn {
    const items: ScriptItem[] = [{ type: 'code_interpreter_call', code }];
    if (options.message !== undefined) {
      items.push({
        type: 'message',
        text: options.message,
        ...(options.cite !== undefined ? { cite: options.cite } : {}),
      });
    }
    return turn(items, options);
  },

  /**
   * A turn that generates an image with the request's `image_generation` tool (an
   * `image_generation_call`): a real PNG drawn for `prompt` at the tool's `size`, its
   * `partial_images` streamed first. When the context holds an earlier image it is edited
   * instead (the tool's `action` `auto`), unless `options.action` is `generate`. Then
   * `options.message` answers, or, without it, the default model's message presenting the image
   * (`Here is the image: REVISED_PROMPT`, `Here is the edited image: …` for an edit).
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.image('a lighthouse at dusk', { revisedPrompt: 'A lighthouse on a cliff at dusk, oil painting' });
   */
  image(
    prompt: string,
    options: ReplyOptions & { revisedPrompt?: string; message?: string; action?: 'generate' | 'edit' } = {},
  ): ScriptTurn {
    const items: ScriptItem[] = [
      {
        type: 'image_generation_call',
        prompt,
        ...(options.revisedPrompt !== undefined ? { revised_prompt: options.revisedPrompt } : {}),
        ...(options.action !== undefined ? { action: options.action } : {}),
      },
    ];
    if (options.message !== undefined) items.push({ type: 'message', text: options.message });
    return turn(items, options);
  },

  /**
   * A turn that runs a web search with the request's `web_search` tool (a `web_search_call`).
   * The emulator has no network: `sources` are what the search found. Then `options.message`
   * answers, or the default model's message linking and citing each source (`url_citation`).
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.webSearch('Berlin news today', { sources: [{ url: 'https://example.com/b', title: 'Berlin' }] });
   */
  webSearch(
    query: string,
    options: ReplyOptions & { sources?: Array<{ url: string; title?: string }>; message?: string } = {},
  ): ScriptTurn {
    const items: ScriptItem[] = [
      { type: 'web_search_call', query, ...(options.sources ? { sources: options.sources } : {}) },
    ];
    if (options.message !== undefined) items.push({ type: 'message', text: options.message });
    return turn(items, options);
  },

  /**
   * A turn that searches the vector stores of the request's `file_search` tool (a
   * `file_search_call`) for each query. Then `options.message` answers, or the default model's
   * message quoting the best hit and citing its files (`file_citation`).
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.fileSearch(['What is an embedding model?']);
   */
  fileSearch(queries: string | string[], options: ReplyOptions & { message?: string } = {}): ScriptTurn {
    const items: ScriptItem[] = [
      { type: 'file_search_call', queries: typeof queries === 'string' ? [queries] : queries },
    ];
    if (options.message !== undefined) items.push({ type: 'message', text: options.message });
    return turn(items, options);
  },

  /**
   * A turn that makes one computer call with the request's `computer_use_preview` tool: one action
   * (sent as `action`, as the preview model does) or an array of them (sent as `actions`, a batch,
   * as the `computer` tool does). `safetyChecks` raise `pending_safety_checks` on it, which the
   * client must acknowledge (`acknowledged_safety_checks`) when it runs the actions.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.computerCall({ type: 'click', button: 'left', x: 120, y: 45 }, { safetyChecks: [{ code: 'malicious_instructions' }] });
   * reply.computerCall([{ type: 'type', text: 'Ada' }, { type: 'keypress', keys: ['enter'] }]);
   */
  computerCall(
    actions: ScriptComputerAction | readonly ScriptComputerAction[],
    options: ReplyOptions & { safetyChecks?: readonly ScriptSafetyCheck[]; callId?: string } = {},
  ): ScriptTurn {
    return turn(
      [
        {
          type: 'computer_call',
          ...(Array.isArray(actions)
            ? { actions: structuredClone([...actions]) }
            : { action: structuredClone(actions as ScriptComputerAction) }),
          ...(options.safetyChecks ? { safety_checks: structuredClone([...options.safetyChecks]) } : {}),
          ...(options.callId !== undefined ? { call_id: options.callId } : {}),
        },
      ],
      options,
    );
  },

  /**
   * A turn with any output items, e.g. a message followed by function calls.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.items([{ type: 'message', text: 'Let me check.' }, { type: 'function_call', name: 'get_weather', arguments: {} }]);
   */
  items(items: readonly ScriptItem[], options: ReplyOptions = {}): ScriptTurn {
    return turn([...items], options);
  },

  /**
   * A turn that only injects a fault: an HTTP error (`{type: 'http', status, retryAfter?,
   * retryAfterMs?}`), an `error` event mid-stream, or a dropped connection.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.fault({ type: 'http', status: 429, retryAfterMs: 10 });
   */
  fault(fault: ScriptFault, options: Omit<ReplyOptions, 'fault' | 'reasoning'> = {}): ScriptTurn {
    return turn(undefined, { ...options, fault });
  },

  /**
   * A turn that replays a recorded call verbatim: `PATH.chunks.txt` as the SSE stream of a
   * streamed request, `PATH.json` as the body of a non-streamed one. `path` may include either
   * suffix. The replayed Response is stored, so later requests can chain to it.
   *
   * @example
   * import { reply } from '@turnkit/emulator';
   * reply.recording('fixtures/recordings/azure-tool-call.1');
   */
  recording(path: string, options: Omit<ReplyOptions, 'reasoning'> = {}): ScriptTurn {
    return { ...turn(undefined, options), recording: path };
  },
} as const;

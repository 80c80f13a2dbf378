import { hostedMcpReport } from './mcp-report.js';
import { lastUserText, type ModelRequest, trailingToolOutputs } from './model-request.js';
import type { ScriptTurn } from './script.js';

/**
 * The deterministic model used when no script turn applies. It never calls tools:
 *
 * - when the context ends with function call outputs, it reports each one on its own line:
 *   `Tool get_weather returned: {"temp":21}` (`Tool call_… returned: …` if the call is unknown);
 * - when the context ends with hosted MCP results (calls the response just made, or rejected
 *   approvals), it reports them: `MCP tool add returned: 3`, `MCP tool delete was not approved: too
 *   risky.` (see `hostedMcpReport`);
 * - when the last user message contains "what do you remember" (any case), it lists every user
 *   message it knows of (see {@link ModelRequest.remembered}), memory questions left out:
 *   `I remember: "My name is Ann"; "I live in Paris"`, or `I remember nothing.`;
 * - when the request has a `code_interpreter` tool and the last user message holds a fenced
 *   ```` ```python ```` block, it runs that code (a `code_interpreter_call`) and answers with its
 *   output (the traceback when it raised), and links to the files it wrote, cited;
 * - otherwise it echoes the last user message: `You said: "Hello"` (`You said: ""` without one).
 *
 * @example
 * defaultTurn(request); // { output: [{ type: 'message', text: 'You said: "Hello"' }] }
 */
export function defaultTurn(request: ModelRequest): ScriptTurn {
  const mcpReport = hostedMcpReport(request.context);
  if (mcpReport !== null) return { output: [{ type: 'message', text: mcpReport }] };
  const outputs = trailingToolOutputs(request.context);
  const code = outputs.length === 0 ? pythonBlock(request) : null;
  if (code !== null) return { output: [{ type: 'code_interpreter_call', code }] };
  const text =
    outputs.length > 0
      ? outputs.map((o) => `Tool ${o.name ?? o.callId} returned: ${o.output}`).join('\n')
      : isMemoryQuery(lastUserText(request.context))
        ? rememberAnswer(request.remembered)
        : `You said: "${lastUserText(request.context) ?? ''}"`;
  return { output: [{ type: 'message', text }] };
}

/**
 * The code of the first fenced ```` ```python ```` (or ```` ```py ````) block of the last user
 * message, when the request has a `code_interpreter` tool; else `null`.
 *
 * @example
 * pythonBlock(request); // 'print(sum(range(10)))\n'
 */
export function pythonBlock(request: ModelRequest): string | null {
  if (!request.tools.some((t) => t.type === 'code_interpreter')) return null;
  const match = /```(?:python|py|python3)[^\S\n]*\r?\n([\s\S]*?)```/.exec(
    lastUserText(request.context) ?? '',
  );
  return match && match[1]!.trim() !== '' ? match[1]! : null;
}

const MEMORY_QUERY = /what do you remember/i;

/**
 * Tells whether a user message asks the default model what it remembers (it contains
 * "what do you remember", in any case).
 *
 * @example
 * isMemoryQuery('So, what do you remember?'); // true
 */
export function isMemoryQuery(text: string | null): boolean {
  return text !== null && MEMORY_QUERY.test(text);
}

/**
 * The default model's answer to a memory query: `I remember: "…"; "…"`, listing every user
 * message it knows of in order (memory queries left out), or `I remember nothing.`.
 *
 * @example
 * rememberAnswer(['My name is Ann', 'What do you remember?']); // 'I remember: "My name is Ann"'
 */
export function rememberAnswer(remembered: readonly string[]): string {
  const facts = remembered.filter((text) => !isMemoryQuery(text));
  if (facts.length === 0) return 'I remember nothing.';
  return `I remember: ${facts.map((text) => `"${text}"`).join('; ')}`;
}

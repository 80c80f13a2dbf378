import type { WireItem } from '../wire/wire-types.js';
import { type Attachment, describeAttachment } from './attachments.js';
import { computerReport } from './computer-report.js';
import { hostedMcpReport } from './mcp-report.js';
import { lastUserText, type ModelRequest, trailingToolOutputs } from './model-request.js';
import type { ScriptTurn } from './script.js';
import { forcedToolCall, formatAnswer } from './structured-reply.js';

/**
 * The deterministic model used when no script turn applies. It never calls tools:
 *
 * - when the context ends with function call outputs, it reports each one on its own line:
 *   `Tool get_weather returned: {"temp":21}` (`Tool call_… returned: …` if the call is unknown);
 * - when the context ends with computer call outputs, it describes each screenshot:
 *   `Screenshot for call_…: image/png 1024x768 at http://…` (see `computerReport`);
 * - when the context ends with hosted MCP results (calls the response just made, or rejected
 *   approvals), it reports them: `MCP tool add returned: 3`, `MCP tool delete was not approved: too
 *   risky.` (see `hostedMcpReport`);
 * - when the last user message contains "what do you remember" (any case), it lists every user
 *   message it knows of (see {@link ModelRequest.remembered}), memory questions left out:
 *   `I remember: "My name is Ann"; "I live in Paris"`, or `I remember nothing.`;
 * - when the request has a `code_interpreter` tool and the last user message holds a fenced
 *   ```` ```python ```` block, it runs that code (a `code_interpreter_call`) and answers with its
 *   output (the traceback when it raised), and links to the files it wrote, cited;
 * - when the request has an `image_generation` tool and the last user message asks for an image
 *   (a verb such as draw, generate, create or make and a noun such as image, picture or drawing,
 *   or a message that starts with draw, paint or sketch), it generates one (an
 *   `image_generation_call` of what follows "of", else of the whole message) and presents it;
 *   when the context already holds a generated image, a message that starts with an edit verb
 *   ("now make it blue", "change …", "turn …") asks for one too (of the whole message), and the
 *   tool edits that image (see `prepareImageGeneration`);
 * - otherwise it echoes the last user message: `You said: "Hello"` (`You said: ""` without one).
 *
 * Images and files sent with the last user message (or in the tool outputs it reports) are
 * described on lines of their own: `Image 1: an image (image/png, 64x32 pixels, detail auto)`,
 * `File 1: a file report.pdf (application/pdf, 1 page, text: "…")` (see {@link describeAttachment}).
 *
 * It follows what the request asks of it: a `tool_choice` of `"required"` or a named function
 * makes it call that function (the first function tool for `"required"`) with arguments made
 * from its schema, every turn (see `forcedToolCall`); a `text.format` of `json_object` or
 * `json_schema` turns its message into JSON (see `formatAnswer`).
 *
 * @example
 * import { defaultTurn } from './default-model.js';
 * import type { ModelRequest } from './model-request.js';
 * declare const request: ModelRequest; // its last user message: 'Hello'
 * defaultTurn(request); // { output: [{ type: 'message', text: 'You said: "Hello"' }] }
 */
export function defaultTurn(request: ModelRequest): ScriptTurn {
  const last = lastUserText(request.context);
  const forced = forcedToolCall(request, last ?? '');
  if (forced) return forced;
  const mcpReport = hostedMcpReport(request.context);
  if (mcpReport !== null) return { output: [{ type: 'message', text: formatAnswer(mcpReport, request) }] };
  const screenshots = computerReport(request.context);
  if (screenshots !== null)
    return { output: [{ type: 'message', text: formatAnswer(screenshots, request) }] };
  const outputs = trailingToolOutputs(request.context);
  const code = outputs.length === 0 ? pythonBlock(request) : null;
  if (code !== null) return { output: [{ type: 'code_interpreter_call', code }] };
  const picture = outputs.length === 0 ? imagePrompt(request) : null;
  if (picture !== null) return { output: [{ type: 'image_generation_call', prompt: picture }] };
  const attachments = request.attachments ?? [];
  const text =
    outputs.length > 0
      ? outputs
          .map((o) => {
            const parts = attachments.filter((a) => a.callId === o.callId).map(describeAttachment);
            return `Tool ${o.name ?? o.callId} returned: ${[o.output, ...parts].filter(Boolean).join(' + ')}`;
          })
          .join('\n')
      : isMemoryQuery(last)
        ? rememberAnswer(request.remembered)
        : [`You said: "${last ?? ''}"`, ...sentWith(request, attachments)].join('\n');
  return { output: [{ type: 'message', text: formatAnswer(text, request) }] };
}

/** The lines describing the images and files of the last user message, when it is in `input`. */
function sentWith(request: ModelRequest, attachments: readonly Attachment[]): string[] {
  if (attachments.length === 0) return [];
  const index = lastUserIndex(request.input);
  if (index < 0) return [];
  const mine = attachments.filter((a) => a.item === index && a.callId === null);
  const images = mine.filter((a) => a.kind === 'image');
  const files = mine.filter((a) => a.kind === 'file');
  return [
    ...images.map((a, i) => `Image ${i + 1}: ${describeAttachment(a)}`),
    ...files.map((a, i) => `File ${i + 1}: ${describeAttachment(a)}`),
  ];
}

function lastUserIndex(input: readonly WireItem[]): number {
  for (let i = input.length - 1; i >= 0; i--) {
    if (input[i]!.type === 'message' && input[i]!.role === 'user') return i;
  }
  return -1;
}

const IMAGE_VERB = /\b(draw|paint|sketch|generate|create|make|render|design)\b/i;
const IMAGE_NOUN = /\b(image|picture|drawing|illustration|photo|painting|logo|icon|poster)s?\b/i;
/** A message that asks to change something: an edit verb first, after "now", "ok", "please"…. */
const EDIT_REQUEST =
  /^(?:(?:now|ok|okay|please|and|then|great|nice)[\s,!.]+)*(?:make|turn|change|recolou?r|tint|edit|colou?r|add|remove|replace)\b/i;

function holdsImage(context: readonly WireItem[]): boolean {
  return context.some((item) => item.type === 'image_generation_call' && typeof item.result === 'string');
}

/**
 * What the default model draws for a request: when the request has an `image_generation` tool
 * and the last user message asks for an image, the subject (the text after "image of", "picture
 * of", …, or after a leading draw/paint/sketch, else the whole message); when the context holds
 * a generated image and the message starts with an edit verb (make, turn, change, recolor, tint,
 * edit, color, add, remove, replace; after "now", "ok", "please"…), the whole message; otherwise
 * `null`.
 *
 * @example
 * import { imagePrompt } from './default-model.js';
 * import type { ModelRequest } from './model-request.js';
 * declare const request: ModelRequest;
 * imagePrompt(request); // 'a red fox in the snow' for "Draw a picture of a red fox in the snow."
 */
export function imagePrompt(request: ModelRequest): string | null {
  if (!request.tools.some((t) => t.type === 'image_generation')) return null;
  const text = (lastUserText(request.context) ?? '').trim();
  const leading = /^(?:please\s+)?(draw|paint|sketch)\b\s*(?:me\s+)?/i.exec(text);
  if (!leading && !(IMAGE_VERB.test(text) && IMAGE_NOUN.test(text))) {
    return EDIT_REQUEST.test(text) && holdsImage(request.context) ? text.replace(/[\s.!?]+$/, '') : null;
  }
  const of =
    /\b(?:image|picture|drawing|illustration|photo|painting|logo|icon|poster)s?\s+(?:of|showing|with)\s+([\s\S]+)$/i.exec(
      text,
    );
  const subject = (of?.[1] ?? (leading ? text.slice(leading[0].length) : text)).replace(/[\s.!?]+$/, '');
  return subject === '' ? text : subject;
}

/**
 * The code of the first fenced ```` ```python ```` (or ```` ```py ````) block of the last user
 * message, when the request has a `code_interpreter` tool; else `null`.
 *
 * @example
 * import { pythonBlock } from './default-model.js';
 * import type { ModelRequest } from './model-request.js';
 * declare const request: ModelRequest; // its last user message holds a ```python block
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
 * import { isMemoryQuery } from './default-model.js';
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
 * import { rememberAnswer } from './default-model.js';
 * rememberAnswer(['My name is Ann', 'What do you remember?']); // 'I remember: "My name is Ann"'
 */
export function rememberAnswer(remembered: readonly string[]): string {
  const facts = remembered.filter((text) => !isMemoryQuery(text));
  if (facts.length === 0) return 'I remember nothing.';
  return `I remember: ${facts.map((text) => `"${text}"`).join('; ')}`;
}

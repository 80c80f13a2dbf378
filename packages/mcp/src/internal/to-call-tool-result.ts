import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallResult, ToolContentPart } from '@turnkit/tools';

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/**
 * One Responses API content part as an MCP content block:
 * - `input_text` → `text`;
 * - `input_image` with a base64 `data:` URL → `image` (its data and MIME type);
 * - any other image (a URL, an OpenAI file id) and `input_file` → a `text` block that names it,
 *   since MCP has no block for "an image at this URL" or "an OpenAI file" and inline file data
 *   would need a resource URI nobody can read back.
 */
export function toContentBlock(part: ToolContentPart): ContentBlock {
  switch (part.type) {
    case 'input_text':
      return { type: 'text', text: part.text };
    case 'input_image': {
      const match = part.image_url === undefined ? null : DATA_URL.exec(part.image_url);
      if (match) return { type: 'image', mimeType: match[1]!, data: match[2]! };
      if (part.image_url !== undefined) return { type: 'text', text: `[image: ${part.image_url}]` };
      return { type: 'text', text: `[image: OpenAI file ${part.file_id ?? '(unknown)'}]` };
    }
    case 'input_file': {
      const name = part.filename === undefined ? 'file' : `file "${part.filename}"`;
      if (part.file_url !== undefined) return { type: 'text', text: `[${name}: ${part.file_url}]` };
      if (part.file_id !== undefined) return { type: 'text', text: `[${name}: OpenAI file ${part.file_id}]` };
      return { type: 'text', text: `[${name} with inline data, omitted: MCP text results cannot carry it]` };
    }
    default:
      return { type: 'text', text: JSON.stringify(part) };
  }
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The MCP `CallToolResult` of a turnkit call result.
 *
 * - A failure is `isError: true` with the model-facing message as text (never a stack).
 * - A string output is one text block. When `execute` returned a plain object, the output is its
 *   JSON, and that JSON is also sent parsed as `structuredContent` (the spec asks servers that send
 *   structured content to send its serialized JSON as text too, which the string already is).
 * - An array of content parts becomes one block per part (see {@link toContentBlock}).
 *
 * @param returned - what `execute` returned, when it returned (`undefined` otherwise).
 */
export function toCallToolResult(result: ToolCallResult, returned: unknown): CallToolResult {
  if (!result.ok) return { isError: true, content: [{ type: 'text', text: result.output }] };
  if (typeof result.output !== 'string') return { content: result.output.map(toContentBlock) };
  const content: ContentBlock[] = [{ type: 'text', text: result.output }];
  if (isPlainObject(returned)) {
    const parsed: unknown = JSON.parse(result.output);
    if (isPlainObject(parsed)) return { content, structuredContent: parsed as Record<string, unknown> };
  }
  return { content };
}

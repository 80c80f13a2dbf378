import type { ToolContentPart } from '@turnkit/tools';

/** One MCP content block, as loosely as servers send them. */
interface Block {
  type: string;
  [key: string]: unknown;
}

function isBlock(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && typeof (value as Block).type === 'string';
}

/**
 * One MCP content block as a Responses API content part:
 * - `text` → `input_text`;
 * - `image` → `input_image` with a `data:` URL;
 * - `audio` → a short `input_text` note (a function output cannot carry audio, and its base64 would
 *   only waste the model's context);
 * - `resource`, `resource_link` and anything else → `input_text` holding the block as JSON.
 */
export function toContentPart(block: unknown): ToolContentPart {
  if (!isBlock(block)) return { type: 'input_text', text: JSON.stringify(block) ?? String(block) };
  switch (block.type) {
    case 'text':
      return { type: 'input_text', text: String(block.text ?? '') };
    case 'image':
      return {
        type: 'input_image',
        image_url: `data:${String(block.mimeType)};base64,${String(block.data)}`,
      };
    case 'audio': {
      const size = typeof block.data === 'string' ? Math.floor((block.data.length * 3) / 4) : 0;
      return {
        type: 'input_text',
        text: `[audio (${String(block.mimeType)}, about ${size} bytes) omitted: audio cannot be passed on to the model]`,
      };
    }
    default:
      return { type: 'input_text', text: JSON.stringify(block) };
  }
}

/**
 * The output of a tool from an MCP `CallToolResult`: the text when it holds only text (blocks
 * joined by newlines), an array of content parts when it holds an image, the
 * `structuredContent` (or a legacy `toolResult`) as the value when there is no content at all,
 * `undefined` for nothing.
 */
export function toToolOutput(result: Record<string, unknown>): unknown {
  const blocks = Array.isArray(result.content) ? result.content : [];
  // `toolResult` is the result of servers older than protocol version 2024-11-05.
  if (blocks.length === 0) return result.structuredContent ?? result.toolResult;
  const parts = blocks.map(toContentPart);
  if (parts.every((part) => part.type === 'input_text')) {
    return parts.map((part) => (part as { text: string }).text).join('\n');
  }
  return parts;
}

/** The text of an error result, for the model: its text blocks, or the blocks as JSON. */
export function errorText(result: Record<string, unknown>): string {
  const blocks = Array.isArray(result.content) ? result.content : [];
  const texts = blocks
    .filter((block) => isBlock(block) && block.type === 'text')
    .map((block) => String(block.text));
  if (texts.length > 0) return texts.join('\n');
  if (blocks.length > 0) return JSON.stringify(blocks);
  if (result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return 'the MCP server reported an error without details';
}

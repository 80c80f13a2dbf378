/**
 * Responses API items in the shape of the GenAI conventions' message schemas
 * (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.system_instructions`,
 * `gen_ai.tool.definitions`), for spans that record content (`recordContent: true`). Inline
 * image and file bytes are never copied: a part says how many bytes were left out.
 *
 * @see https://github.com/open-telemetry/semantic-conventions-genai/blob/main/docs/gen-ai/gen-ai-input-messages.json
 */
import type { Response, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';

/** A message part: text, a tool call, its response, reasoning, media, or a generic part. */
type Part = { type: string } & Record<string, unknown>;
/** A chat message of the conventions' schema. */
interface ChatMessage {
  role: string;
  parts: Part[];
  finish_reason?: string;
}

type Item = ResponseInputItem | ResponseOutputItem;

/** JSON arguments as an object when they parse, as the conventions ask; the text otherwise. */
export function parsedArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A media part that says what it was without its bytes (data URLs are left out). */
function mediaPart(modality: string, source: Record<string, unknown>): Part {
  const url = (source.image_url ?? source.file_url) as string | undefined;
  const data = source.file_data as string | undefined;
  if (typeof source.file_id === 'string') return { type: 'file', modality, file_id: source.file_id };
  if (typeof url === 'string' && !url.startsWith('data:')) return { type: 'uri', modality, uri: url };
  const inline = typeof url === 'string' ? url : data;
  const mime = inline?.startsWith('data:') ? inline.slice(5, inline.indexOf(';')) : undefined;
  return {
    type: 'blob',
    modality,
    ...(mime ? { mime_type: mime } : {}),
    content: '',
    turnkit_omitted_bytes: inline?.length ?? 0,
  };
}

/** The parts of a message's `content` (a string or content parts). */
function contentParts(content: unknown): Part[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  return content.map((part: Record<string, unknown>): Part => {
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', content: String(part.text ?? '') };
      case 'refusal':
        return { type: 'text', content: String(part.refusal ?? '') };
      case 'input_image':
        return mediaPart('image', part);
      case 'input_file':
        return mediaPart('document', part);
      default:
        return { type: String(part.type) };
    }
  });
}

/** One item as a message of the conventions' schema. */
function toMessage(item: Item): ChatMessage {
  const value = item as unknown as Record<string, unknown>;
  if (value.type === undefined || value.type === 'message') {
    const role = value.role === 'developer' ? 'system' : String(value.role ?? 'user');
    return { role, parts: contentParts(value.content) };
  }
  switch (value.type) {
    case 'function_call':
      return {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: value.call_id,
            name: value.name,
            arguments: parsedArguments(String(value.arguments ?? '')),
          },
        ],
      };
    case 'function_call_output':
      return {
        role: 'tool',
        parts: [
          {
            type: 'tool_call_response',
            id: value.call_id,
            response: typeof value.output === 'string' ? value.output : contentParts(value.output),
          },
        ],
      };
    case 'reasoning': {
      const summary = (value.summary as Array<{ text?: string }> | undefined) ?? [];
      return {
        role: 'assistant',
        parts: [{ type: 'reasoning', content: summary.map((s) => s.text ?? '').join('\n') }],
      };
    }
    case 'mcp_call':
      return {
        role: 'assistant',
        parts: [
          {
            type: 'server_tool_call',
            id: value.id,
            name: value.name,
            server_tool_call: {
              type: 'mcp',
              server_label: value.server_label,
              arguments: parsedArguments(String(value.arguments ?? '')),
            },
          },
          {
            type: 'server_tool_call_response',
            id: value.id,
            server_tool_call_response: {
              type: 'mcp',
              output: value.output ?? null,
              error: value.error ?? null,
            },
          },
        ],
      };
    case 'code_interpreter_call':
      return {
        role: 'assistant',
        parts: [
          {
            type: 'server_tool_call',
            id: value.id,
            name: 'code_interpreter',
            server_tool_call: { type: 'code_interpreter', code: value.code ?? null },
          },
        ],
      };
    case 'mcp_approval_response':
      return {
        role: 'user',
        parts: [{ type: 'mcp_approval_response', id: value.approval_request_id, approve: value.approve }],
      };
    default:
      // Hosted-tool items and compaction: named, their payloads (and encrypted content) left out.
      return { role: 'assistant', parts: [{ type: String(value.type), id: value.id ?? null }] };
  }
}

/** The input of a request (a string or items) as `gen_ai.input.messages`. */
export function inputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  return Array.isArray(input) ? input.map((item: Item) => toMessage(item)) : [];
}

/** The finish reason of a response, in the conventions' words. */
export function finishReason(response: Response): string {
  const reason = response.incomplete_details?.reason;
  if (response.status === 'incomplete') return reason === 'max_output_tokens' ? 'length' : String(reason);
  if (response.status === 'failed') return 'error';
  return response.output.some((item) => item.type === 'function_call') ? 'tool_call' : 'stop';
}

/** A response's output as `gen_ai.output.messages`: one message (the one choice). */
export function outputMessages(response: Response): ChatMessage[] {
  const parts = response.output.flatMap((item) => toMessage(item).parts);
  return [{ role: 'assistant', parts, finish_reason: finishReason(response) }];
}

/** Instructions as `gen_ai.system_instructions`. */
export function systemInstructions(instructions: string): Part[] {
  return [{ type: 'text', content: instructions }];
}

/** Tool definitions as `gen_ai.tool.definitions`: type and name only (never MCP headers). */
export function toolDefinitions(tools: unknown): Part[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((tool: Record<string, unknown>) => ({
    type: String(tool.type),
    name: String(tool.name ?? tool.server_label ?? tool.type),
  }));
}

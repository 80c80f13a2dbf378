import { invalidRequest, invalidType, invalidValue, missingParameter } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import { validateComputerCallInput, validateComputerCallOutput } from './computer-use.js';
import { validateMediaPart } from './input-parts.js';

/** The input item `type` values of the API reference's `ResponseInputItem` union. */
export const INPUT_ITEM_TYPES = [
  'message',
  'function_call',
  'function_call_output',
  'reasoning',
  'item_reference',
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'web_search_call',
  'tool_search_call',
  'tool_search_output',
  'additional_tools',
  'configuration_update',
  'compaction',
  'compaction_trigger',
  'image_generation_call',
  'code_interpreter_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'custom_tool_call',
  'custom_tool_call_output',
  'program',
  'program_output',
] as const;

const ROLES = ['assistant', 'system', 'developer', 'user'];
const IMAGE_CALL_STATUSES = ['in_progress', 'completed', 'generating', 'failed'];
const INPUT_PARTS = ['input_text', 'input_image', 'input_file'];
const OUTPUT_PARTS = ['output_text', 'refusal'];
const MESSAGE_KEYS = ['type', 'role', 'content', 'id', 'status', 'phase'];
const STATUSES = ['in_progress', 'completed', 'incomplete'];
const PHASES = ['commentary', 'final_answer'];
const PART_KEYS: Record<string, readonly string[]> = {
  input_text: ['type', 'text', 'prompt_cache_breakpoint'],
  output_text: ['type', 'text', 'annotations', 'logprobs', 'prompt_cache_breakpoint'],
  refusal: ['type', 'refusal'],
};

/**
 * Validates `input` (or another list of input items, named `param` in errors, e.g. a
 * conversation's `items`) and returns it as a list of items in their stored form: a string becomes one
 * user message, messages get `type: "message"` and array content (`input_text` parts for
 * user/system/developer, `output_text` parts for assistant). Items keep the ids they came with;
 * other item types pass through unchanged.
 *
 * @throws {HttpError} 400 for a non-string/non-array input, a non-object item, an unknown item
 * type or role, content parts that do not fit the role, an unknown key in a message or a text part
 * (`unknown_parameter`), a text part without its text, a bad message `status` or `phase`, a
 * `function_call`/`function_call_output` without its required fields, an `image_generation_call`
 * without its `id` or with a `result` that is not a string (or null) or a `status` outside the
 * item's statuses, or a `computer_call`/`computer_call_output` that is not one (see
 * `validate/computer-use.ts`).
 * @example
 * import { normalizeInput } from './input.js';
 * normalizeInput('Hi'); // [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }]
 */
export function normalizeInput(value: unknown, param = 'input'): WireItem[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: value }] }];
  }
  if (!Array.isArray(value)) throw invalidType(param, 'a string or an array', value);
  return value.map((item: unknown, i) => normalizeItem(item, `${param}[${i}]`));
}

function normalizeItem(item: unknown, param: string): WireItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw invalidType(param, 'an object', item);
  }
  const it = item as JsonObject;
  const type = it.type ?? (it.role !== undefined ? 'message' : undefined);
  if (type === undefined) throw missingParameter(`${param}.type`);
  if (typeof type !== 'string' || !(INPUT_ITEM_TYPES as readonly string[]).includes(type)) {
    throw invalidValue(`${param}.type`, type, INPUT_ITEM_TYPES);
  }
  switch (type) {
    case 'message':
      return normalizeMessage(it, param);
    case 'function_call':
      requireString(it, 'call_id', param);
      requireString(it, 'name', param);
      requireString(it, 'arguments', param);
      return { ...it, type };
    case 'function_call_output':
      requireString(it, 'call_id', param);
      if (it.output === undefined) throw missingParameter(`${param}.output`);
      if (typeof it.output !== 'string' && !Array.isArray(it.output)) {
        throw invalidType(`${param}.output`, 'a string or an array', it.output);
      }
      if (Array.isArray(it.output)) validateOutputParts(it.output, `${param}.output`);
      return { ...it, type };
    case 'computer_call':
      validateComputerCallInput(it, param);
      return { ...it, type };
    case 'computer_call_output':
      validateComputerCallOutput(it, param);
      return { ...it, type };
    case 'item_reference':
      requireString(it, 'id', param);
      return { ...it, type };
    case 'image_generation_call':
      requireString(it, 'id', param);
      if (it.result !== undefined && it.result !== null && typeof it.result !== 'string') {
        throw invalidType(`${param}.result`, 'a string', it.result);
      }
      if (it.status !== undefined && !IMAGE_CALL_STATUSES.includes(it.status as string)) {
        throw invalidValue(`${param}.status`, it.status, IMAGE_CALL_STATUSES);
      }
      return { ...it, type };
    case 'mcp_approval_response':
      requireString(it, 'approval_request_id', param);
      if (it.approve === undefined) throw missingParameter(`${param}.approve`);
      if (typeof it.approve !== 'boolean') throw invalidType(`${param}.approve`, 'a boolean', it.approve);
      return { ...it, type };
    default:
      return { ...it, type };
  }
}

function normalizeMessage(it: JsonObject, param: string): WireItem {
  if (it.role === undefined) throw missingParameter(`${param}.role`);
  if (typeof it.role !== 'string' || !ROLES.includes(it.role)) {
    throw invalidValue(`${param}.role`, it.role, ROLES);
  }
  const assistant = it.role === 'assistant';
  if (it.content === undefined) throw missingParameter(`${param}.content`);
  let content: unknown[];
  if (typeof it.content === 'string') {
    content = [
      assistant
        ? { type: 'output_text', text: it.content, annotations: [], logprobs: [] }
        : { type: 'input_text', text: it.content },
    ];
  } else if (Array.isArray(it.content)) {
    const allowed = assistant ? OUTPUT_PARTS : INPUT_PARTS;
    content = it.content.map((part: unknown, j) => {
      const partParam = `${param}.content[${j}]`;
      if (typeof part !== 'object' || part === null || Array.isArray(part)) {
        throw invalidType(partParam, 'an object', part);
      }
      const p = part as JsonObject;
      if (typeof p.type !== 'string' || !allowed.includes(p.type)) {
        throw invalidValue(`${partParam}.type`, p.type, allowed);
      }
      if (p.type === 'input_image' || p.type === 'input_file') validateMediaPart(p, partParam);
      else validateTextPart(p, partParam);
      return p;
    });
  } else {
    throw invalidType(`${param}.content`, 'a string or an array', it.content);
  }
  checkMessageFields(it, param);
  const { type: _type, role, content: _content, ...rest } = it;
  return { type: 'message', role, content, ...rest };
}

function checkMessageFields(it: JsonObject, param: string): void {
  for (const key of Object.keys(it)) {
    if (!MESSAGE_KEYS.includes(key)) {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
  if (it.status !== undefined && it.status !== null && !STATUSES.includes(it.status as string)) {
    throw invalidValue(`${param}.status`, it.status, STATUSES);
  }
  if (it.phase !== undefined && it.phase !== null && !PHASES.includes(it.phase as string)) {
    throw invalidValue(`${param}.phase`, it.phase, PHASES);
  }
  if (it.id !== undefined && typeof it.id !== 'string') throw invalidType(`${param}.id`, 'a string', it.id);
}

/**
 * Checks an `input_text`, `output_text` or `refusal` part: no keys but its own (`Unknown parameter:
 * 'input[0].content[0].cache_control'.`, the real answer), `text` (or `refusal`) a string, and an
 * `output_text`'s `annotations` and `logprobs` arrays when present.
 */
function validateTextPart(p: JsonObject, param: string): void {
  const keys = PART_KEYS[p.type as string] ?? [];
  for (const key of Object.keys(p)) {
    if (!keys.includes(key)) {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
  const field = p.type === 'refusal' ? 'refusal' : 'text';
  if (p[field] === undefined) throw missingParameter(`${param}.${field}`);
  if (typeof p[field] !== 'string') throw invalidType(`${param}.${field}`, 'a string', p[field]);
  for (const key of ['annotations', 'logprobs']) {
    if (p[key] !== undefined && p[key] !== null && !Array.isArray(p[key])) {
      throw invalidType(`${param}.${key}`, 'an array', p[key]);
    }
  }
}

function requireString(item: JsonObject, key: string, param: string): void {
  const value = item[key];
  if (value === undefined) throw missingParameter(`${param}.${key}`);
  if (typeof value !== 'string') throw invalidType(`${param}.${key}`, 'a string', value);
}

function validateOutputParts(parts: unknown[], param: string): void {
  parts.forEach((part: unknown, j) => {
    const partParam = `${param}[${j}]`;
    if (typeof part !== 'object' || part === null || Array.isArray(part)) {
      throw invalidType(partParam, 'an object', part);
    }
    const p = part as JsonObject;
    if (typeof p.type !== 'string' || !INPUT_PARTS.includes(p.type)) {
      throw invalidValue(`${partParam}.type`, p.type, INPUT_PARTS);
    }
    if (p.type === 'input_text') validateTextPart(p, partParam);
    else validateMediaPart(p, partParam);
  });
}

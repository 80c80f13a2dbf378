import { invalidRequest, invalidType, invalidValue, missingParameter } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';

/** The `memory_limit` values of the API reference. */
export const MEMORY_LIMITS = ['1g', '4g', '16g', '64g'] as const;

const TOOL_KEYS = ['type', 'container'];
const AUTO_KEYS = ['type', 'file_ids', 'memory_limit', 'network_policy'];

/**
 * Validates a `{"type": "code_interpreter", container}` tool (the parts that need no state) and
 * returns it as the Response echoes it: unchanged, as in the recordings
 * (`{"type": "code_interpreter", "container": {"type": "auto"}}`).
 *
 * @throws {HttpError} 400 naming the param: a missing `container`, a container id that is not a
 * `cntr_…` string, a container object whose `type` is not `"auto"`, bad `file_ids`, a
 * `memory_limit` outside `1g`/`4g`/`16g`/`64g`, a `network_policy` other than `disabled`, or an
 * unknown key.
 * @example
 * import { validateCodeInterpreterTool } from './code-interpreter-tool.js';
 * validateCodeInterpreterTool({ type: 'code_interpreter', container: { type: 'auto' } }, 'tools[0]');
 */
export function validateCodeInterpreterTool(tool: JsonObject, param: string): JsonObject {
  for (const key of Object.keys(tool)) {
    if (!TOOL_KEYS.includes(key)) {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
  const container = tool.container;
  if (container === undefined || container === null) throw missingParameter(`${param}.container`);
  if (typeof container === 'string') {
    if (!container.startsWith('cntr_')) {
      throw invalidRequest(
        `Invalid '${param}.container': expected a container id starting with 'cntr_', but got '${container}'.`,
        `${param}.container`,
        'invalid_value',
      );
    }
    return tool;
  }
  if (typeof container !== 'object' || Array.isArray(container)) {
    throw invalidType(`${param}.container`, 'a string or an object', container);
  }
  const c = container as JsonObject;
  if (c.type === undefined) throw missingParameter(`${param}.container.type`);
  if (c.type !== 'auto') throw invalidValue(`${param}.container.type`, c.type, ['auto']);
  for (const key of Object.keys(c)) {
    if (!AUTO_KEYS.includes(key)) {
      throw invalidRequest(
        `Unknown parameter: '${param}.container.${key}'.`,
        `${param}.container.${key}`,
        'unknown_parameter',
      );
    }
  }
  if (c.file_ids !== undefined && c.file_ids !== null) {
    if (!Array.isArray(c.file_ids)) throw invalidType(`${param}.container.file_ids`, 'an array', c.file_ids);
    c.file_ids.forEach((id: unknown, i) => {
      if (typeof id !== 'string') throw invalidType(`${param}.container.file_ids[${i}]`, 'a string', id);
    });
  }
  checkMemoryLimit(c.memory_limit, `${param}.container.memory_limit`);
  checkNetworkPolicy(c.network_policy, `${param}.container.network_policy`);
  return tool;
}

/**
 * Validates `memory_limit` and returns it (`undefined` when absent).
 *
 * @throws {HttpError} 400 for a value outside `1g`, `4g`, `16g`, `64g`.
 */
export function checkMemoryLimit(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(MEMORY_LIMITS as readonly unknown[]).includes(value)) throw invalidValue(param, value, MEMORY_LIMITS);
  return value as string;
}

/**
 * Validates a `network_policy`: `{type: "disabled"}` is accepted; `{type: "allowlist"}` is a 400
 * (the sandbox has no network at all).
 */
export function checkNetworkPolicy(value: unknown, param: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidType(param, 'an object', value);
  const type = (value as JsonObject).type;
  if (type === 'allowlist') {
    throw invalidRequest(
      "The emulator's Python sandbox has no network access, so only network_policy {type: 'disabled'} is supported.",
      `${param}.type`,
      'unsupported_parameter',
    );
  }
  if (type !== 'disabled') throw invalidValue(`${param}.type`, type, ['disabled', 'allowlist']);
  return { type: 'disabled' };
}

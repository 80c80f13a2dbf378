import { invalidRequest, invalidType, invalidValue, missingParameter } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';

/** Stands in for a credential (a header value, `authorization`) wherever the emulator shows a tool. */
export const REDACTED = '<redacted>';

const SERVER_LABEL = /^[a-zA-Z0-9_-]+$/;

/** The `connector_id` values of the API reference (connectors are accepted by name, not emulated). */
export const MCP_CONNECTORS = [
  'connector_dropbox',
  'connector_gmail',
  'connector_googlecalendar',
  'connector_googledrive',
  'connector_microsoftteams',
  'connector_outlookcalendar',
  'connector_outlookemail',
  'connector_sharepoint',
] as const;

const MCP_TOOL_KEYS = [
  'type',
  'server_label',
  'server_url',
  'connector_id',
  'tunnel_id',
  'server_description',
  'authorization',
  'headers',
  'allowed_tools',
  'require_approval',
  'defer_loading',
  'allowed_callers',
];

/**
 * Validates a hosted MCP tool (`{"type": "mcp", …}`) and returns it as the Response echoes it:
 * `type` first, then the keys in alphabetical order as in real payloads, with
 * `allowed_tools`, `headers` and `server_description` defaulting to `null` and `require_approval`
 * to `"always"` (the API's default). Credentials are never echoed: every header value and
 * `authorization` become `"<redacted>"`. `labels` maps the labels of earlier MCP tools to their index; a label seen before is a
 * duplicate.
 *
 * @throws {HttpError} 400 naming the field (`tools[i].server_label`, `tools[i].server_url`,
 * `tools[i].headers.NAME`, …) for a missing or malformed `server_label` (`^[a-zA-Z0-9_-]+$`), a
 * duplicate label, none or more than one of `server_url` / `connector_id` / `tunnel_id`, a
 * `server_url` that is not an `http(s)` URL, headers that are not strings, a malformed
 * `allowed_tools` or `require_approval`, an unknown key; 400 `unsupported_parameter` for
 * `connector_id` and `tunnel_id`, which the emulator does not emulate.
 * @example
 * import { validateMcpTool } from './mcp-tool.js';
 * validateMcpTool({ type: 'mcp', server_label: 'crm', server_url: 'http://127.0.0.1:3000/mcp' }, 0, new Map());
 */
export function validateMcpTool(tool: JsonObject, index: number, labels: Map<string, number>): JsonObject {
  const param = `tools[${index}]`;
  for (const key of Object.keys(tool)) {
    if (!MCP_TOOL_KEYS.includes(key)) {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
  const label = tool.server_label;
  if (label === undefined || label === null) throw missingParameter(`${param}.server_label`);
  if (typeof label !== 'string') throw invalidType(`${param}.server_label`, 'a string', label);
  if (!SERVER_LABEL.test(label)) {
    throw invalidRequest(
      `Invalid '${param}.server_label': string does not match pattern. Expected a string that matches the pattern '${SERVER_LABEL.source}'.`,
      `${param}.server_label`,
      'invalid_value',
    );
  }
  const first = labels.get(label);
  if (first !== undefined) {
    throw invalidRequest(
      `Duplicate MCP server_label '${label}': it is used by both tools[${first}] and ${param}. Server labels must be unique.`,
      `${param}.server_label`,
      'invalid_value',
    );
  }
  labels.set(label, index);
  validateLocation(tool, param);
  for (const key of ['server_description', 'authorization'] as const) {
    if (tool[key] !== undefined && tool[key] !== null && typeof tool[key] !== 'string') {
      throw invalidType(`${param}.${key}`, 'a string', tool[key]);
    }
  }
  validateHeaders(tool.headers, `${param}.headers`);
  validateToolFilter(tool.allowed_tools, `${param}.allowed_tools`, true);
  validateApproval(tool.require_approval, `${param}.require_approval`);
  if (tool.defer_loading !== undefined && typeof tool.defer_loading !== 'boolean') {
    throw invalidType(`${param}.defer_loading`, 'a boolean', tool.defer_loading);
  }
  const { type: _type, ...rest } = redactMcpTool(tool);
  const echoed: JsonObject = {
    allowed_tools: null,
    headers: null,
    require_approval: 'always',
    server_description: null,
    ...rest,
  };
  if (echoed.require_approval === null) echoed.require_approval = 'always';
  const sorted: JsonObject = { type: 'mcp' };
  for (const key of Object.keys(echoed).sort()) sorted[key] = echoed[key];
  return sorted;
}

function validateLocation(tool: JsonObject, param: string): void {
  const given = (['server_url', 'connector_id', 'tunnel_id'] as const).filter(
    (key) => tool[key] !== undefined && tool[key] !== null,
  );
  if (given.length === 0) {
    throw invalidRequest(
      `Invalid '${param}': one of 'server_url', 'connector_id' or 'tunnel_id' must be provided.`,
      `${param}.server_url`,
      'missing_required_parameter',
    );
  }
  if (given.length > 1) {
    throw invalidRequest(
      `Invalid '${param}': only one of 'server_url', 'connector_id' or 'tunnel_id' may be provided, but got '${given[0]}' and '${given[1]}'.`,
      `${param}.${given[1]}`,
      'invalid_value',
    );
  }
  const key = given[0]!;
  const value = tool[key];
  if (typeof value !== 'string') throw invalidType(`${param}.${key}`, 'a string', value);
  if (key === 'server_url') {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw invalidRequest(
        `Invalid '${param}.server_url': expected an http:// or https:// URL.`,
        `${param}.server_url`,
        'invalid_value',
      );
    }
    return;
  }
  if (key === 'connector_id' && !(MCP_CONNECTORS as readonly string[]).includes(value)) {
    throw invalidValue(`${param}.connector_id`, value, MCP_CONNECTORS);
  }
  throw invalidRequest(
    `The emulator does not support MCP '${key}' yet; give the tool a 'server_url'.`,
    `${param}.${key}`,
    'unsupported_parameter',
  );
}

function validateHeaders(headers: unknown, param: string): void {
  if (headers === undefined || headers === null) return;
  if (typeof headers !== 'object' || Array.isArray(headers)) throw invalidType(param, 'an object', headers);
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw invalidType(`${param}.${name}`, 'a string', value);
  }
}

/**
 * Validates a tool filter: `allowed_tools` (also a list of names) or one side of
 * `require_approval` (`{tool_names?: string[], read_only?: boolean}`).
 */
function validateToolFilter(value: unknown, param: string, allowList: boolean): void {
  if (value === undefined || value === null) return;
  if (allowList && Array.isArray(value)) {
    value.forEach((name, i) => {
      if (typeof name !== 'string') throw invalidType(`${param}[${i}]`, 'a string', name);
    });
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidType(param, allowList ? 'an array or an object' : 'an object', value);
  }
  const filter = value as JsonObject;
  for (const key of Object.keys(filter)) {
    if (key !== 'tool_names' && key !== 'read_only') {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
  }
  if (filter.read_only !== undefined && typeof filter.read_only !== 'boolean') {
    throw invalidType(`${param}.read_only`, 'a boolean', filter.read_only);
  }
  if (filter.tool_names !== undefined) {
    if (!Array.isArray(filter.tool_names))
      throw invalidType(`${param}.tool_names`, 'an array', filter.tool_names);
    filter.tool_names.forEach((name, i) => {
      if (typeof name !== 'string') throw invalidType(`${param}.tool_names[${i}]`, 'a string', name);
    });
  }
}

function validateApproval(value: unknown, param: string): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    if (value !== 'always' && value !== 'never') throw invalidValue(param, value, ['always', 'never']);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidType(param, "'always', 'never' or an object", value);
  }
  for (const [key, filter] of Object.entries(value)) {
    if (key !== 'always' && key !== 'never') {
      throw invalidRequest(`Unknown parameter: '${param}.${key}'.`, `${param}.${key}`, 'unknown_parameter');
    }
    validateToolFilter(filter, `${param}.${key}`, false);
  }
}

/**
 * Returns a copy of an MCP tool definition with its credentials replaced by `"<redacted>"`: every
 * value of `headers`, and `authorization`. Other tools are returned unchanged.
 *
 * @example
 * import { redactMcpTool } from './mcp-tool.js';
 * redactMcpTool({ type: 'mcp', server_label: 'crm', headers: { 'x-api-key': 'secret' } }).headers; // { 'x-api-key': '<redacted>' }
 */
export function redactMcpTool(tool: JsonObject): JsonObject {
  if (tool.type !== 'mcp') return tool;
  const copy: JsonObject = { ...tool };
  if (typeof copy.headers === 'object' && copy.headers !== null && !Array.isArray(copy.headers)) {
    copy.headers = Object.fromEntries(Object.keys(copy.headers).map((name) => [name, REDACTED]));
  }
  if (copy.authorization !== undefined && copy.authorization !== null) copy.authorization = REDACTED;
  return copy;
}

/**
 * Returns a request body with the credentials of its MCP tools redacted (see
 * {@link redactMcpTool}), for `emulator.requests`. The body itself is not modified; a body without
 * MCP tools is returned as is.
 *
 * @example
 * import { redactRequestBody } from './mcp-tool.js';
 * redactRequestBody({ model: 'm', tools: [{ type: 'mcp', server_label: 'a', authorization: 't' }] });
 */
export function redactRequestBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const tools = (body as JsonObject).tools;
  if (!Array.isArray(tools) || !tools.some((t) => isObject(t) && t.type === 'mcp')) return body;
  return {
    ...(body as JsonObject),
    tools: tools.map((tool: unknown) => (isObject(tool) ? redactMcpTool(tool) : tool)),
  };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

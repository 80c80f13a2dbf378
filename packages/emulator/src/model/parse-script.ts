import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ScriptError } from '../wire/errors.js';
import { validateComputerCallItem } from './computer-script.js';
import type {
  Script,
  ScriptFault,
  ScriptFunctionCall,
  ScriptItem,
  ScriptMcpCall,
  ScriptMessage,
  ScriptReasoning,
  ScriptTurn,
  TurnMatch,
} from './script.js';
import { validateSearchItem } from './search-items.js';

const TURN_KEYS = ['match', 'output', 'recording', 'fault', 'delayMs'];
const MATCH_KEYS = ['inputIncludes', 'toolOutputFor', 'hasTool', 'model', 'approvalFor'];
const FAULT_KEYS: Record<string, string[]> = {
  http: ['type', 'status', 'error', 'retryAfter', 'retryAfterMs', 'headers'],
  error_event: ['type', 'afterEvents', 'error', 'status'],
  disconnect: ['type', 'afterEvents'],
};

/**
 * Validates one turn and returns a normalized copy (a relative `recording` path is resolved
 * against `baseDir`, default the working directory).
 *
 * @throws {ScriptError} naming the turn and the field, e.g. `turn 0: output[0].name: expected a non-empty string`.
 * @example
 * import { validateTurn } from '@turnkit/emulator';
 * const turn = validateTurn({ output: [{ type: 'message', text: 'Hi' }] }, 0);
 */
export function validateTurn(turn: unknown, index: number, baseDir = process.cwd()): ScriptTurn {
  const fail = (field: string, problem: string): never => {
    throw new ScriptError(index, field, problem);
  };
  const t = asObject(turn, () => fail('', 'expected an object'));
  for (const key of Object.keys(t)) {
    if (!TURN_KEYS.includes(key)) fail(key, `unknown field (expected one of ${TURN_KEYS.join(', ')})`);
  }
  const out: ScriptTurn = {};
  if (t.match !== undefined) {
    const m = asObject(t.match, () => fail('match', 'expected an object'));
    for (const [key, value] of Object.entries(m)) {
      if (!MATCH_KEYS.includes(key))
        fail(`match.${key}`, `unknown condition (expected one of ${MATCH_KEYS.join(', ')})`);
      if (typeof value !== 'string' || value === '') fail(`match.${key}`, 'expected a non-empty string');
    }
    out.match = { ...(m as TurnMatch) };
  }
  if (t.output !== undefined && t.recording !== undefined)
    fail('recording', 'a turn has either output or recording, not both');
  if (t.output !== undefined) {
    if (!Array.isArray(t.output) || t.output.length === 0)
      fail('output', 'expected a non-empty array of items');
    out.output = (t.output as unknown[]).map((item, i) => validateItem(item, `output[${i}]`, fail));
    out.output.forEach((item, i) => {
      const next = out.output?.[i + 1]?.type;
      if (item.type === 'reasoning' && (next === undefined || next === 'reasoning')) {
        fail(
          `output[${i}]`,
          'a reasoning item must be followed by the item it reasons about (not another reasoning item)',
        );
      }
    });
  }
  if (t.recording !== undefined) {
    if (typeof t.recording !== 'string' || t.recording === '') fail('recording', 'expected a non-empty path');
    const prefix = recordingPrefix(
      isAbsolute(t.recording as string) ? (t.recording as string) : resolve(baseDir, t.recording as string),
    );
    if (!existsSync(`${prefix}.chunks.txt`) && !existsSync(`${prefix}.json`)) {
      fail('recording', `no ${prefix}.chunks.txt or ${prefix}.json`);
    }
    out.recording = prefix;
  }
  if (t.fault !== undefined) out.fault = validateFault(t.fault, fail);
  if (t.delayMs !== undefined) {
    if (typeof t.delayMs !== 'number' || !(t.delayMs >= 0)) fail('delayMs', 'expected a number >= 0');
    out.delayMs = t.delayMs as number;
  }
  if (out.fault?.type === 'http' && (out.output || out.recording)) {
    fail('fault', "an 'http' fault answers with an error, so the turn cannot also have output or recording");
  }
  if (!out.output && !out.recording && !out.fault) fail('', 'expected output, recording or fault');
  Object.defineProperty(out, TURN_ORIGIN, {
    value: { kind: 'script', index } satisfies TurnOrigin,
    configurable: true,
  });
  return out;
}

/** Where a chosen turn came from: a script (and which turn of it), or a model behavior. */
export type TurnOrigin = { kind: 'script'; index: number } | { kind: 'behavior' };

/** The key of a validated turn's {@link TurnOrigin} (not enumerable: it never reaches JSON). */
const TURN_ORIGIN: unique symbol = Symbol('turnkit.emulator.turnOrigin');

/**
 * Where a turn came from, for messages that name it: a scripted turn validated by
 * {@link validateTurn} (or {@link parseScript}), or one {@link fromBehavior} marked;
 * `undefined` for a turn the default model made.
 *
 * @example
 * import { turnOrigin, validateTurn } from './parse-script.js';
 * declare const turn: unknown; // the third turn of a script file, as parsed JSON
 * turnOrigin(validateTurn(turn, 2)); // { kind: 'script', index: 2 }
 */
export function turnOrigin(turn: ScriptTurn): TurnOrigin | undefined {
  return (turn as { [TURN_ORIGIN]?: TurnOrigin })[TURN_ORIGIN];
}

/**
 * Marks a validated turn as a model behavior's (not a script's).
 *
 * @example
 * import { fromBehavior, validateTurn } from './parse-script.js';
 * declare const custom: unknown; // the turn a model behavior returned
 * const turn = fromBehavior(validateTurn(custom, 0));
 */
export function fromBehavior(turn: ScriptTurn): ScriptTurn {
  Object.defineProperty(turn, TURN_ORIGIN, {
    value: { kind: 'behavior' } satisfies TurnOrigin,
    configurable: true,
  });
  return turn;
}

function validateItem(
  item: unknown,
  field: string,
  fail: (field: string, problem: string) => never,
): ScriptItem {
  const it = asObject(item, () => fail(field, 'expected an object'));
  if (it.type === 'reasoning') return validateReasoningItem(it, field, fail);
  if (it.type === 'message') {
    if (typeof it.text !== 'string') fail(`${field}.text`, 'expected a string');
    const message: ScriptMessage = { type: 'message', text: it.text as string };
    if (it.phase !== undefined) {
      if (it.phase !== 'commentary' && it.phase !== 'final_answer') {
        fail(`${field}.phase`, "expected 'commentary' or 'final_answer'");
      }
      message.phase = it.phase as ScriptMessage['phase'];
    }
    if (it.cite !== undefined) {
      const names = typeof it.cite === 'string' ? [it.cite] : it.cite;
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n === '')) {
        fail(`${field}.cite`, 'expected a file name or an array of file names');
      }
      message.cite = structuredClone(it.cite) as string | string[];
    }
    return message;
  }
  if (it.type === 'refusal') {
    if (typeof it.refusal !== 'string' || it.refusal === '')
      fail(`${field}.refusal`, 'expected a non-empty string');
    for (const key of Object.keys(it)) {
      if (key !== 'type' && key !== 'refusal') fail(`${field}.${key}`, 'unknown field');
    }
    return { type: 'refusal', refusal: it.refusal as string };
  }
  if (it.type === 'code_interpreter_call') {
    if (typeof it.code !== 'string' || it.code === '') fail(`${field}.code`, 'expected a non-empty string');
    for (const key of Object.keys(it)) {
      if (key !== 'type' && key !== 'code') fail(`${field}.${key}`, 'unknown field');
    }
    return { type: 'code_interpreter_call', code: it.code as string };
  }
  if (it.type === 'function_call') {
    if (typeof it.name !== 'string' || it.name === '') fail(`${field}.name`, 'expected a non-empty string');
    const args = it.arguments ?? {};
    if (typeof args !== 'string' && (typeof args !== 'object' || args === null || Array.isArray(args))) {
      fail(`${field}.arguments`, 'expected an object or a string');
    }
    if (it.call_id !== undefined && (typeof it.call_id !== 'string' || it.call_id === '')) {
      fail(`${field}.call_id`, 'expected a non-empty string');
    }
    const out: ScriptFunctionCall = {
      type: 'function_call',
      name: it.name as string,
      arguments: args as ScriptFunctionCall['arguments'],
    };
    if (typeof it.call_id === 'string') out.call_id = it.call_id;
    return out;
  }
  if (it.type === 'mcp_call') return validateMcpCallItem(it, field, fail);
  if (it.type === 'web_search_call' || it.type === 'file_search_call')
    return validateSearchItem(it, field, fail);
  if (it.type === 'computer_call') return validateComputerCallItem(it, field, fail);
  if (it.type === 'image_generation_call') {
    for (const key of Object.keys(it)) {
      if (!['type', 'prompt', 'revised_prompt', 'action'].includes(key))
        fail(`${field}.${key}`, 'unknown field');
    }
    if (it.action !== undefined && it.action !== 'generate' && it.action !== 'edit') {
      fail(`${field}.action`, "expected 'generate' or 'edit'");
    }
    if (typeof it.prompt !== 'string' || it.prompt === '')
      fail(`${field}.prompt`, 'expected a non-empty string');
    if (it.revised_prompt !== undefined && typeof it.revised_prompt !== 'string') {
      fail(`${field}.revised_prompt`, 'expected a string');
    }
    return {
      type: 'image_generation_call',
      prompt: it.prompt as string,
      ...(typeof it.revised_prompt === 'string' ? { revised_prompt: it.revised_prompt } : {}),
      ...(it.action !== undefined ? { action: it.action as 'generate' | 'edit' } : {}),
    };
  }
  return fail(
    `${field}.type`,
    `expected 'message', 'refusal', 'function_call', 'mcp_call', 'code_interpreter_call', 'image_generation_call', 'computer_call', 'web_search_call', 'file_search_call' or 'reasoning', got ${JSON.stringify(it.type)}`,
  );
}

function validateMcpCallItem(
  it: Record<string, unknown>,
  field: string,
  fail: (field: string, problem: string) => never,
): ScriptMcpCall {
  for (const key of ['server_label', 'name']) {
    if (typeof it[key] !== 'string' || it[key] === '') fail(`${field}.${key}`, 'expected a non-empty string');
  }
  const args = it.arguments ?? {};
  if (typeof args !== 'string' && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    fail(`${field}.arguments`, 'expected an object or a string');
  }
  for (const key of Object.keys(it)) {
    if (!['type', 'server_label', 'name', 'arguments'].includes(key)) {
      fail(`${field}.${key}`, 'unknown field');
    }
  }
  return {
    type: 'mcp_call',
    server_label: it.server_label as string,
    name: it.name as string,
    arguments: args as ScriptMcpCall['arguments'],
  };
}

function validateReasoningItem(
  it: Record<string, unknown>,
  field: string,
  fail: (field: string, problem: string) => never,
): ScriptReasoning {
  for (const key of Object.keys(it)) {
    if (key !== 'type' && key !== 'summary') fail(`${field}.${key}`, 'unknown field');
  }
  const summary = it.summary;
  if (summary === undefined) return { type: 'reasoning' };
  if (typeof summary === 'string') return { type: 'reasoning', summary };
  if (!Array.isArray(summary) || summary.some((text) => typeof text !== 'string')) {
    fail(`${field}.summary`, 'expected a string or an array of strings');
  }
  return { type: 'reasoning', summary: [...(summary as string[])] };
}

function validateFault(fault: unknown, fail: (field: string, problem: string) => never): ScriptFault {
  const f = asObject(fault, () => fail('fault', 'expected an object'));
  const keys = typeof f.type === 'string' ? FAULT_KEYS[f.type] : undefined;
  if (!keys)
    return fail(
      'fault.type',
      `expected 'http', 'error_event' or 'disconnect', got ${JSON.stringify(f.type)}`,
    );
  for (const key of Object.keys(f)) {
    if (!keys.includes(key)) fail(`fault.${key}`, `unknown field for a '${f.type}' fault`);
  }
  if (f.status !== undefined || f.type === 'http') {
    if (!Number.isInteger(f.status) || (f.status as number) < 400 || (f.status as number) > 599) {
      fail('fault.status', 'expected an HTTP error status (400-599)');
    }
  }
  for (const key of ['afterEvents', 'retryAfter', 'retryAfterMs']) {
    if (f[key] !== undefined && (typeof f[key] !== 'number' || !((f[key] as number) >= 0))) {
      fail(`fault.${key}`, 'expected a number >= 0');
    }
  }
  if (f.afterEvents !== undefined && !Number.isInteger(f.afterEvents))
    fail('fault.afterEvents', 'expected an integer');
  if (f.error !== undefined) {
    const e = asObject(f.error, () => fail('fault.error', 'expected an object'));
    for (const [key, value] of Object.entries(e)) {
      if (!['message', 'type', 'param', 'code'].includes(key)) fail(`fault.error.${key}`, 'unknown field');
      if (value !== null && typeof value !== 'string')
        fail(`fault.error.${key}`, 'expected a string or null');
    }
  }
  if (f.headers !== undefined) {
    const h = asObject(f.headers, () => fail('fault.headers', 'expected an object'));
    for (const [key, value] of Object.entries(h)) {
      if (typeof value !== 'string') fail(`fault.headers.${key}`, 'expected a string');
    }
  }
  return structuredClone(f) as unknown as ScriptFault;
}

function asObject(value: unknown, onError: () => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return onError();
  return value as Record<string, unknown>;
}

/**
 * Strips a recording path's `.chunks.txt` or `.json` suffix, giving the common prefix.
 *
 * @example
 * import { recordingPrefix } from './parse-script.js';
 * recordingPrefix('/r/azure-text.1.chunks.txt'); // '/r/azure-text.1'
 */
export function recordingPrefix(path: string): string {
  return path.replace(/\.chunks\.txt$|\.json$/, '');
}

/**
 * Validates a parsed script (`{"turns": [...]}` or a bare array of turns) and returns its turns.
 * Relative recording paths resolve against `baseDir`.
 *
 * @throws {ScriptError} when the script or one of its turns is invalid.
 * @example
 * import { parseScript } from '@turnkit/emulator';
 * const turns = parseScript({ turns: [{ output: [{ type: 'message', text: 'Hi' }] }] });
 */
export function parseScript(script: unknown, baseDir = process.cwd()): ScriptTurn[] {
  const turns = Array.isArray(script)
    ? script
    : typeof script === 'object' && script !== null && Array.isArray((script as Script).turns)
      ? (script as Script).turns
      : null;
  if (!turns) throw new ScriptError(null, 'turns', 'expected {"turns": [...]} or an array of turns');
  if (typeof script === 'object' && script !== null && !Array.isArray(script)) {
    for (const key of Object.keys(script)) {
      if (key !== 'turns' && key !== '$schema' && key !== 'description') {
        throw new ScriptError(null, key, 'unknown field (expected turns)');
      }
    }
  }
  return turns.map((turn, i) => validateTurn(turn, i, baseDir));
}

/**
 * Reads and validates a script file (JSON). Recording paths in it resolve against the file's
 * directory.
 *
 * @throws {ScriptError} when the file cannot be read, is not JSON, or holds an invalid script.
 * @example
 * import { loadScript } from '@turnkit/emulator';
 * const turns = await loadScript('./scripts/weather.json');
 */
export async function loadScript(file: string): Promise<ScriptTurn[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ScriptError(null, '', `cannot read script file ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ScriptError(null, '', `script file ${file} is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseScript(json, dirname(resolve(file)));
}

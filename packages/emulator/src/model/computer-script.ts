import type { JsonObject } from '../wire/wire-types.js';

/**
 * One action of a scripted computer call, in the wire form the model sends
 * (docs/responses-wire.md §4.8): `click {button, x, y, keys?}`, `double_click {x, y, keys?}`,
 * `drag {path: [{x, y}, …], keys?}`, `keypress {keys}`, `move {x, y, keys?}`, `screenshot`,
 * `scroll {x, y, scroll_x, scroll_y, keys?}`, `type {text}`, `wait`.
 *
 * @example
 * import type { ScriptComputerAction } from '@turnkit/emulator';
 * const action: ScriptComputerAction = { type: 'click', button: 'left', x: 120, y: 45 };
 */
export type ScriptComputerAction = JsonObject & { type: string };

/**
 * A safety check the scripted service raises on a computer call (`pending_safety_checks`). `id`
 * defaults to a fresh `cu_sc_…` id; `code` is e.g. `malicious_instructions`, `irrelevant_domain`
 * or `sensitive_domain`.
 *
 * @example
 * import type { ScriptSafetyCheck } from '@turnkit/emulator';
 * const check: ScriptSafetyCheck = { code: 'malicious_instructions', message: 'Please acknowledge this warning.' };
 */
export interface ScriptSafetyCheck {
  id?: string;
  code: string;
  message?: string;
}

/**
 * A computer call the scripted model makes with the request's `computer_use_preview` (or
 * `computer`) tool: `action` (one action, as the preview model sends) or `actions` (a batch, as
 * the `computer` tool sends), and the safety checks the service raises on it. The client runs
 * the actions and answers with a `computer_call_output` holding a screenshot.
 *
 * @example
 * import type { ScriptComputerCall } from '@turnkit/emulator';
 * const item: ScriptComputerCall = { type: 'computer_call', action: { type: 'type', text: 'Ada' } };
 */
export interface ScriptComputerCall {
  type: 'computer_call';
  action?: ScriptComputerAction;
  actions?: ScriptComputerAction[];
  safety_checks?: ScriptSafetyCheck[];
  call_id?: string;
}

const BUTTONS = ['left', 'right', 'wheel', 'back', 'forward'];
/** The fields of each action type, and which of them are required. */
const ACTION_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  click: { required: ['button', 'x', 'y'], optional: ['keys'] },
  double_click: { required: ['x', 'y'], optional: ['keys'] },
  drag: { required: ['path'], optional: ['keys'] },
  keypress: { required: ['keys'], optional: [] },
  move: { required: ['x', 'y'], optional: ['keys'] },
  screenshot: { required: [], optional: [] },
  scroll: { required: ['x', 'y', 'scroll_x', 'scroll_y'], optional: ['keys'] },
  type: { required: ['text'], optional: [] },
  wait: { required: [], optional: [] },
};

/** The action types a computer call can carry. */
export const COMPUTER_ACTION_TYPES = Object.keys(ACTION_FIELDS);

/**
 * Why a computer action is not one the model could send, or `null` when it is: an unknown type,
 * a missing or unknown field, a coordinate that is not an integer, a bad button, `keys` that are
 * not strings, a `drag` path of fewer than two points.
 *
 * @example
 * import { computerActionProblem } from './computer-script.js';
 * computerActionProblem({ type: 'click', x: 1, y: 2 }); // "needs 'button'"
 */
export function computerActionProblem(action: unknown): string | null {
  if (typeof action !== 'object' || action === null || Array.isArray(action)) return 'expected an object';
  const a = action as JsonObject;
  const fields = typeof a.type === 'string' ? ACTION_FIELDS[a.type] : undefined;
  if (!fields) return `type must be one of ${COMPUTER_ACTION_TYPES.map((t) => `'${t}'`).join(', ')}`;
  for (const key of fields.required) if (a[key] === undefined) return `needs '${key}'`;
  for (const key of Object.keys(a)) {
    if (key !== 'type' && !fields.required.includes(key) && !fields.optional.includes(key)) {
      return `has the unknown field '${key}'`;
    }
  }
  for (const key of ['x', 'y', 'scroll_x', 'scroll_y']) {
    if (a[key] !== undefined && !Number.isInteger(a[key])) return `'${key}' must be an integer`;
  }
  if (a.button !== undefined && !BUTTONS.includes(a.button as string)) {
    return `'button' must be one of ${BUTTONS.map((b) => `'${b}'`).join(', ')}`;
  }
  if (a.text !== undefined && typeof a.text !== 'string') return "'text' must be a string";
  const keys = a.keys;
  if (keys !== undefined && keys !== null) {
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k === '')) {
      return "'keys' must be an array of key names";
    }
    if (a.type === 'keypress' && keys.length === 0) return "'keys' must name at least one key";
  }
  if (a.type === 'drag') {
    const path = a.path;
    if (
      !Array.isArray(path) ||
      path.length < 2 ||
      path.some(
        (p) =>
          typeof p !== 'object' ||
          p === null ||
          !Number.isInteger((p as JsonObject).x) ||
          !Number.isInteger((p as JsonObject).y),
      )
    ) {
      return "'path' must be at least two points { x, y } of integers";
    }
  }
  return null;
}

/**
 * Validates a scripted `computer_call` item and returns a normalized copy.
 *
 * @throws through `fail` (a `ScriptError`) naming the field: neither or both of `action` and
 * `actions`, an action the model could not send (see {@link computerActionProblem}), safety
 * checks without a `code`, an unknown field.
 * @example
 * import { validateComputerCallItem } from './computer-script.js';
 * const fail = (field: string, problem: string): never => {
 *   throw new Error(`${field}: ${problem}`);
 * };
 * validateComputerCallItem({ type: 'computer_call', action: { type: 'screenshot' } }, 'output[0]', fail);
 */
export function validateComputerCallItem(
  it: Record<string, unknown>,
  field: string,
  fail: (field: string, problem: string) => never,
): ScriptComputerCall {
  for (const key of Object.keys(it)) {
    if (!['type', 'action', 'actions', 'safety_checks', 'call_id'].includes(key)) {
      fail(`${field}.${key}`, 'unknown field');
    }
  }
  if ((it.action === undefined) === (it.actions === undefined)) {
    fail(field, "a computer_call has either 'action' (one) or 'actions' (a batch)");
  }
  const out: ScriptComputerCall = { type: 'computer_call' };
  if (it.action !== undefined) {
    const problem = computerActionProblem(it.action);
    if (problem) fail(`${field}.action`, problem);
    out.action = structuredClone(it.action) as ScriptComputerAction;
  } else {
    if (!Array.isArray(it.actions) || it.actions.length === 0) {
      fail(`${field}.actions`, 'expected a non-empty array of actions');
    }
    (it.actions as unknown[]).forEach((action, i) => {
      const problem = computerActionProblem(action);
      if (problem) fail(`${field}.actions[${i}]`, problem);
    });
    out.actions = structuredClone(it.actions) as ScriptComputerAction[];
  }
  if (it.safety_checks !== undefined) {
    if (!Array.isArray(it.safety_checks)) fail(`${field}.safety_checks`, 'expected an array');
    out.safety_checks = (it.safety_checks as unknown[]).map((check, i) => {
      const c = check as Record<string, unknown> | null;
      const at = `${field}.safety_checks[${i}]`;
      if (typeof c !== 'object' || c === null || typeof c.code !== 'string' || c.code === '') {
        fail(`${at}.code`, 'expected a non-empty string');
      }
      for (const key of Object.keys(c)) {
        if (!['id', 'code', 'message'].includes(key)) fail(`${at}.${key}`, 'unknown field');
      }
      if (c.id !== undefined && (typeof c.id !== 'string' || c.id === '')) {
        fail(`${at}.id`, 'expected a non-empty string');
      }
      if (c.message !== undefined && typeof c.message !== 'string')
        fail(`${at}.message`, 'expected a string');
      return structuredClone(c) as unknown as ScriptSafetyCheck;
    });
  }
  if (it.call_id !== undefined) {
    if (typeof it.call_id !== 'string' || it.call_id === '')
      fail(`${field}.call_id`, 'expected a non-empty string');
    out.call_id = it.call_id as string;
  }
  return out;
}

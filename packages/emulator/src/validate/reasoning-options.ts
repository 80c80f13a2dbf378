import { invalidRequest, invalidType, invalidValue } from '../wire/errors.js';
import type { JsonObject } from '../wire/wire-types.js';
import { type ModelProfile, modelProfile } from './model-profiles.js';

/** `reasoning.effort` values of the API reference. */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

const SUMMARIES = ['auto', 'concise', 'detailed'];
const CONTEXTS = ['auto', 'current_turn', 'all_turns'];
const REASONING_KEYS = ['effort', 'summary', 'generate_summary', 'context', 'mode'];
const SAMPLING = ['temperature', 'top_p', 'top_logprobs'];

/** The reasoning settings of a request, resolved for its model. */
export interface ReasoningOptions {
  /**
   * The effort the model works at: the one sent, else the model's default (`"none"` for
   * `gpt-5.1`, `"medium"` for `gpt-5-mini`), else `null` (a model that does not reason, or a name
   * the emulator does not know). This is what the Response echoes.
   */
  effort: string | null;
  /** `reasoning.summary` (or the deprecated `generate_summary`), or `null`. */
  summary: string | null;
}

/**
 * Validates `reasoning` and the sampling parameters against the request's model (see
 * {@link modelProfile}) and resolves the effort.
 *
 * @throws {HttpError} 400 for a `reasoning` that is not an object, an unknown key in it, or an
 * unknown `effort` / `summary` / `context`; for `reasoning.effort` or `reasoning.summary` on a
 * model that does not reason (`unsupported_parameter`); for an effort the model does not take
 * (`Unsupported value: 'none' is not supported with the 'gpt-5-mini' model. …`); and for
 * `temperature`, `top_p` or `top_logprobs` on a reasoning model that does not take them at the
 * resolved effort (`Unsupported parameter: 'temperature' is not supported with this model.`).
 * @example
 * import { validateReasoning } from './reasoning-options.js';
 * validateReasoning({ model: 'gpt-5-mini', input: 'Hi' }, 'gpt-5-mini').effort; // 'medium'
 */
export function validateReasoning(b: JsonObject, model: string): ReasoningOptions {
  const reasoning = b.reasoning ?? {};
  if (typeof reasoning !== 'object' || Array.isArray(reasoning)) {
    throw invalidType('reasoning', 'an object', reasoning);
  }
  const r = reasoning as JsonObject;
  for (const key of Object.keys(r)) {
    if (!REASONING_KEYS.includes(key)) {
      throw invalidRequest(`Unknown parameter: 'reasoning.${key}'.`, `reasoning.${key}`, 'unknown_parameter');
    }
  }
  const checked = (key: string, allowed: readonly string[]): string | null => {
    const value = r[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || !allowed.includes(value))
      throw invalidValue(`reasoning.${key}`, value, allowed);
    return value;
  };
  const sent = checked('effort', REASONING_EFFORTS);
  const summary = checked('summary', SUMMARIES) ?? checked('generate_summary', SUMMARIES);
  checked('context', CONTEXTS);
  const profile = modelProfile(model);
  if (!profile) return { effort: sent, summary };
  if (!profile.reasoning) {
    for (const key of ['effort', 'summary', 'generate_summary']) {
      if (r[key] !== undefined && r[key] !== null)
        throw unsupportedParameter(`reasoning.${key}`, 'unsupported_parameter');
    }
  }
  if (sent !== null && profile.efforts !== null && !profile.efforts.includes(sent)) {
    throw invalidRequest(
      `Unsupported value: '${sent}' is not supported with the '${model}' model. Supported values are: ${quotedList(profile.efforts)}.`,
      'reasoning.effort',
      'unsupported_value',
    );
  }
  const effort = sent ?? profile.defaultEffort;
  checkSampling(b, profile, effort);
  return { effort, summary };
}

function checkSampling(b: JsonObject, profile: ModelProfile, effort: string | null): void {
  if (profile.sampling === 'always' || (profile.sampling === 'effort-none' && effort === 'none')) return;
  for (const key of SAMPLING) {
    if (b[key] !== undefined && b[key] !== null) throw unsupportedParameter(key, null);
  }
}

function unsupportedParameter(param: string, code: string | null) {
  return invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.`, param, code);
}

function quotedList(values: readonly string[]): string {
  const list = values.map((v) => `'${v}'`);
  return list.length > 2 ? `${list.slice(0, -1).join(', ')}, and ${list.at(-1)}` : list.join(' and ');
}

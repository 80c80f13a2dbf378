/**
 * What the emulator knows of a model: whether it reasons, the `reasoning.effort` it resolves when
 * a request sets none (the value the Response echoes), the efforts it accepts, and whether it takes
 * the sampling parameters (`temperature`, `top_p`, `top_logprobs`). Sources per entry are in the
 * emulator guide ("Models and their defaults").
 */
export interface ModelProfile {
  /** The model name, as the Azure reasoning guide (or the recordings) name it. */
  readonly model: string;
  /** Whether the model reasons (emits reasoning items and reasoning tokens). */
  readonly reasoning: boolean;
  /** The effort used and echoed when a request sets none; `null` for a model that does not reason. */
  readonly defaultEffort: string | null;
  /** The efforts the model accepts; `null` when not confirmed (then every effort of the API is accepted). */
  readonly efforts: readonly string[] | null;
  /**
   * When `temperature`, `top_p` and `top_logprobs` are accepted: `always` (models that do not
   * reason), `effort-none` (only while the resolved effort is `none`) or `never`.
   */
  readonly sampling: 'always' | 'effort-none' | 'never';
}

const GPT5 = ['minimal', 'low', 'medium', 'high'];
const O_SERIES = ['low', 'medium', 'high'];

function reasoner(
  model: string,
  defaultEffort: string,
  efforts: readonly string[] | null,
  sampling: ModelProfile['sampling'] = 'never',
): ModelProfile {
  return { model, reasoning: true, defaultEffort, efforts, sampling };
}

function plain(model: string): ModelProfile {
  return { model, reasoning: false, defaultEffort: null, efforts: [], sampling: 'always' };
}

/**
 * The models the Azure reasoning guide lists (learn.microsoft.com, "Azure OpenAI reasoning
 * models", 2026-02-24), plus the models without reasoning that the recordings and real error
 * reports show. Defaults that no source states are marked "not confirmed" in the emulator guide.
 */
export const MODEL_PROFILES: readonly ModelProfile[] = [
  reasoner('gpt-5.3-codex', 'medium', null),
  reasoner('gpt-5.2-codex', 'medium', null),
  reasoner('gpt-5.2', 'none', ['none', 'low', 'medium', 'high', 'xhigh'], 'effort-none'),
  reasoner('gpt-5.1-codex-max', 'medium', ['none', 'low', 'medium', 'high', 'xhigh']),
  reasoner('gpt-5.1', 'none', ['none', 'low', 'medium', 'high'], 'effort-none'),
  reasoner('gpt-5.1-chat', 'medium', null),
  reasoner('gpt-5.1-codex', 'medium', ['none', 'low', 'medium', 'high']),
  reasoner('gpt-5.1-codex-mini', 'medium', ['none', 'low', 'medium', 'high']),
  reasoner('gpt-5-pro', 'high', ['high']),
  reasoner('gpt-5-codex', 'medium', ['low', 'medium', 'high']),
  reasoner('gpt-5', 'medium', GPT5),
  reasoner('gpt-5-mini', 'medium', GPT5),
  reasoner('gpt-5-nano', 'medium', GPT5),
  reasoner('o3-pro', 'medium', O_SERIES),
  reasoner('codex-mini', 'medium', O_SERIES),
  reasoner('o4-mini', 'medium', O_SERIES),
  reasoner('o3', 'medium', O_SERIES),
  reasoner('o3-mini', 'medium', O_SERIES),
  reasoner('o1', 'medium', O_SERIES),
  plain('gpt-5-chat'),
  plain('gpt-4.1'),
  plain('gpt-4.1-mini'),
  plain('gpt-4.1-nano'),
  plain('gpt-4o'),
  plain('gpt-4o-mini'),
];

const BY_NAME = new Map(MODEL_PROFILES.map((profile) => [profile.model, profile]));

/**
 * Returns the profile of a model name: an exact name of {@link MODEL_PROFILES}, or one with a
 * dated snapshot suffix (`gpt-5-mini-2025-08-07`); `undefined` for any other name (a deployment
 * name the emulator cannot tell the model of).
 *
 * @example
 * import { modelProfile } from './model-profiles.js';
 * modelProfile('gpt-5-mini-2025-08-07')?.defaultEffort; // 'medium'
 * modelProfile('my-deployment'); // undefined
 */
export function modelProfile(model: string): ModelProfile | undefined {
  return BY_NAME.get(model) ?? BY_NAME.get(model.replace(/-\d{4}-\d{2}-\d{2}$/, ''));
}

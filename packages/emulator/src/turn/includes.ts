import { withTextLogprobs } from '../emitters/logprobs.js';
import type { Vault } from '../state/memory.js';
import type { JsonObject, ResponseObject, WireItem } from '../wire/wire-types.js';

const LOGPROBS = 'message.output_text.logprobs';
const ENCRYPTED = 'reasoning.encrypted_content';

/**
 * The `include` values that add a field to an output item, the item type they apply to, and the
 * field of the item (the full value is built, then left out unless included).
 */
const WITHHELD: ReadonlyArray<{
  include: string;
  type: string;
  field: string;
  absent: (value: unknown) => unknown;
}> = [
  {
    include: 'code_interpreter_call.outputs',
    type: 'code_interpreter_call',
    field: 'outputs',
    absent: () => null,
  },
  { include: 'file_search_call.results', type: 'file_search_call', field: 'results', absent: () => null },
  {
    include: 'web_search_call.action.sources',
    type: 'web_search_call',
    field: 'action',
    absent: (action) => {
      const { sources: _sources, ...rest } = action as JsonObject;
      return rest;
    },
  },
];

/** Fields left out of stored output items because the request did not include them, by item id. */
export type Withheld = Map<string, Record<string, JsonObject>>;

/**
 * The `include` list of a request body (validated before), or `[]`.
 *
 * @example
 * import { requestIncludes } from './includes.js';
 * requestIncludes({ include: ['reasoning.encrypted_content'] }); // ['reasoning.encrypted_content']
 */
export function requestIncludes(body: Readonly<JsonObject>): string[] {
  return Array.isArray(body.include) ? (body.include as string[]) : [];
}

/**
 * Shapes a turn's finished output for what the request includes: the `logprobs` of its messages'
 * text with `message.output_text.logprobs` (`top_logprobs` alternatives each), and the includable
 * fields it did not ask for (e.g. a `code_interpreter_call`'s `outputs`) left out, as `null`. What
 * was left out is returned too, so `GET /responses/{id}?include=…` can add it later.
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { projectIncludes } from './includes.js';
 * declare const finished: WireItem[]; // the turn's output, logprobs included
 * const { output, withheld } = projectIncludes(finished, ['message.output_text.logprobs'], 2);
 */
export function projectIncludes(
  output: readonly WireItem[],
  include: readonly string[],
  top: number,
): { output: WireItem[]; withheld: Withheld } {
  const withheld: Withheld = new Map();
  let shaped = output.map((item) => {
    let out = item;
    for (const rule of WITHHELD) {
      if (item.type !== rule.type || include.includes(rule.include) || !(rule.field in item)) continue;
      const kept = withheld.get(item.id as string) ?? {};
      kept[rule.include] = { [rule.field]: item[rule.field] } as JsonObject;
      withheld.set(item.id as string, kept);
      out = { ...out, [rule.field]: rule.absent(item[rule.field]) };
    }
    return out;
  });
  if (include.includes(LOGPROBS)) shaped = withTextLogprobs(shaped, top);
  return { output: shaped, withheld };
}

/**
 * The stored Response as `GET /responses/{id}?include=…` shows it: with
 * `reasoning.encrypted_content`, each reasoning item the model kept a memory for gets a freshly
 * sealed `encrypted_content`; with `message.output_text.logprobs`, the messages' text gets its
 * logprobs (the same values the create request would have had, with the Response's
 * `top_logprobs`); with another includable field the response left out (e.g.
 * `code_interpreter_call.outputs`), the items get it back.
 *
 * @example
 * import type { Vault } from '../state/memory.js';
 * import type { ResponseStore } from '../state/store.js';
 * import { includeView } from './includes.js';
 * declare const store: ResponseStore;
 * declare const vault: Vault;
 * const record = store.get('resp_123')!;
 * includeView(record.response, ['reasoning.encrypted_content'], { vault, withheld: (id) => store.withheld(id) });
 */
export function includeView(
  response: ResponseObject,
  include: readonly string[],
  sources: { vault: Vault; withheld: (itemId: string) => Record<string, JsonObject> | undefined },
): ResponseObject {
  if (include.length === 0) return response;
  let output = response.output.map((item) => {
    let out = item;
    if (include.includes(ENCRYPTED) && item.type === 'reasoning' && item.encrypted_content === undefined) {
      const memory = sources.vault.kept(item.id);
      if (memory)
        out = {
          id: item.id,
          type: item.type,
          encrypted_content: sources.vault.seal(memory),
          summary: item.summary,
        };
    }
    const kept = typeof item.id === 'string' ? sources.withheld(item.id) : undefined;
    for (const key of include) if (kept?.[key]) out = { ...out, ...kept[key] };
    return out;
  });
  if (include.includes(LOGPROBS)) output = withTextLogprobs(output, Number(response.top_logprobs ?? 0));
  return { ...response, output };
}

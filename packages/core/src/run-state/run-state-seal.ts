import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Session } from '../conversation/session.js';
import { ConfigurationError } from '../errors/input-errors.js';
import { RunStateTamperedError } from '../errors/run-state-errors.js';
import { canonicalJson } from '../values/canonical-json.js';
import { RunState, type RunStateJSON, runStateValue } from './run-state.js';

/** A key for {@link sealRunState}: at least 32 bytes (a string counts its UTF-8 bytes). */
export type RunStateKey = string | Uint8Array;

/** The sealed JSON form of a run state: the state and an HMAC-SHA256 over it. */
export interface SealedRunStateJSON {
  kind: 'turnkit.sealed_run_state';
  alg: 'HMAC-SHA256';
  state: RunStateJSON;
  /** base64url HMAC-SHA256 of the state's canonical JSON (sorted keys), under the developer's key. */
  mac: string;
}

const MIN_KEY_BYTES = 32;

function keyBytes(key: unknown): Buffer {
  const bytes =
    typeof key === 'string'
      ? Buffer.from(key, 'utf8')
      : key instanceof Uint8Array
        ? Buffer.from(key)
        : undefined;
  if (!bytes || bytes.length < MIN_KEY_BYTES) {
    throw new ConfigurationError(
      'key',
      `A run state key must be a string or bytes of at least ${MIN_KEY_BYTES} bytes (e.g. randomBytes(32) kept in your secret store).`,
    );
  }
  return bytes;
}

function mac(state: unknown, key: Buffer): Buffer {
  return createHmac('sha256', key)
    .update(`turnkit.run_state\n${canonicalJson(state)}`)
    .digest();
}

/**
 * Seals a run state: its JSON plus an HMAC-SHA256 under your key, so that an edit of any byte of
 * it (an approval's arguments, a conversation item, the resume token) is refused by
 * {@link openRunState}. The key never appears in the result. The state itself stays readable;
 * sealing proves integrity, it does not hide anything.
 *
 * @throws {ConfigurationError} for a key shorter than 32 bytes.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { type RunResult, sealRunState } from '@turnkit/core';
 * declare const result: RunResult;
 * await writeFile('run.json', JSON.stringify(sealRunState(result.state!, process.env.RUN_STATE_KEY!)));
 * ```
 */
export function sealRunState(state: RunState, key: RunStateKey): SealedRunStateJSON {
  const bytes = keyBytes(key);
  if (!(state instanceof RunState)) {
    throw new ConfigurationError('state', 'sealRunState needs a RunState (e.g. result.state).');
  }
  const json = state.toJSON();
  return {
    kind: 'turnkit.sealed_run_state',
    alg: 'HMAC-SHA256',
    state: json,
    mac: mac(json, bytes).toString('base64url'),
  };
}

/**
 * Reads a state sealed with {@link sealRunState} (the object or its JSON text), checking its HMAC
 * with your key before anything else, then validating it like {@link RunState.fromJSON}. With a
 * key, an unsealed state is refused: whoever can write the file could otherwise drop the seal.
 * The check is constant-time.
 *
 * @throws {RunStateTamperedError} `reason: 'unsealed'` for a state without a seal, `'signature'`
 *   when the content does not match its seal (edited, or sealed under another key).
 * @throws {ConfigurationError} for a short key, text that is not JSON, or a damaged state.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { type Agent, openRunState } from '@turnkit/core';
 * declare const agent: Agent;
 * const state = openRunState(await readFile('run.json', 'utf8'), { key: process.env.RUN_STATE_KEY! });
 * await agent.run(state.withDecisions({ [state.approvals[0]!.id]: true }));
 * ```
 */
export function openRunState(json: unknown, options: { key: RunStateKey; session?: Session }): RunState {
  const bytes = keyBytes(options?.key);
  const value = runStateValue(json);
  const sealed = value as Partial<SealedRunStateJSON> | null;
  if (!sealed || typeof sealed !== 'object' || sealed.kind !== 'turnkit.sealed_run_state') {
    throw new RunStateTamperedError(
      'unsealed',
      'This run state is not sealed, but a key was given: refusing it. Save states with sealRunState(state, key).',
    );
  }
  if (sealed.alg !== 'HMAC-SHA256' || typeof sealed.mac !== 'string' || sealed.state === undefined) {
    throw new RunStateTamperedError(
      'signature',
      'This sealed run state is damaged: it lacks alg, mac or state.',
    );
  }
  const given = Buffer.from(sealed.mac, 'base64url');
  const expected = mac(sealed.state, bytes);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new RunStateTamperedError(
      'signature',
      'This run state does not match its seal: it was edited after sealing, or sealed with another key. Nothing was resumed.',
    );
  }
  return RunState.fromJSON(sealed.state, { session: options.session });
}

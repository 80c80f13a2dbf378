import { createHash, randomUUID } from 'node:crypto';
import type { ApprovalDecision, ApprovalRequest } from '@turnkit/tools';
import { z } from 'zod';
import { Conversation, type ConversationSnapshot } from '../conversation/conversation.js';
import type { Session } from '../conversation/session.js';
import { ConfigurationError } from '../errors/input-errors.js';
import { RunStateConsumedError } from '../errors/run-state-errors.js';
import { canonicalJson } from '../values/canonical-json.js';
import type { Usage } from './usage.js';

/** The schema version this release writes. It reads this one and every earlier one (migrating them). */
export const RUN_STATE_VERSION = 3;

/**
 * The JSON form of an interrupted run (see {@link RunState.toJSON}). Schema 3 adds `nested`
 * (agents run as tools that paused, each with its own state) and `approvals[].agent`.
 */
export interface RunStateJSON {
  kind: 'turnkit.run_state';
  schemaVersion: 3;
  /** The agent that had the conversation when the run paused (after handoffs: the last one handed to). */
  agentName: string;
  runId: string;
  /** Identifies this one interruption; a store checks-and-sets it to let a state resume once (see {@link RunState.resumeToken}). */
  resumeToken: string;
  turns: number;
  usage: Usage;
  /** What waits for a decision, those of nested runs included. */
  approvals: ApprovalRequest[];
  conversation: ConversationSnapshot;
  /** Agents run as tools that paused: the call of this run they answer, and their own state. */
  nested: Array<{ callId: string; toolName: string; agent: string; state: RunStateJSON }>;
}

/** An agent run as a tool that paused inside a run: the call it answers, and its own state. */
export interface NestedRunState {
  /** The `call_id` of the function call (of the outer run) that ran the agent. */
  readonly callId: string;
  /** The outer run's tool that ran it (made by `agent.asTool()`), and the outer agent whose tool it is. */
  readonly toolName: string;
  readonly agent: string;
  readonly state: RunState;
}

const count = z.number().int().nonnegative();
const item = z.record(z.string(), z.unknown());
const usage = z.strictObject({
  inputTokens: count,
  outputTokens: count,
  totalTokens: count,
  cachedInputTokens: count,
  reasoningTokens: count,
  requests: count,
});
const safetyCheck = z.strictObject({
  id: z.string().min(1),
  code: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
});
const approval = z.strictObject({
  kind: z.enum(['mcp', 'function', 'computer']),
  id: z.string().min(1),
  serverLabel: z.string().optional(),
  toolName: z.string(),
  arguments: z.string(),
  /** Computer calls only: the service's safety checks the approval acknowledges. */
  safetyChecks: z.array(safetyCheck).optional(),
});
const approvalV3 = approval.extend({ agent: z.string().min(1).optional() });
const conversation = z.strictObject({
  schemaVersion: z.literal(1),
  strategy: z.enum(['server', 'stateless']),
  lastResponseId: z.string().nullable(),
  history: z.array(item),
  pending: z.array(item),
  unanswered: z.array(
    z.strictObject({ callId: z.string(), name: z.string(), kind: z.literal('computer').optional() }),
  ),
});
const fields = {
  kind: z.literal('turnkit.run_state'),
  agentName: z.string(),
  runId: z.string(),
  turns: count,
  usage,
  approvals: z.array(approval),
  conversation,
};
/** Schema 1 (turnkit 0.1): no resume token. */
const schemaV1 = z.strictObject({ ...fields, schemaVersion: z.literal(1) });
const schemaV2 = z.strictObject({
  ...fields,
  schemaVersion: z.literal(2),
  resumeToken: z.string().min(1),
});
/** Schema 3 (turnkit 0.3): nested runs of agents run as tools, and which agent an approval is for. */
type SchemaV3 = Omit<z.infer<typeof schemaV2>, 'schemaVersion' | 'approvals'> & {
  schemaVersion: 3;
  approvals: Array<z.infer<typeof approvalV3>>;
  nested: Array<{ callId: string; toolName: string; agent: string; state: SchemaV3 }>;
};
const schemaV3: z.ZodType<SchemaV3> = z.lazy(() =>
  z
    .strictObject({
      ...fields,
      schemaVersion: z.literal(3),
      resumeToken: z.string().min(1),
      approvals: z.array(approvalV3),
      nested: z.array(
        z.strictObject({
          callId: z.string().min(1),
          toolName: z.string().min(1),
          agent: z.string().min(1),
          state: schemaV3,
        }),
      ),
    })
    .superRefine((state, ctx) => {
      const ids = new Set(state.approvals.map((a) => a.id));
      state.nested.forEach((nested, i) => {
        for (const inner of nested.state.approvals) {
          if (!ids.has(inner.id)) {
            ctx.addIssue({
              code: 'custom',
              path: ['nested', i, 'state', 'approvals'],
              message: `the nested approval "${inner.id}" is not among the state's approvals`,
            });
          }
        }
      });
    }),
) as z.ZodType<SchemaV3>;

/** Decisions for the approvals of a {@link RunState}, by request id. `true`/`false` are short for `{ approve }`. */
export type ApprovalDecisions = Record<string, boolean | ApprovalDecision>;

/** What a run resumes from: a state and the decisions on (some of) its approvals. Made by {@link RunState.withDecisions}. */
export interface ResumeInput {
  readonly kind: 'turnkit.resume';
  readonly state: RunState;
  readonly decisions: ReadonlyMap<string, ApprovalDecision>;
}

/** Marks a state consumed, or undoes that; set inside the class (which owns the private field). */
let setConsumed: (state: RunState, consumed: boolean) => void;

/**
 * An interrupted run: the conversation so far and the approval requests that wait for a
 * decision. It serializes to JSON (versioned, holding no secrets: hosted MCP headers and API
 * keys stay with the agent and the client) and resumes in this or another process.
 *
 * **Exactly once.** A state resumes once: a second resume of the same object (through any
 * `withDecisions(…)` input) throws {@link RunStateConsumedError}. A copy loaded again from JSON
 * is another object: to stop two copies (or two processes) from both resuming, give the
 * conversation a {@link Session} that can `claim` (the built-in ones do), or check-and-set
 * {@link RunState.resumeToken} in your own store before resuming.
 *
 * **Trust.** Resume runs exactly the calls the model made: each approval is bound to the
 * `function_call` (by `call_id`) or `mcp_approval_request` (by id) in the conversation, whose
 * name and arguments are used; a state whose approvals disagree is refused
 * ({@link RunStateTamperedError}). To make the whole state tamper-evident, save it with
 * `sealRunState(state, key)` and read it with `openRunState(json, { key })`.
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises';
 * import { type Agent, RunState } from '@turnkit/core';
 * declare const agent: Agent;
 * const result = await agent.run('Delete INV-7');
 * if (result.status === 'interrupted') {
 *   await writeFile('run.json', JSON.stringify(result.state));
 *   // … later, perhaps in another process, with the same agent definition:
 *   const state = RunState.fromJSON(JSON.parse(await readFile('run.json', 'utf8')));
 *   const next = await agent.run(state.withDecisions({ [state.approvals[0]!.id]: true }));
 * }
 * ```
 */
export class RunState {
  readonly agentName: string;
  readonly runId: string;
  /**
   * Identifies this interruption: the same for every copy loaded from the same JSON, new for
   * each state a run makes. A store that checks-and-sets it atomically (a session's `claim`, a
   * unique key in your database) lets only one copy resume.
   */
  readonly resumeToken: string;
  readonly turns: number;
  readonly usage: Usage;
  /** Every request waiting for a decision: this run's, and those of its {@link RunState.nested} runs. */
  readonly approvals: readonly ApprovalRequest[];
  readonly conversation: Conversation;
  /** Agents run as tools that paused with this run (their approvals are among {@link RunState.approvals}). */
  readonly nested: readonly NestedRunState[];
  #consumed = false;

  static {
    setConsumed = (state, consumed) => {
      state.#consumed = consumed;
    };
  }

  constructor(fields: {
    agentName: string;
    runId: string;
    /** Default: a new random token. */
    resumeToken?: string;
    turns: number;
    usage: Usage;
    approvals: readonly ApprovalRequest[];
    conversation: Conversation;
    nested?: readonly NestedRunState[];
  }) {
    this.agentName = fields.agentName;
    this.runId = fields.runId;
    this.resumeToken = fields.resumeToken ?? `rt_${randomUUID()}`;
    this.turns = fields.turns;
    this.usage = { ...fields.usage };
    this.approvals = structuredClone([...fields.approvals]);
    this.conversation = fields.conversation;
    this.nested = (fields.nested ?? []).map((n) => ({
      callId: n.callId,
      toolName: n.toolName,
      agent: n.agent,
      state: n.state,
    }));
  }

  /** Whether a run has resumed this object already (it cannot resume again). */
  get consumed(): boolean {
    return this.#consumed;
  }

  /**
   * Pairs this state with decisions, as the input of `agent.run()` / `agent.stream()`.
   * Requests left without a decision interrupt the resumed run again (unless a policy or
   * approver decides them), with a new state.
   * @throws {ConfigurationError} for a decision on an id this state does not wait for.
   * @throws {RunStateConsumedError} when this state was resumed already.
   */
  withDecisions(decisions: ApprovalDecisions): ResumeInput {
    if (this.#consumed) throw new RunStateConsumedError(this.runId, this.resumeToken, 'object');
    if (decisions === null || typeof decisions !== 'object') {
      throw new ConfigurationError(
        'decisions',
        'Decisions must be an object of approval id → true, false or { approve, reason }.',
      );
    }
    const known = new Set(this.approvals.map((a) => a.id));
    const map = new Map<string, ApprovalDecision>();
    for (const [id, decision] of Object.entries(decisions)) {
      if (!known.has(id)) {
        throw new ConfigurationError(
          'decisions',
          `No approval "${id}" waits in this run; it waits for: ${[...known].join(', ') || 'nothing'}.`,
        );
      }
      const normalized = typeof decision === 'boolean' ? { approve: decision } : decision;
      if (!normalized || typeof normalized.approve !== 'boolean') {
        throw new ConfigurationError(
          'decisions',
          `The decision for "${id}" must be true, false or { approve, reason? }.`,
        );
      }
      map.set(id, {
        approve: normalized.approve,
        ...(normalized.reason ? { reason: String(normalized.reason) } : {}),
      });
    }
    return { kind: 'turnkit.resume', state: this, decisions: map };
  }

  /** The state as JSON: versioned, secret-free. Unsealed; see `sealRunState` for a tamper-evident form. */
  toJSON(): RunStateJSON {
    return {
      kind: 'turnkit.run_state',
      schemaVersion: RUN_STATE_VERSION,
      agentName: this.agentName,
      runId: this.runId,
      resumeToken: this.resumeToken,
      turns: this.turns,
      usage: { ...this.usage },
      approvals: structuredClone([...this.approvals]),
      conversation: this.conversation.toJSON(),
      nested: this.nested.map((n) => ({
        callId: n.callId,
        toolName: n.toolName,
        agent: n.agent,
        state: n.state.toJSON(),
      })),
    };
  }

  /**
   * Reads a state saved with {@link RunState.toJSON} (the object, or its JSON text), checking it
   * against the schema of its version. Schema 1 states (turnkit 0.1) are migrated: their resume
   * token is derived from their content, so every copy of one file gets the same token. Schema 1
   * and 2 states have no nested runs. Nested states (schema 3) are read the same way; their
   * approvals must be among the state's own.
   *
   * Strict on purpose, since a state decides what runs: unknown fields (in the state, its usage,
   * approvals and conversation) are refused rather than dropped — a newer writer bumps
   * `schemaVersion` instead — and counts (turns, usage) must be whole numbers ≥ 0. Conversation
   * items are the service's and are kept as they are.
   *
   * @throws {ConfigurationError} for something that is not a run state, a newer or unknown schema
   *   version, a damaged one (naming the first field at fault), or a sealed one (read it with
   *   `openRunState`).
   */
  static fromJSON(json: unknown, options: { session?: Session } = {}): RunState {
    const value = runStateValue(json);
    const v = value as { kind?: unknown; schemaVersion?: unknown } | null;
    if (v && typeof v === 'object' && v.kind === 'turnkit.sealed_run_state') {
      throw new ConfigurationError(
        'runState',
        'This run state is sealed: read it with openRunState(json, { key }), which checks its seal.',
      );
    }
    if (!v || typeof v !== 'object' || v.kind !== 'turnkit.run_state') {
      throw new ConfigurationError(
        'runState',
        'This is not a turnkit run state (expected kind "turnkit.run_state").',
      );
    }
    if (typeof v.schemaVersion === 'number' && v.schemaVersion > RUN_STATE_VERSION) {
      throw new ConfigurationError(
        'runState.schemaVersion',
        `This run state was written by a newer turnkit (schemaVersion ${v.schemaVersion}); this version reads 1 to ${RUN_STATE_VERSION}. Upgrade @turnkit/core.`,
      );
    }
    const parsed = (v.schemaVersion === 1 ? schemaV1 : v.schemaVersion === 2 ? schemaV2 : schemaV3).safeParse(
      value,
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.') || '(root)';
      const problem =
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (a state of schema ${String(v.schemaVersion)} has no such field)`
          : issue.message;
      throw new ConfigurationError('runState', `The run state is damaged at ${where}: ${problem}.`);
    }
    return fromParsed(parsed.data, options);
  }
}

/** A state from its checked JSON (of any schema version), nested states included. */
function fromParsed(
  data: z.infer<typeof schemaV1> | z.infer<typeof schemaV2> | SchemaV3,
  options: { session?: Session },
): RunState {
  return new RunState({
    agentName: data.agentName,
    runId: data.runId,
    resumeToken:
      'resumeToken' in data
        ? data.resumeToken
        : `v1_${createHash('sha256').update(canonicalJson(data)).digest('hex').slice(0, 32)}`,
    turns: data.turns,
    usage: data.usage,
    approvals: data.approvals as ApprovalRequest[],
    conversation: Conversation.fromJSON(data.conversation, options),
    nested:
      'nested' in data
        ? data.nested.map((n) => ({
            callId: n.callId,
            toolName: n.toolName,
            agent: n.agent,
            state: fromParsed(n.state, {}),
          }))
        : [],
  });
}

/**
 * A run state as given to `RunState.fromJSON` or `openRunState`: its JSON text parsed, or the
 * value itself when it is not text.
 * @throws {ConfigurationError} for text that is not JSON.
 */
export function runStateValue(json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json);
  } catch {
    throw new ConfigurationError('runState', 'The run state is not valid JSON.');
  }
}

/**
 * Marks a state consumed as a run resumes it.
 * @throws {RunStateConsumedError} when it already is.
 */
export function consumeRunState(state: RunState): void {
  if (state.consumed) throw new RunStateConsumedError(state.runId, state.resumeToken, 'object');
  setConsumed(state, true);
}

/** Undoes {@link consumeRunState} for a resume refused before anything ran or was sent. */
export function releaseRunState(state: RunState): void {
  setConsumed(state, false);
}

/** Whether a run input is a {@link ResumeInput}. */
export function isResumeInput(value: unknown): value is ResumeInput {
  return typeof value === 'object' && value !== null && (value as ResumeInput).kind === 'turnkit.resume';
}

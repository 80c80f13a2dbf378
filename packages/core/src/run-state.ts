import type { ApprovalDecision, ApprovalRequest } from '@turnkit/tools';
import { z } from 'zod';
import { Conversation, type ConversationSnapshot } from './conversation.js';
import { ConfigurationError } from './input-errors.js';
import type { Session } from './session.js';
import type { Usage } from './usage.js';

/** The schema version this release writes and reads. */
export const RUN_STATE_VERSION = 1;

/** The JSON form of an interrupted run (see {@link RunState.toJSON}). */
export interface RunStateJSON {
  kind: 'turnkit.run_state';
  schemaVersion: 1;
  agentName: string;
  runId: string;
  turns: number;
  usage: Usage;
  /** What waits for a decision. */
  approvals: ApprovalRequest[];
  conversation: ConversationSnapshot;
}

const item = z.record(z.string(), z.unknown());
const usage = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  cachedInputTokens: z.number(),
  reasoningTokens: z.number(),
  requests: z.number(),
});
const schema = z.object({
  kind: z.literal('turnkit.run_state'),
  schemaVersion: z.literal(RUN_STATE_VERSION),
  agentName: z.string(),
  runId: z.string(),
  turns: z.number().int().nonnegative(),
  usage,
  approvals: z.array(
    z.object({
      kind: z.enum(['mcp', 'function']),
      id: z.string().min(1),
      serverLabel: z.string().optional(),
      toolName: z.string(),
      arguments: z.string(),
    }),
  ),
  conversation: z.object({
    schemaVersion: z.literal(1),
    strategy: z.enum(['server', 'stateless']),
    lastResponseId: z.string().nullable(),
    history: z.array(item),
    pending: z.array(item),
    unanswered: z.array(z.object({ callId: z.string(), name: z.string() })),
  }),
});

/** Decisions for the approvals of a {@link RunState}, by request id. `true`/`false` are short for `{ approve }`. */
export type ApprovalDecisions = Record<string, boolean | ApprovalDecision>;

/** What a run resumes from: a state and the decisions on (some of) its approvals. Made by {@link RunState.withDecisions}. */
export interface ResumeInput {
  readonly kind: 'turnkit.resume';
  readonly state: RunState;
  readonly decisions: ReadonlyMap<string, ApprovalDecision>;
}

/**
 * An interrupted run: the conversation so far and the approval requests that wait for a
 * decision. It serializes to JSON (versioned, holding no secrets: hosted MCP headers and API
 * keys stay with the agent and the client) and resumes in this or another process.
 *
 * @example
 * ```ts
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
  readonly turns: number;
  readonly usage: Usage;
  readonly approvals: readonly ApprovalRequest[];
  readonly conversation: Conversation;

  constructor(fields: {
    agentName: string;
    runId: string;
    turns: number;
    usage: Usage;
    approvals: readonly ApprovalRequest[];
    conversation: Conversation;
  }) {
    this.agentName = fields.agentName;
    this.runId = fields.runId;
    this.turns = fields.turns;
    this.usage = { ...fields.usage };
    this.approvals = fields.approvals.map((a) => ({ ...a }));
    this.conversation = fields.conversation;
  }

  /**
   * Pairs this state with decisions, as the input of `agent.run()` / `agent.stream()`.
   * Requests left without a decision interrupt the resumed run again (unless a policy or
   * approver decides them).
   * @throws {ConfigurationError} for a decision on an id this state does not wait for.
   */
  withDecisions(decisions: ApprovalDecisions): ResumeInput {
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

  /** The state as JSON: versioned, secret-free. */
  toJSON(): RunStateJSON {
    return {
      kind: 'turnkit.run_state',
      schemaVersion: RUN_STATE_VERSION,
      agentName: this.agentName,
      runId: this.runId,
      turns: this.turns,
      usage: { ...this.usage },
      approvals: this.approvals.map((a) => ({ ...a })),
      conversation: this.conversation.toJSON(),
    };
  }

  /**
   * Reads a state saved with {@link RunState.toJSON} (the object, or its JSON text), checking it
   * against the schema.
   * @throws {ConfigurationError} for something that is not a run state, a newer or unknown schema
   *   version, or a damaged one (naming the first field at fault).
   */
  static fromJSON(json: unknown, options: { session?: Session } = {}): RunState {
    let value = json;
    if (typeof json === 'string') {
      try {
        value = JSON.parse(json);
      } catch {
        throw new ConfigurationError('runState', 'The run state is not valid JSON.');
      }
    }
    const v = value as { kind?: unknown; schemaVersion?: unknown } | null;
    if (!v || typeof v !== 'object' || v.kind !== 'turnkit.run_state') {
      throw new ConfigurationError(
        'runState',
        'This is not a turnkit run state (expected kind "turnkit.run_state").',
      );
    }
    if (typeof v.schemaVersion === 'number' && v.schemaVersion > RUN_STATE_VERSION) {
      throw new ConfigurationError(
        'runState.schemaVersion',
        `This run state was written by a newer turnkit (schemaVersion ${v.schemaVersion}); this version reads ${RUN_STATE_VERSION}. Upgrade @turnkit/core.`,
      );
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.') || '(root)';
      throw new ConfigurationError('runState', `The run state is damaged at ${where}: ${issue.message}.`);
    }
    const data = parsed.data as unknown as RunStateJSON;
    return new RunState({
      agentName: data.agentName,
      runId: data.runId,
      turns: data.turns,
      usage: data.usage,
      approvals: data.approvals,
      conversation: Conversation.fromJSON(data.conversation, options),
    });
  }
}

/** Whether a run input is a {@link ResumeInput}. */
export function isResumeInput(value: unknown): value is ResumeInput {
  return typeof value === 'object' && value !== null && (value as ResumeInput).kind === 'turnkit.resume';
}

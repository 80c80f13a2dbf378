import * as restate from '@restatedev/restate-sdk';
import type { ApprovalRequest } from '@turnkit/core';
import type { ConversationStatus, DecisionResult } from '../contract/wire.js';
import { refuse } from './refuse.js';
import type { OpenApproval } from './run-handler.js';
import { parseApprovalKey, parseDecision } from './validate.js';

/** An approval as its object keeps it. */
interface ApprovalRecord {
  status: 'waiting' | 'decided' | 'closed';
  awakeableId: string;
  runId: string;
  request: ApprovalRequest;
  decision?: { approve: boolean; reason?: string };
  closedBecause?: string;
}

/** What the `status` handler of an approval answers. */
export interface ApprovalStatus {
  conversationId: string;
  approvalId: string;
  status: ApprovalRecord['status'];
  runId: string;
  request: ApprovalRequest;
  decision?: { approve: boolean; reason?: string };
}

const KEY = 'approval';

/**
 * The virtual object that guards one approval, keyed by conversation and approval id. Its
 * exclusive handlers run one at a time per approval, so of two decisions sent at once exactly
 * one resolves the run's awakeable and the other is refused; a decision for an approval nobody
 * waits for is refused too, and neither changes anything.
 */
export function approvalsObject(
  name: string,
  conversationStatus: (
    ctx: restate.ObjectContext,
    conversationId: string,
  ) => Promise<ConversationStatus | undefined>,
) {
  return restate.object({
    name,
    description: 'turnkit: the approvals of durable agent runs, one object per conversation and approval id.',
    handlers: {
      /** Called by a run when it starts to wait (not reachable from the ingress). */
      open: restate.handlers.object.exclusive(
        { ingressPrivate: true },
        async (ctx: restate.ObjectContext, input: OpenApproval): Promise<void> => {
          ctx.set<ApprovalRecord>(KEY, {
            status: 'waiting',
            awakeableId: input.awakeableId,
            runId: input.runId,
            request: input.request,
          });
        },
      ),
      /** Called by a run that ends without the decision (cancelled). */
      close: restate.handlers.object.exclusive(
        { ingressPrivate: true },
        async (ctx: restate.ObjectContext, input: { reason: string }): Promise<void> => {
          const record = await ctx.get<ApprovalRecord>(KEY);
          if (record?.status === 'waiting')
            ctx.set<ApprovalRecord>(KEY, { ...record, status: 'closed', closedBecause: input.reason });
        },
      ),
      decide: restate.handlers.object.exclusive(
        async (ctx: restate.ObjectContext, raw: unknown): Promise<DecisionResult> => {
          const { conversationId, approvalId } = parseApprovalKey(ctx.key);
          const decision = parseDecision(raw);
          const record = await ctx.get<ApprovalRecord>(KEY);
          if (!record) {
            const known = await conversationStatus(ctx, conversationId);
            throw known
              ? refuse(
                  'approval_unknown',
                  `No approval "${approvalId}" waits in conversation "${conversationId}"; read the run's approval_waiting events for the ids.`,
                )
              : refuse(
                  'conversation_unknown',
                  `There is no conversation "${conversationId}": no run was ever started on it.`,
                );
          }
          if (record.status === 'decided') {
            throw refuse(
              'approval_decided',
              `Approval "${approvalId}" of conversation "${conversationId}" was already ${record.decision?.approve ? 'approved' : 'rejected'}; a decision is given once.`,
            );
          }
          if (record.status === 'closed') {
            throw refuse(
              'approval_decided',
              `Approval "${approvalId}" of conversation "${conversationId}" no longer waits: ${record.closedBecause ?? 'its run ended'}.`,
            );
          }
          ctx.set<ApprovalRecord>(KEY, { ...record, status: 'decided', decision });
          ctx.resolveAwakeable(record.awakeableId, decision);
          return { conversationId, approvalId, runId: record.runId, ...decision };
        },
      ),
      status: restate.handlers.object.shared(
        async (ctx: restate.ObjectSharedContext): Promise<ApprovalStatus> => {
          const { conversationId, approvalId } = parseApprovalKey(ctx.key);
          const record = await ctx.get<ApprovalRecord>(KEY);
          if (!record)
            throw refuse(
              'approval_unknown',
              `No approval "${approvalId}" in conversation "${conversationId}".`,
            );
          return {
            conversationId,
            approvalId,
            status: record.status,
            runId: record.runId,
            request: record.request,
            ...(record.decision ? { decision: record.decision } : {}),
          };
        },
      ),
    },
  });
}

import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { DecisionRequest, EventsRequest, StartRunRequest } from '../contract/wire.js';
import { refuse } from './refuse.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses any field of `value` that is not in `known`. */
function onlyKnown(value: Record<string, unknown>, known: readonly string[], what: string): void {
  const extra = Object.keys(value).filter((key) => !known.includes(key));
  if (extra.length) {
    throw refuse(
      'input_invalid',
      `${what} has unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}; it takes ${known.join(', ')}.`,
    );
  }
}

/** The ids a client may give to a run. */
export const RUN_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Checks the body of a `run` call. @throws {TerminalError} 400 `input_invalid`, naming the field.
 */
export function parseStartRequest(value: unknown): StartRunRequest {
  if (!isObject(value)) {
    throw refuse('input_invalid', 'A run request must be a JSON object like {"input": "Hello"}.');
  }
  onlyKnown(value, ['input', 'runId', 'maxTurns'], 'The run request');
  const { input, runId, maxTurns } = value;
  if (typeof input !== 'string' && !Array.isArray(input)) {
    throw refuse('input_invalid', '`input` must be a string or an array of Responses API input items.');
  }
  if (Array.isArray(input)) {
    input.forEach((item, index) => {
      if (!isObject(item) || (!('type' in item) && !('role' in item))) {
        throw refuse(
          'input_invalid',
          `\`input[${index}]\` must be an input item with a \`type\` or a \`role\`, e.g. {"role": "user", "content": "Hi"}.`,
        );
      }
    });
  }
  if (runId !== undefined && (typeof runId !== 'string' || !RUN_ID.test(runId))) {
    throw refuse(
      'input_invalid',
      `\`runId\` must be 1–128 letters, digits or _ . : -, got ${JSON.stringify(runId)}.`,
    );
  }
  if (
    maxTurns !== undefined &&
    (typeof maxTurns !== 'number' || !Number.isInteger(maxTurns) || maxTurns < 1)
  ) {
    throw refuse(
      'input_invalid',
      `\`maxTurns\` must be a whole number of at least 1, got ${JSON.stringify(maxTurns)}.`,
    );
  }
  return {
    input: input as string | ResponseInputItem[],
    ...(runId !== undefined ? { runId: runId as string } : {}),
    ...(maxTurns !== undefined ? { maxTurns: maxTurns as number } : {}),
  };
}

/** Checks the body of a `decide` call. @throws {TerminalError} 400 `input_invalid`. */
export function parseDecision(value: unknown): DecisionRequest {
  if (!isObject(value) || typeof value.approve !== 'boolean') {
    throw refuse('input_invalid', 'A decision must be {"approve": true|false, "reason"?: "…"}.');
  }
  onlyKnown(value, ['approve', 'reason'], 'The decision');
  if (value.reason !== undefined && (typeof value.reason !== 'string' || value.reason.length > 2000)) {
    throw refuse('input_invalid', '`reason` must be a string of at most 2000 characters.');
  }
  return { approve: value.approve, ...(value.reason ? { reason: value.reason as string } : {}) };
}

/** Checks the body of an `events` call (absent means from the start). @throws {TerminalError} 400. */
export function parseEventsRequest(value: unknown): Required<EventsRequest> {
  const request = value ?? {};
  if (!isObject(request))
    throw refuse('input_invalid', 'An events request must be {"after"?: n, "limit"?: n}.');
  onlyKnown(request, ['after', 'limit'], 'The events request');
  const after = request.after ?? 0;
  const limit = request.limit ?? 500;
  if (typeof after !== 'number' || !Number.isInteger(after) || after < 0) {
    throw refuse(
      'input_invalid',
      `\`after\` must be a whole number of at least 0, got ${JSON.stringify(after)}.`,
    );
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw refuse(
      'input_invalid',
      `\`limit\` must be a whole number from 1 to 1000, got ${JSON.stringify(limit)}.`,
    );
  }
  return { after, limit };
}

/** Checks the body of a `runStatus` call. @throws {TerminalError} 400. */
export function parseRunIdRequest(value: unknown): string {
  if (!isObject(value) || typeof value.runId !== 'string' || !RUN_ID.test(value.runId)) {
    throw refuse('input_invalid', 'A run status request must be {"runId": "run_…"}.');
  }
  onlyKnown(value, ['runId'], 'The run status request');
  return value.runId;
}

/** The key of an approval object: the conversation and the approval id, unambiguously. */
export function approvalKey(conversationId: string, approvalId: string): string {
  return JSON.stringify([conversationId, approvalId]);
}

/** Reads an approval key back. @throws {TerminalError} 400 for a key that is not one. */
export function parseApprovalKey(key: string): { conversationId: string; approvalId: string } {
  let parts: unknown;
  try {
    parts = JSON.parse(key);
  } catch {}
  if (
    !Array.isArray(parts) ||
    parts.length !== 2 ||
    typeof parts[0] !== 'string' ||
    typeof parts[1] !== 'string' ||
    !parts[0] ||
    !parts[1]
  ) {
    throw refuse(
      'input_invalid',
      'An approval is addressed as ["<conversation id>", "<approval id>"] (JSON); use the client\'s decide().',
    );
  }
  return { conversationId: parts[0], approvalId: parts[1] };
}

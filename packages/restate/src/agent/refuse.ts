import { TerminalError } from '@restatedev/restate-sdk';
import type { DurableErrorCode } from '../contract/errors.js';

/** HTTP status of each code a handler refuses with (the ingress answers with it). */
const STATUS: Partial<Record<DurableErrorCode, number>> = {
  input_invalid: 400,
  conversation_unknown: 404,
  run_unknown: 404,
  approval_unknown: 404,
  approval_decided: 409,
};

/**
 * A terminal error for a handler to throw: Restate does not retry it, the ingress answers with
 * its status, and the client turns it back into a `DurableAgentError` with the same code.
 */
export function refuse(code: DurableErrorCode, message: string): TerminalError {
  return new TerminalError(message, { errorCode: STATUS[code] ?? 500, metadata: { turnkit: code } });
}

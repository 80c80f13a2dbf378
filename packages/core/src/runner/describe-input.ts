/**
 * Says what a run was given when it is not a message, input items or a resume input, and what to
 * pass instead: the message of the `InputError` for a wrong run input.
 */

/** Whether `value` has a function named `name` (duck typing works across duplicate package copies). */
function has(value: object, name: string): boolean {
  return typeof (value as Record<string, unknown>)[name] === 'function';
}

const RESUME =
  'resume it with agent.run(state.withDecisions({ [state.approvals[0].id]: true })) ' +
  '(true approves, false rejects; see docs/approvals.md)';

/** The message for a run input that is none of a string, an array of items or `state.withDecisions(…)`. */
export function describeBadInput(input: unknown): string {
  const expected =
    'Run input must be a string, an array of Responses API input items, or state.withDecisions(…)';
  if (input === undefined || input === null) {
    return (
      `${expected}; got ${input}. If it came from result.state, that is only set when result.status is ` +
      '"interrupted"; to continue a finished run, use agent.run(message, { conversation: result.conversation }).'
    );
  }
  if (typeof input !== 'object') return `${expected}; got a ${typeof input}.`;
  const value = input as Record<string, unknown>;
  if (has(value, 'withDecisions') && Array.isArray(value.approvals)) {
    return (
      `${expected}; got a RunState without decisions. A RunState is not run directly: ${RESUME}.` +
      ` It waits for: ${(value.approvals as Array<{ id?: unknown }>).map((a) => String(a.id)).join(', ') || 'nothing'}.`
    );
  }
  if (value.kind === 'turnkit.run_state') {
    return `${expected}; got a RunState's JSON. Load it with RunState.fromJSON(json), then ${RESUME}.`;
  }
  if (typeof value.runId === 'string' && 'status' in value && 'conversation' in value) {
    const next =
      value.status === 'interrupted'
        ? `It is interrupted: ${RESUME.replace('state.', 'result.state.')}.`
        : `To continue it, use agent.run(message, { conversation: result.conversation }).`;
    return `${expected}; got a RunResult (status "${String(value.status)}"). ${next}`;
  }
  if (has(value, 'nextRequest') && typeof value.strategy === 'string') {
    return `${expected}; got a Conversation. Pass it as an option: agent.run(message, { conversation }).`;
  }
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  return `${expected}; got ${typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object'}.`;
}

import { CredentialFailedError } from '../run-errors/run-errors.js';

/** How a credential came to be used, for the message when it yields no token. */
export interface CredentialContext {
  /** The token scope asked for. */
  scope: string;
  /** The variable whose absence made turnkit fall back to Entra ID (`connectFromEnv`), if any. */
  missingKeyVariable?: string;
}

/** The first sentence of a credential's failure, without troubleshooting links: one line. */
function oneLine(message: string): string {
  const first = message.split('\n')[0]!.replace(/^Error:\s*/, '');
  const sentence = first.match(/^.*?[.!](?=\s|$)/)?.[0] ?? first;
  return sentence.length > 160 ? `${sentence.slice(0, 159)}…` : sentence;
}

/**
 * The reason of each credential source that failed, one line each: the members of an
 * `AggregateAuthenticationError` (what `DefaultAzureCredential` throws), or the error itself.
 */
export function credentialReasons(error: unknown): string[] {
  const members = (error as { errors?: unknown })?.errors;
  const list = Array.isArray(members) && members.length ? members : [error];
  return list.map((member) =>
    oneLine(member instanceof Error ? member.message || member.name : String(member ?? 'unknown error')),
  );
}

/**
 * Turns what a credential threw into a {@link CredentialFailedError} that says what was tried,
 * which sources failed (one line each) and the ways to fix it. The original stays as `cause`.
 */
export function credentialFailure(error: unknown, context: CredentialContext): CredentialFailedError {
  const reasons = credentialReasons(error);
  const tried = context.missingKeyVariable
    ? `No ${context.missingKeyVariable} is set, so turnkit tried Microsoft Entra ID (DefaultAzureCredential), ` +
      `which gave no token for ${context.scope}.`
    : `The Microsoft Entra ID credential gave no token for ${context.scope}.`;
  const fix = context.missingKeyVariable
    ? `Fix it one of two ways: set ${context.missingKeyVariable} to a key of the resource, or sign in to ` +
      'Entra ID (`az login` on a workstation, a managed identity on Azure) with an identity that has the role ' +
      'Cognitive Services OpenAI User on the resource.'
    : 'Fix it one of two ways: authenticate with `apiKey` instead, or sign in to Entra ID (`az login` on a ' +
      'workstation, a managed identity on Azure) with an identity that has the role Cognitive Services OpenAI ' +
      'User on the resource.';
  const lines = reasons.map((reason) => `  - ${reason}`).join('\n');
  return new CredentialFailedError(`${tried} Sources tried:\n${lines}\n${fix}`, reasons, error);
}

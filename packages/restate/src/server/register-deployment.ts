import { DurableAgentError } from '../contract/errors.js';

/** What the admin API answered for a registered deployment. */
export interface RegisteredDeployment {
  /** The deployment id (`dp_…`). */
  id: string;
  /** The services the deployment serves, e.g. `["payments", "payments-approvals"]`. */
  services: string[];
}

/**
 * Registers the endpoint at `uri` with a Restate server (`POST /deployments` on the admin API):
 * Restate asks the endpoint which services it serves and from then on invokes them there. Call it
 * once per endpoint URL; several worker processes listening on one address (`reusePort`) make one
 * deployment. Registering the same URL again with `force` (the default here) updates it.
 *
 * @throws {DurableAgentError} `restate_unavailable` when the admin API cannot be reached,
 *   `restate_failed` when it refuses (e.g. the endpoint does not answer; the message is Restate's).
 * @example
 * ```ts
 * import { registerDeployment, startRestateServer } from '@turnkit/restate';
 * const server = await startRestateServer();
 * const { services } = await registerDeployment(server.adminUrl, 'http://127.0.0.1:9080');
 * ```
 * @see https://docs.restate.dev/operate/registration
 */
export async function registerDeployment(
  adminUrl: string,
  uri: string,
  options: { force?: boolean; signal?: AbortSignal } = {},
): Promise<RegisteredDeployment> {
  let response: Response;
  try {
    response = await fetch(`${adminUrl.replace(/\/$/, '')}/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uri, force: options.force ?? true }),
      signal: options.signal,
    });
  } catch (cause) {
    throw new DurableAgentError(
      'restate_unavailable',
      `Could not reach the Restate admin API at ${adminUrl}.`,
      {
        cause,
      },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {}
    throw new DurableAgentError(
      'restate_failed',
      `Restate refused to register ${uri} (HTTP ${response.status}): ${message}`,
      { status: response.status },
    );
  }
  const body = JSON.parse(text) as { id: string; services: Array<{ name: string }> };
  return { id: body.id, services: body.services.map((service) => service.name) };
}

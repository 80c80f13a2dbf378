/**
 * How each client made by turnkit authenticates, so an error can name what to check (the key, or
 * the token's scope). Never holds the secret itself. Internal: not exported from the package.
 */

/** The way a client authenticates: an API key, an Entra ID credential and its scope, or a token function. */
export type ClientAuth =
  | { kind: 'apiKey' }
  | { kind: 'credential'; scope: string }
  | { kind: 'tokenProvider' };

const auths = new WeakMap<object, ClientAuth>();

/** Remembers how `client` authenticates. */
export function rememberAuth(client: object, auth: ClientAuth): void {
  auths.set(client, auth);
}

/** How `client` authenticates, when turnkit made it; `undefined` for any other client. */
export function authOf(client: unknown): ClientAuth | undefined {
  return typeof client === 'object' && client !== null ? auths.get(client) : undefined;
}

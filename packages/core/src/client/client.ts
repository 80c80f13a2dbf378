import { getBearerTokenProvider } from '@azure/identity';
import OpenAI, { type ClientOptions } from 'openai';
import type { AzureClientOptions } from '../connection/azure-client-options.js';
import { type ClientAuth, rememberAuth } from '../connection/client-auth.js';
import { toV1BaseUrl } from '../connection/endpoint.js';
import { imageDeploymentHeaders } from '../connection/image-deployment.js';
import { ConfigurationError } from '../errors/input-errors.js';
import { REDACTED, redactWith, safeUrl } from '../values/redact.js';
import { type CredentialContext, credentialFailure } from './credential-failure.js';

/** The Entra ID scope of Azure OpenAI / Azure AI Foundry resources. */
export const DEFAULT_AZURE_SCOPE = 'https://ai.azure.com/.default';

/**
 * Creates the official `openai` client for an Azure OpenAI v1 endpoint, authenticated with an
 * API key, an `@azure/identity` credential, or a token function. Nothing is read from the
 * environment here (see {@link connectFromEnv}).
 *
 * The client prints and serializes without its key or token (`util.inspect`, `console.log`,
 * `JSON.stringify`). When a credential yields no token, the request fails with a
 * `CredentialFailedError` listing each credential source's reason in one line.
 *
 * @throws {ConfigurationError} for a missing or malformed endpoint (credentials in it, a
 *   deployment URL, a query string), or not exactly one way to authenticate.
 * @example
 * ```ts
 * import { createAzureClient } from '@turnkit/core';
 * import { DefaultAzureCredential } from '@azure/identity';
 * const client = createAzureClient({
 *   endpoint: 'https://my-resource.openai.azure.com',
 *   credential: new DefaultAzureCredential(),
 * });
 * ```
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle
 */
export function createAzureClient(options: AzureClientOptions): OpenAI {
  return buildAzureClient(options);
}

/**
 * An `openai` client that prints and serializes without its key or token: `util.inspect`,
 * `console.log` and `JSON.stringify` show its base URL and settings only. Clones made with
 * `withOptions` are the same kind.
 */
export class RedactedOpenAI extends OpenAI {
  constructor(options: ClientOptions) {
    super(options);
    redactWith(this, 'OpenAI', () => ({
      baseURL: safeUrl(this.baseURL),
      apiKey: REDACTED,
      maxRetries: this.maxRetries,
      timeout: this.timeout,
    }));
  }
}

/** What {@link buildAzureClient} is told about where its options came from, for its messages. */
export interface AzureClientContext {
  /** The option or variable the endpoint came from; default `endpoint`. */
  endpointOption?: string;
  /** The API key variable that was not set, when Entra ID is the fallback (`connectFromEnv`). */
  missingKeyVariable?: string;
}

/** {@link createAzureClient}, with messages that name where the options came from. */
export function buildAzureClient(options: AzureClientOptions, context: AzureClientContext = {}): OpenAI {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('client', 'createAzureClient needs an options object with an endpoint.');
  }
  if (typeof options.endpoint !== 'string' || options.endpoint.trim() === '') {
    throw new ConfigurationError(
      'endpoint',
      'createAzureClient needs an `endpoint`, e.g. https://my-resource.openai.azure.com',
    );
  }
  const ways = [options.apiKey, options.credential, options.tokenProvider].filter((w) => w !== undefined);
  if (ways.length !== 1) {
    throw new ConfigurationError(
      'apiKey',
      ways.length === 0
        ? 'createAzureClient needs one way to authenticate: `apiKey`, `credential` or `tokenProvider`.'
        : 'Give only one of `apiKey`, `credential` and `tokenProvider`.',
    );
  }
  const baseURL = toV1BaseUrl(options.endpoint, { option: context.endpointOption ?? 'endpoint' });
  const headers = {
    ...options.headers,
    ...imageDeploymentHeaders(options.imageDeployment, 'imageDeployment'),
  };
  const common = {
    baseURL,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  if (options.apiKey !== undefined) {
    if (typeof options.apiKey !== 'string' || options.apiKey === '') {
      throw new ConfigurationError('apiKey', '`apiKey` must be a non-empty string.');
    }
    return remember(
      new RedactedOpenAI({
        ...common,
        apiKey: options.apiKey,
        defaultHeaders: { ...headers, 'api-key': options.apiKey },
      }),
      { kind: 'apiKey' },
    );
  }
  let provider: () => Promise<string>;
  let auth: ClientAuth;
  if (options.credential !== undefined) {
    if (typeof options.credential?.getToken !== 'function') {
      throw new ConfigurationError(
        'credential',
        '`credential` must be a TokenCredential (an object with getToken), e.g. new DefaultAzureCredential().',
      );
    }
    const scope = options.scope ?? DEFAULT_AZURE_SCOPE;
    // getBearerTokenProvider caches the token and refreshes it shortly before it expires.
    provider = explainFailures(getBearerTokenProvider(options.credential, scope), {
      scope,
      missingKeyVariable: context.missingKeyVariable,
    });
    auth = { kind: 'credential', scope };
  } else {
    if (typeof options.tokenProvider !== 'function') {
      throw new ConfigurationError(
        'tokenProvider',
        '`tokenProvider` must be a function returning a Promise of a token.',
      );
    }
    provider = options.tokenProvider;
    auth = { kind: 'tokenProvider' };
  }
  return remember(new RedactedOpenAI({ ...common, apiKey: provider, defaultHeaders: headers }), auth);
}

function remember(client: OpenAI, auth: ClientAuth): OpenAI {
  rememberAuth(client, auth);
  return client;
}

/** A token function whose failures are one short `CredentialFailedError`, not the credential's whole chain. */
function explainFailures(provider: () => Promise<string>, context: CredentialContext): () => Promise<string> {
  return async () => {
    try {
      return await provider();
    } catch (error) {
      throw credentialFailure(error, context);
    }
  };
}

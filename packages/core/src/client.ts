import type { TokenCredential } from '@azure/identity';
import { getBearerTokenProvider } from '@azure/identity';
import OpenAI, { type ClientOptions } from 'openai';
import { type ClientAuth, rememberAuth } from './client-auth.js';
import { type CredentialContext, credentialFailure } from './credential-failure.js';
import { toV1BaseUrl } from './endpoint.js';
import { imageDeploymentHeaders } from './images/image-deployment.js';
import { ConfigurationError } from './input-errors.js';
import { REDACTED, redactWith, safeUrl } from './redact.js';

/** The Entra ID scope of Azure OpenAI / Azure AI Foundry resources. */
export const DEFAULT_AZURE_SCOPE = 'https://ai.azure.com/.default';

interface CommonClientOptions {
  /**
   * The resource endpoint, e.g. `https://my-resource.openai.azure.com`, or a Foundry project
   * endpoint. The v1 API path `/openai/v1/` is added unless the URL already ends with `/v1`; the
   * shapes the Azure portal shows are recognized, and deployment URLs refused with the fix (see
   * {@link toV1BaseUrl}). Never put credentials in it.
   */
  endpoint: string;
  /** Retries of 408/409/429/5xx and connection errors by the `openai` client (default 2). */
  maxRetries?: number;
  /** Per-request time limit in milliseconds (default the `openai` client's, 600 000). */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * The Azure deployment of your image model (e.g. `gpt-image-1`), for the image generation tool:
   * sent on every request as the `x-ms-oai-image-generation-deployment` header.
   */
  imageDeployment?: string;
  /** The fetch the `openai` client uses (e.g. through a proxy, or to measure requests); default global fetch. */
  fetch?: typeof fetch;
}

/** Authenticate with an API key (sent as the `api-key` header Azure expects). */
export interface ApiKeyClientOptions extends CommonClientOptions {
  apiKey: string;
  credential?: never;
  tokenProvider?: never;
}

/**
 * Authenticate with Microsoft Entra ID through any `@azure/identity` credential
 * (e.g. `new DefaultAzureCredential()`). The token is fetched for each request and cached
 * until shortly before it expires.
 */
export interface CredentialClientOptions extends CommonClientOptions {
  credential: TokenCredential;
  /** Token scope; default {@link DEFAULT_AZURE_SCOPE}. */
  scope?: string;
  apiKey?: never;
  tokenProvider?: never;
}

/** Authenticate with your own bearer-token function, called for each request. */
export interface TokenProviderClientOptions extends CommonClientOptions {
  /** Returns a bearer token for each request (for Entra ID, one for the scope {@link DEFAULT_AZURE_SCOPE}). */
  tokenProvider: () => Promise<string>;
  apiKey?: never;
  credential?: never;
}

/** How to reach an Azure OpenAI (or any Responses-compatible) endpoint: one way to authenticate. */
export type AzureClientOptions = ApiKeyClientOptions | CredentialClientOptions | TokenProviderClientOptions;

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

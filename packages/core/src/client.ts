import type { TokenCredential } from '@azure/identity';
import { getBearerTokenProvider } from '@azure/identity';
import OpenAI from 'openai';
import { imageDeploymentHeaders } from './images/image-deployment.js';
import { ConfigurationError } from './input-errors.js';

/** The Entra ID scope of Azure OpenAI / Azure AI Foundry resources. */
export const DEFAULT_AZURE_SCOPE = 'https://ai.azure.com/.default';

interface CommonClientOptions {
  /**
   * The resource endpoint, e.g. `https://my-resource.openai.azure.com`. The v1 API path
   * `/openai/v1/` is added unless the URL already ends with `/v1`.
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
  tokenProvider: () => Promise<string>;
  apiKey?: never;
  credential?: never;
}

/** How to reach an Azure OpenAI (or any Responses-compatible) endpoint: one way to authenticate. */
export type AzureClientOptions = ApiKeyClientOptions | CredentialClientOptions | TokenProviderClientOptions;

/**
 * Turns a resource endpoint into the v1 base URL: `https://x.openai.azure.com` →
 * `https://x.openai.azure.com/openai/v1/`. A URL that already ends in `/v1` is kept.
 *
 * @throws {ConfigurationError} when the endpoint is not an http(s) URL.
 */
export function toV1BaseUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError(
      'endpoint',
      `The endpoint "${endpoint}" is not a URL; expected e.g. https://my-resource.openai.azure.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError('endpoint', `The endpoint must be an http(s) URL, got "${url.protocol}"`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/v1$/.test(path) ? `${path}/` : `${path}/openai/v1/`;
  url.search = '';
  return url.toString();
}

/**
 * Creates the official `openai` client for an Azure OpenAI v1 endpoint, authenticated with an
 * API key, an `@azure/identity` credential, or a token function. Nothing is read from the
 * environment here (see {@link clientFromEnv}).
 *
 * @throws {ConfigurationError} for a missing or malformed endpoint, or not exactly one way to authenticate.
 * @example
 * ```ts
 * import { DefaultAzureCredential } from '@azure/identity';
 * const client = createAzureClient({
 *   endpoint: 'https://my-resource.openai.azure.com',
 *   credential: new DefaultAzureCredential(),
 * });
 * ```
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle
 */
export function createAzureClient(options: AzureClientOptions): OpenAI {
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
  const baseURL = toV1BaseUrl(options.endpoint);
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
    return new OpenAI({
      ...common,
      apiKey: options.apiKey,
      defaultHeaders: { ...headers, 'api-key': options.apiKey },
    });
  }
  let provider: () => Promise<string>;
  if (options.credential !== undefined) {
    if (typeof options.credential?.getToken !== 'function') {
      throw new ConfigurationError(
        'credential',
        '`credential` must be a TokenCredential (an object with getToken), e.g. new DefaultAzureCredential().',
      );
    }
    // getBearerTokenProvider caches the token and refreshes it shortly before it expires.
    provider = getBearerTokenProvider(options.credential, options.scope ?? DEFAULT_AZURE_SCOPE);
  } else {
    if (typeof options.tokenProvider !== 'function') {
      throw new ConfigurationError(
        'tokenProvider',
        '`tokenProvider` must be a function returning a Promise of a token.',
      );
    }
    provider = options.tokenProvider;
  }
  return new OpenAI({ ...common, apiKey: provider, defaultHeaders: headers });
}

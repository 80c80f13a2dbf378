import type { TokenCredential } from '@azure/identity';

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

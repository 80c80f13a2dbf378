import type { TokenCredential } from '@azure/identity';
import OpenAI from 'openai';
import { createAzureClient } from './client.js';
import { IMAGE_DEPLOYMENT_HEADER, imageDeploymentHeaders } from './images/image-deployment.js';
import { ConfigurationError } from './input-errors.js';

/** A ready client plus the model (Azure deployment) to call, and how it was chosen. */
export interface Connection {
  client: OpenAI;
  /** The deployment name on Azure; the emulator's model name offline. */
  model: string;
  /** `azure` when the `AZURE_OPENAI_*` variables were set; `emulator` when running offline. */
  mode: 'azure' | 'emulator';
  /** The base URL requests go to (never contains a secret). */
  baseURL: string;
  /** Stops the embedded emulator, if one was started. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link connectFromEnv}. */
export interface ConnectFromEnvOptions {
  /** Where to read `AZURE_OPENAI_*` from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Entra ID credential to use when no API key is set; default `new DefaultAzureCredential()`. */
  credential?: TokenCredential;
  /** Options for the embedded emulator when running offline, e.g. `{ script }` (see `@turnkit/emulator`). */
  emulator?: Record<string, unknown>;
  /** The fetch the `openai` client uses, online and offline (e.g. to measure or proxy requests). */
  fetch?: typeof fetch;
  /** Model name offline; default `"turnkit-emulator"`. Ignored on Azure, where `AZURE_OPENAI_DEPLOYMENT` names it. */
  offlineModel?: string;
  /**
   * The image model deployment for the image generation tool, sent on every request as the
   * `x-ms-oai-image-generation-deployment` header; default `AZURE_OPENAI_IMAGE_DEPLOYMENT`.
   * Offline the header is always sent (default `gpt-image-1`), as the emulator's Azure paths want it.
   */
  imageDeployment?: string;
}

/**
 * Connects the way the environment says: with `AZURE_OPENAI_ENDPOINT` set, to that Azure
 * resource (`AZURE_OPENAI_API_KEY` if set, else Microsoft Entra ID via `DefaultAzureCredential`),
 * calling the deployment `AZURE_OPENAI_DEPLOYMENT`; with none of them set, to an embedded
 * `@turnkit/emulator` on 127.0.0.1, so the same code runs offline.
 *
 * @throws {ConfigurationError} when the variables are only partly set, or offline mode is needed
 *   and `@turnkit/emulator` is not installed.
 * @example
 * ```ts
 * const conn = await connectFromEnv({ emulator: { script } });
 * try { await run(agent, 'Hi', { client: conn.client }); } finally { await conn.close(); }
 * ```
 */
export async function connectFromEnv(options: ConnectFromEnvOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const endpoint = env.AZURE_OPENAI_ENDPOINT?.trim();
  const apiKey = env.AZURE_OPENAI_API_KEY?.trim();
  const deployment = env.AZURE_OPENAI_DEPLOYMENT?.trim();
  const imageDeployment = options.imageDeployment ?? (env.AZURE_OPENAI_IMAGE_DEPLOYMENT?.trim() || undefined);
  const imageHeaders = imageDeploymentHeaders(
    imageDeployment,
    options.imageDeployment !== undefined ? 'imageDeployment' : 'AZURE_OPENAI_IMAGE_DEPLOYMENT',
  );
  if (endpoint) {
    if (!deployment) {
      throw new ConfigurationError(
        'AZURE_OPENAI_DEPLOYMENT',
        'AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_DEPLOYMENT is not: set it to the name of your model deployment.',
      );
    }
    let client: OpenAI;
    if (apiKey) {
      client = createAzureClient({ endpoint, apiKey, fetch: options.fetch, imageDeployment });
    } else {
      const credential = options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
      client = createAzureClient({ endpoint, credential, fetch: options.fetch, imageDeployment });
    }
    return { client, model: deployment, mode: 'azure', baseURL: client.baseURL, close: async () => {} };
  }
  const stray = (
    ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT', 'AZURE_OPENAI_IMAGE_DEPLOYMENT'] as const
  ).filter((name) => env[name]?.trim());
  if (stray.length > 0) {
    throw new ConfigurationError(
      'AZURE_OPENAI_ENDPOINT',
      `${stray.join(' and ')} ${stray.length > 1 ? 'are' : 'is'} set but AZURE_OPENAI_ENDPOINT is not: ` +
        'set the endpoint to run against Azure, or unset them to run offline against the emulator.',
    );
  }
  let emulatorModule: {
    startEmulator(options?: Record<string, unknown>): Promise<{ azureUrl: string; close(): Promise<void> }>;
  };
  try {
    emulatorModule = (await import('@turnkit/emulator')) as unknown as typeof emulatorModule;
  } catch (cause) {
    throw new ConfigurationError(
      'AZURE_OPENAI_ENDPOINT',
      'No AZURE_OPENAI_ENDPOINT is set and @turnkit/emulator is not installed: set the AZURE_OPENAI_* variables, ' +
        'or `pnpm add @turnkit/emulator` to run offline.',
      { cause },
    );
  }
  const emulator = await emulatorModule.startEmulator(options.emulator ?? {});
  const client = new OpenAI({
    baseURL: emulator.azureUrl,
    apiKey: 'offline-emulator',
    maxRetries: 2,
    defaultHeaders: { [IMAGE_DEPLOYMENT_HEADER]: 'gpt-image-1', ...imageHeaders },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let closed: Promise<void> | undefined;
  return {
    client,
    model: options.offlineModel ?? 'turnkit-emulator',
    mode: 'emulator',
    baseURL: emulator.azureUrl,
    close: () => {
      closed ??= emulator.close();
      return closed;
    },
  };
}

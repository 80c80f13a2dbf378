import type { TokenCredential } from '@azure/identity';
import type { EmulatorOptions } from '@turnkit/emulator';
import type OpenAI from 'openai';
import type { Connection } from '../connection/connection.js';
import { toV1BaseUrl } from '../connection/endpoint.js';
import { IMAGE_DEPLOYMENT_HEADER, imageDeploymentHeaders } from '../connection/image-deployment.js';
import { ConfigurationError } from '../errors/input-errors.js';
import { redactWith } from '../values/redact.js';
import { buildAzureClient, RedactedOpenAI } from './client.js';

/** Options of {@link connectFromEnv}. */
export interface ConnectFromEnvOptions {
  /** Where to read `AZURE_OPENAI_*` from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Entra ID credential to use when no API key is set; default `new DefaultAzureCredential()`. */
  credential?: TokenCredential;
  /**
   * Options for the embedded emulator when running offline, e.g. `{ script }` (the options of
   * `startEmulator` in `@turnkit/emulator`). Unknown keys are refused; ignored on Azure.
   */
  emulator?: EmulatorOptions;
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

/** Every option of the emulator, so a typo is refused; typed so that a new emulator option must be added here. */
const EMULATOR_OPTIONS = {
  port: true,
  host: true,
  apiKey: true,
  maxBodyBytes: true,
  logLimit: true,
  allowedOrigins: true,
  allowedHosts: true,
  script: true,
  baseDir: true,
  behavior: true,
  models: true,
  encryptionKey: true,
  codeTimeoutMs: true,
  codeTracebackInLogs: true,
} as const satisfies Record<keyof EmulatorOptions, true>;

/** @throws {ConfigurationError} for emulator options that are not an object or have unknown keys. */
function checkEmulatorOptions(options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError(
      'emulator',
      '`emulator` must be an object of startEmulator options, e.g. { script }.',
    );
  }
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(EMULATOR_OPTIONS, key));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `emulator.${unknown[0]}`,
      `Unknown emulator option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}; ` +
        `the emulator takes ${Object.keys(EMULATOR_OPTIONS).join(', ')}.`,
    );
  }
}

/** Gives a connection an inspect/JSON view without its client's secrets. */
function redacted(connection: Connection): Connection {
  return redactWith(connection, 'Connection', () => ({
    mode: connection.mode,
    model: connection.model,
    baseURL: connection.baseURL,
    ...(connection.emulator ? { emulator: { url: connection.emulator.url } } : {}),
  }));
}

/**
 * Connects the way the environment says: with `AZURE_OPENAI_ENDPOINT` set, to that Azure
 * resource (`AZURE_OPENAI_API_KEY` if set, else Microsoft Entra ID via `DefaultAzureCredential`),
 * calling the deployment `AZURE_OPENAI_DEPLOYMENT`; with none of them set, to an embedded
 * `@turnkit/emulator` on 127.0.0.1, so the same code runs offline. The connection prints and
 * serializes without its key.
 *
 * @throws {ConfigurationError} when the variables are only partly set, the endpoint is not one
 *   (see `toV1BaseUrl`), an emulator option is unknown, or offline mode is needed and
 *   `@turnkit/emulator` is not installed.
 * @example
 * ```ts
 * import { connectFromEnv, createAgent } from '@turnkit/core';
 * import { reply } from '@turnkit/emulator';
 *
 * const connection = await connectFromEnv({ emulator: { script: [reply.text('Hi!')] } });
 * try {
 *   const agent = createAgent({ instructions: 'Be brief.', client: connection });
 *   console.log((await agent.run('Hello')).output);
 * } finally {
 *   await connection.close();
 * }
 * ```
 */
export async function connectFromEnv(options: ConnectFromEnvOptions = {}): Promise<Connection> {
  checkEmulatorOptions(options.emulator);
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
    // Checked first, so a malformed endpoint is reported before anything else is tried.
    toV1BaseUrl(endpoint, { option: 'AZURE_OPENAI_ENDPOINT' });
    if (!deployment) {
      throw new ConfigurationError(
        'AZURE_OPENAI_DEPLOYMENT',
        'AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_DEPLOYMENT is not: set it to the name of your model deployment.',
      );
    }
    const context = { endpointOption: 'AZURE_OPENAI_ENDPOINT' };
    let client: OpenAI;
    if (apiKey) {
      client = buildAzureClient({ endpoint, apiKey, fetch: options.fetch, imageDeployment }, context);
    } else {
      const credential = options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
      client = buildAzureClient(
        { endpoint, credential, fetch: options.fetch, imageDeployment },
        { ...context, missingKeyVariable: 'AZURE_OPENAI_API_KEY' },
      );
    }
    return redacted({
      client,
      model: deployment,
      mode: 'azure',
      baseURL: client.baseURL,
      emulator: undefined,
      close: async () => {},
    });
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
  let emulatorModule: typeof import('@turnkit/emulator');
  try {
    emulatorModule = await import('@turnkit/emulator');
  } catch (cause) {
    throw new ConfigurationError(
      'AZURE_OPENAI_ENDPOINT',
      'No AZURE_OPENAI_ENDPOINT is set and @turnkit/emulator is not installed: set the AZURE_OPENAI_* variables, ' +
        'or `pnpm add @turnkit/emulator` to run offline.',
      { cause },
    );
  }
  const emulator = await emulatorModule.startEmulator(options.emulator ?? {});
  const client = new RedactedOpenAI({
    baseURL: emulator.azureUrl,
    apiKey: options.emulator?.apiKey ?? 'offline-emulator',
    maxRetries: 2,
    defaultHeaders: { [IMAGE_DEPLOYMENT_HEADER]: 'gpt-image-1', ...imageHeaders },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let closed: Promise<void> | undefined;
  return redacted({
    client,
    model: options.offlineModel ?? 'turnkit-emulator',
    mode: 'emulator',
    baseURL: emulator.azureUrl,
    emulator,
    close: () => {
      closed ??= emulator.close();
      return closed;
    },
  });
}

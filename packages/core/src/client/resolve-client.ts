import type OpenAI from 'openai';
import type { AzureClientOptions } from '../connection/azure-client-options.js';
import type { ClientSource } from '../connection/client-source.js';
import type { Connection } from '../connection/connection.js';
import { ConfigurationError } from '../errors/input-errors.js';
import { createAzureClient } from './client.js';

/** The `responses` surface turnkit calls; any `openai` client instance has it. */
export type ResponsesClient = Pick<OpenAI, 'responses'>;

const built = new WeakMap<AzureClientOptions, OpenAI>();

function isConnection(source: ClientSource): source is Connection {
  return typeof source === 'object' && source !== null && 'mode' in source && 'client' in source;
}

function isOpenAIClient(source: ClientSource): source is OpenAI {
  return typeof (source as OpenAI).responses?.create === 'function';
}

/**
 * The `openai` client behind a client source. Azure options build one client per options object,
 * kept for later calls so cached Entra tokens are reused.
 * @throws {ConfigurationError} when there is no client source or it is not one.
 */
export function clientOf(source: ClientSource | undefined): OpenAI {
  if (source === undefined || source === null) {
    throw new ConfigurationError(
      'client',
      'The run has no client: pass `client` to createAgent() or to the run — an OpenAI client, Azure options ' +
        '({ endpoint, apiKey | credential }), or the Connection from `await connectFromEnv()`.',
    );
  }
  if (isConnection(source)) return source.client;
  if (isOpenAIClient(source)) return source;
  if (typeof source === 'object') {
    let made = built.get(source);
    if (!made) {
      made = createAzureClient(source);
      built.set(source, made);
    }
    return made;
  }
  throw new ConfigurationError(
    'client',
    '`client` must be an OpenAI client, Azure client options, or a Connection.',
  );
}

/**
 * Picks the client and model of a run: the run's `client` wins over the agent's; the run's or
 * agent's `model` wins over a Connection's.
 * @throws {ConfigurationError} when there is no client or no model.
 */
export function resolveClient(
  runClient: ClientSource | undefined,
  agentClient: ClientSource | undefined,
  model: string | undefined,
): { client: ResponsesClient; model: string } {
  const source = runClient ?? agentClient;
  const client = clientOf(source);
  const chosen = model ?? (source && isConnection(source) ? source.model : undefined);
  if (!chosen) {
    throw new ConfigurationError(
      'model',
      'No model is set: give the agent a `model` (your Azure deployment name).',
    );
  }
  return { client, model: chosen };
}

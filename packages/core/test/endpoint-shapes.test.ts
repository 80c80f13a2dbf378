import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  connectFromEnv,
  createAgent,
  createAzureClient,
  toV1BaseUrl,
} from '../src/index.js';

/** The message of the ConfigurationError that `toV1BaseUrl(endpoint)` throws. */
function refusal(endpoint: string): string {
  try {
    toV1BaseUrl(endpoint);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error(`${endpoint} was accepted`);
}

// One row per shape of docs/azure.md, "Endpoint shapes".
describe('endpoint shapes the Azure portal shows', () => {
  it.each([
    ['https://r.openai.azure.com', 'https://r.openai.azure.com/openai/v1/'],
    ['https://r.openai.azure.com/', 'https://r.openai.azure.com/openai/v1/'],
    ['https://r.openai.azure.com/openai', 'https://r.openai.azure.com/openai/v1/'],
    ['https://r.openai.azure.com/openai/', 'https://r.openai.azure.com/openai/v1/'],
    ['https://r.openai.azure.com/openai/v1', 'https://r.openai.azure.com/openai/v1/'],
    ['https://r.openai.azure.com/openai/v1/', 'https://r.openai.azure.com/openai/v1/'],
    ['https://r.openai.azure.com/openai/v1/responses', 'https://r.openai.azure.com/openai/v1/'],
    ['https://r.cognitiveservices.azure.com/', 'https://r.cognitiveservices.azure.com/openai/v1/'],
    ['https://r.cognitiveservices.azure.com/openai/v1', 'https://r.cognitiveservices.azure.com/openai/v1/'],
    ['https://r.services.ai.azure.com', 'https://r.services.ai.azure.com/openai/v1/'],
    ['https://r.services.ai.azure.com/openai/v1/', 'https://r.services.ai.azure.com/openai/v1/'],
    [
      'https://r.services.ai.azure.com/api/projects/p1',
      'https://r.services.ai.azure.com/api/projects/p1/openai/v1/',
    ],
    [
      'https://r.services.ai.azure.com/api/projects/p1/openai/v1/responses',
      'https://r.services.ai.azure.com/api/projects/p1/openai/v1/',
    ],
    ['http://127.0.0.1:9/openai/v1', 'http://127.0.0.1:9/openai/v1/'],
    ['http://127.0.0.1:9/openai', 'http://127.0.0.1:9/openai/v1/'],
    ['http://127.0.0.1:9', 'http://127.0.0.1:9/openai/v1/'],
    ['https://gateway.example.com/azure', 'https://gateway.example.com/azure/openai/v1/'],
    ['https://gateway.example.com/azure/v1', 'https://gateway.example.com/azure/v1/'],
  ])('%s becomes %s', (endpoint, baseURL) => {
    expect(toV1BaseUrl(endpoint)).toBe(baseURL);
  });

  it('refuses a chat completions deployment URL, naming the endpoint and the deployment to use', () => {
    const message = refusal(
      'https://r.openai.azure.com/openai/deployments/gpt-5-mini/chat/completions?api-version=2025-01-01-preview',
    );
    expect(message).toContain('deployment URL');
    expect(message).toContain('Use the endpoint https://r.openai.azure.com ');
    expect(message).toContain('"gpt-5-mini"');
  });

  it('refuses a deployment URL on a cognitiveservices host and a gateway alike', () => {
    expect(refusal('https://r.cognitiveservices.azure.com/openai/deployments/d1')).toContain(
      'https://r.cognitiveservices.azure.com and set the model',
    );
    expect(refusal('https://gw.example.com/azure/openai/deployments/d1/responses')).toContain(
      'https://gw.example.com/azure and set the model',
    );
  });

  it('refuses the dated preview Responses URL, saying no api-version is needed', () => {
    const message = refusal('https://r.openai.azure.com/openai/responses?api-version=2025-04-01-preview');
    expect(message).toContain('no api-version is needed');
    expect(message).toContain('api-version');
  });

  it('refuses an api-version on a resource endpoint', () => {
    expect(refusal('https://r.openai.azure.com/?api-version=2024-10-21')).toMatch(/query string/);
  });

  it('refuses the preview Responses path without a query, and the model inference endpoint', () => {
    expect(refusal('https://r.openai.azure.com/openai/responses')).toContain(
      'Use https://r.openai.azure.com ',
    );
    expect(refusal('https://r.services.ai.azure.com/models')).toContain(
      'Use https://r.services.ai.azure.com ',
    );
  });

  it('names the environment variable when the endpoint comes from it', async () => {
    const error = await connectFromEnv({
      env: {
        AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com/openai/deployments/d1/chat/completions',
        AZURE_OPENAI_API_KEY: 'k',
      },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.option).toBe('AZURE_OPENAI_ENDPOINT');
    expect(error.message).toMatch(/^AZURE_OPENAI_ENDPOINT is a deployment URL/);
    expect(error.message).toContain('AZURE_OPENAI_DEPLOYMENT');
  });
});

describe('endpoint shapes against the emulator', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: 'k' });
  });
  afterAll(() => emu.close());

  it('an endpoint ending in /openai reaches /openai/v1/responses, not a doubled path', async () => {
    emu.enqueue(reply.text('hi'));
    const client = createAzureClient({ endpoint: `${emu.origin}/openai`, apiKey: 'k', maxRetries: 0 });
    const result = await createAgent({ model: 'dep', client }).run('hello');
    expect(result.output).toBe('hi');
    expect(emu.requests.at(-1)!.path).toBe('/openai/v1/responses');
  });

  it('a deployment URL is refused before any request is sent', () => {
    const before = emu.requests.length;
    expect(() =>
      createAzureClient({
        endpoint: `${emu.origin}/openai/deployments/dep/chat/completions?api-version=2024-10-21`,
        apiKey: 'k',
      }),
    ).toThrow(/deployment URL/);
    expect(emu.requests.length).toBe(before);
  });
});

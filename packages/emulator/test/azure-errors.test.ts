import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { jsonOf, post } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: 'the-key', models: ['gpt-5.1'] });
});
afterAll(() => emu.close());

const ACCESS_DENIED =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

describe('Azure paths', () => {
  it('answer a wrong key with Azure own 401 body, not OpenAI invalid_api_key', async () => {
    const res = await post(
      `${emu.azureUrl}/responses`,
      { model: 'gpt-5.1', input: 'Hi' },
      { authorization: 'Bearer wrong' },
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('apim-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await jsonOf(res)).toEqual({ error: { code: '401', message: ACCESS_DENIED } });
    const openai = await post(
      `${emu.url}/responses`,
      { model: 'gpt-5.1', input: 'Hi' },
      { authorization: 'Bearer wrong' },
    );
    expect((await jsonOf(openai)).error.code).toBe('invalid_api_key');
  });

  it('give the legacy AzureOpenAI client the same 401, with the code it reads', async () => {
    const client = new AzureOpenAI({
      endpoint: emu.origin,
      apiKey: 'wrong',
      apiVersion: '2025-04-01-preview',
      maxRetries: 0,
    });
    const error = await client.responses.create({ model: 'gpt-5.1', input: 'Hi' }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.code).toBe('401');
    expect(error.message).toContain('Access denied due to invalid subscription key');
  });

  it('answer an unknown deployment with Azure DeploymentNotFound 404', async () => {
    const client = new OpenAI({ baseURL: emu.azureUrl, apiKey: 'the-key', maxRetries: 0 });
    const error = await client.responses.create({ model: 'gpt-4o', input: 'Hi' }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.error).toEqual({
      code: 'DeploymentNotFound',
      message:
        'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
    });
    const openai = new OpenAI({ baseURL: emu.url, apiKey: 'the-key', maxRetries: 0 });
    const refused = await openai.responses.create({ model: 'gpt-4o', input: 'Hi' }).catch((e) => e);
    expect(refused.status).toBe(400);
    expect(refused.code).toBe('model_not_found');
  });
});

import { format, inspect } from 'node:util';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  connectFromEnv,
  createAgent,
  createAzureClient,
  hostedMcpTool,
  RunFailedError,
  toV1BaseUrl,
} from '../src/index.js';

const KEY = 'sk-live-7f3a9c2e5b1d4068';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOi.entra-token-secret';
const MCP_TOKEN = 'ghp_mcpheadersecret42';

class FixedCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** Every way a value reaches a log: inspect (deep), console-style %o and %O, JSON, and an error that holds it. */
function renderings(value: unknown): Record<string, string> {
  const wrapped = new Error('wrapped', { cause: value });
  const holder = Object.assign(new Error('holder'), { value });
  return {
    inspect: inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
    '%o': format('%o', value),
    '%O': format('%O', value),
    '%s': format('%s', value),
    '%j': format('%j', value),
    json: JSON.stringify(value) ?? '',
    'nested json': JSON.stringify({ value }),
    'error cause': inspect(wrapped, { depth: Number.POSITIVE_INFINITY }),
    'error field': inspect(holder, { depth: Number.POSITIVE_INFINITY }),
    'run_failed error': inspect(new RunFailedError(holder), { depth: Number.POSITIVE_INFINITY }),
  };
}

function expectNoSecret(value: unknown, ...secrets: string[]): void {
  for (const [how, text] of Object.entries(renderings(value))) {
    for (const secret of secrets) {
      expect({ how, leaked: text.includes(secret) }).toEqual({ how, leaked: false });
    }
  }
}

const root = (emu: Emulator) => emu.url.replace(/\/v1\/?$/, '');

describe('objects that hold a credential print and serialize without it', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: KEY });
  });
  afterAll(() => emu.close());

  const mcp = () =>
    hostedMcpTool({
      serverLabel: 'gh',
      serverUrl: 'https://mcp.example.com/mcp',
      headers: { Authorization: `Bearer ${MCP_TOKEN}` },
    });

  it('an agent with Azure options and a hosted MCP tool with headers', () => {
    const agent = createAgent({
      name: 'billing',
      model: 'dep',
      client: { endpoint: root(emu), apiKey: KEY, headers: { 'x-extra': KEY } },
      tools: [mcp()],
    });
    expectNoSecret(agent, KEY, MCP_TOKEN);
    expectNoSecret(agent.config, KEY, MCP_TOKEN);
    // What is printed still says what the agent is.
    expect(inspect(agent)).toContain('billing');
    expect(inspect(agent)).toContain('gh');
    expect(JSON.parse(JSON.stringify(agent))).toMatchObject({ name: 'billing', model: 'dep' });
  });

  it('an agent given an openai client built with a key', () => {
    const client = new OpenAI({ baseURL: emu.url, apiKey: KEY });
    expectNoSecret(createAgent({ model: 'dep', client }), KEY);
  });

  it('a client made by createAzureClient with an API key, before and after a request', async () => {
    const client = createAzureClient({ endpoint: root(emu), apiKey: KEY });
    expectNoSecret(client, KEY);
    emu.enqueue(reply.text('hi'));
    await createAgent({ model: 'dep', client }).run('hello');
    expectNoSecret(client, KEY);
    expectNoSecret(client.withOptions({ maxRetries: 0 }), KEY);
    expect(inspect(client)).toContain(emu.origin);
  });

  it('a client made by createAzureClient with Entra ID, after the token was fetched', async () => {
    const entra = await startEmulator({ apiKey: TOKEN });
    try {
      entra.enqueue(reply.text('hi'));
      const client = createAzureClient({ endpoint: root(entra), credential: new FixedCredential() });
      await createAgent({ model: 'dep', client }).run('hello');
      expectNoSecret(client, TOKEN);
    } finally {
      await entra.close();
    }
  });

  it('a Connection to Azure with an API key', async () => {
    const connection = await connectFromEnv({
      env: { AZURE_OPENAI_ENDPOINT: root(emu), AZURE_OPENAI_API_KEY: KEY, AZURE_OPENAI_DEPLOYMENT: 'dep' },
    });
    emu.enqueue(reply.text('hi'));
    const agent = createAgent({ client: connection });
    await agent.run('hello');
    expectNoSecret(connection, KEY);
    expectNoSecret(agent, KEY);
    expect(JSON.parse(JSON.stringify(connection))).toMatchObject({ mode: 'azure', model: 'dep' });
  });

  it('a hosted MCP tool definition with headers', () => {
    expectNoSecret(mcp(), MCP_TOKEN);
  });

  it('a hosted MCP tool whose server URL carries a token in its query or user info', () => {
    for (const serverUrl of [
      `https://mcp.example.com/mcp?token=${MCP_TOKEN}`,
      `https://bot:${MCP_TOKEN}@mcp.example.com/mcp`,
    ]) {
      const tool = hostedMcpTool({ serverLabel: 'gh', serverUrl });
      expectNoSecret(tool, MCP_TOKEN);
      expectNoSecret(createAgent({ model: 'm', tools: [tool] }), MCP_TOKEN);
      // The request still carries the URL as given.
      expect(tool.definition.server_url).toContain(MCP_TOKEN);
    }
  });
});

describe('credentials in endpoint URLs', () => {
  it('refuses user:KEY@ in an endpoint without echoing the key', () => {
    for (const endpoint of [
      `https://user:${KEY}@r.openai.azure.com`,
      `https://${KEY}@r.openai.azure.com/openai/v1`,
      `http://apikey:${KEY}@127.0.0.1:9/openai/v1`,
    ]) {
      const error = (() => {
        try {
          return createAzureClient({ endpoint, apiKey: 'k' });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).message).toMatch(/credentials/);
      expectNoSecret(error, KEY);
    }
  });

  it('refuses a key in the query string, naming the parameter but not its value', () => {
    const error = (() => {
      try {
        return toV1BaseUrl(`https://r.openai.azure.com/openai/v1?api-key=${KEY}`);
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain('api-key');
    expectNoSecret(error, KEY);
  });

  it('never echoes a key that lands in the scheme, a bare query or the path of an endpoint', () => {
    const long = `${KEY}${KEY}`;
    for (const endpoint of [
      `${KEY}:443`,
      `https://r.openai.azure.com/?${long}`,
      `https://r.openai.azure.com/${KEY}`,
    ]) {
      const error = (() => {
        try {
          return toV1BaseUrl(endpoint);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expectNoSecret(error, KEY);
    }
  });

  it('never echoes an endpoint that is not a URL (it may be a key pasted into the wrong variable)', async () => {
    const error = await connectFromEnv({
      env: { AZURE_OPENAI_ENDPOINT: KEY, AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_DEPLOYMENT: 'd' },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/AZURE_OPENAI_ENDPOINT is not a URL/);
    expectNoSecret(error, KEY);
  });

  it('refuses an endpoint with credentials from the environment, and no baseURL keeps them', async () => {
    const error = await connectFromEnv({
      env: {
        AZURE_OPENAI_ENDPOINT: `https://user:${KEY}@r.openai.azure.com`,
        AZURE_OPENAI_DEPLOYMENT: 'd',
        AZURE_OPENAI_API_KEY: 'k',
      },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.option).toBe('AZURE_OPENAI_ENDPOINT');
    expectNoSecret(error, KEY);
  });
});

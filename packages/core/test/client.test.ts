import type { AccessToken, TokenCredential } from '@azure/identity';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthFailedError,
  ConfigurationError,
  connectFromEnv,
  createAgent,
  createAzureClient,
  DEFAULT_AZURE_SCOPE,
  toV1BaseUrl,
} from '../src/index.js';

/** A TokenCredential that mints numbered tokens with a chosen lifetime and counts its calls. */
class CountingCredential implements TokenCredential {
  calls = 0;
  scopes: string[] = [];
  constructor(
    private lifetimeMs: number,
    private token?: string,
  ) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.calls++;
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: this.token ?? `token-${this.calls}`, expiresOnTimestamp: Date.now() + this.lifetimeMs };
  }
}

const root = (emu: Emulator) => emu.url.replace(/\/v1\/?$/, '');

describe('toV1BaseUrl', () => {
  it('adds the Azure v1 path to a resource endpoint', () => {
    expect(toV1BaseUrl('https://r.openai.azure.com')).toBe('https://r.openai.azure.com/openai/v1/');
    expect(toV1BaseUrl('https://r.openai.azure.com/')).toBe('https://r.openai.azure.com/openai/v1/');
  });
  it('keeps a URL that already ends in /v1', () => {
    expect(toV1BaseUrl('http://127.0.0.1:9/openai/v1')).toBe('http://127.0.0.1:9/openai/v1/');
  });
  it('refuses what is not an http(s) URL', () => {
    expect(() => toV1BaseUrl('r.openai.azure.com')).toThrow(ConfigurationError);
    expect(() => toV1BaseUrl('ftp://x')).toThrow(/http/);
  });
});

describe('Azure client', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: 'secret-key-123' });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('calls the Azure v1 path with the api-key header', async () => {
    emu.enqueue(reply.text('hi'));
    const client = createAzureClient({ endpoint: root(emu), apiKey: 'secret-key-123' });
    const result = await createAgent({ model: 'dep', client }).run('hello');
    expect(result.output).toBe('hi');
    expect(emu.requests.at(-1)!.path).toMatch(/^\/openai\/v1\/responses/);
  });

  it('fails with AuthFailedError carrying the request id, and never shows the key', async () => {
    const client = createAzureClient({ endpoint: root(emu), apiKey: 'wrong-key-456', maxRetries: 0 });
    const error = await createAgent({ model: 'dep', client })
      .run('hello')
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthFailedError);
    expect(error.status).toBe(401);
    expect(error.requestId).toBeTruthy();
    expect(error.message).not.toContain('wrong-key-456');
    expect(JSON.stringify(error)).not.toContain('wrong-key-456');
  });

  it('refuses options with no way or two ways to authenticate', () => {
    expect(() => createAzureClient({ endpoint: 'https://x' } as any)).toThrow(/one way to authenticate/);
    expect(() =>
      createAzureClient({ endpoint: 'https://x', apiKey: 'k', tokenProvider: async () => 't' } as any),
    ).toThrow(/only one/);
    expect(() => createAzureClient({ endpoint: '', apiKey: 'k' })).toThrow(/endpoint/);
    expect(() => createAzureClient({ endpoint: 'https://x', credential: {} as any })).toThrow(
      /TokenCredential/,
    );
  });
});

describe('Microsoft Entra ID', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: 'entra-token' });
  });
  afterAll(() => emu.close());

  it('sends the credential token as a bearer token, asking for the default scope', async () => {
    emu.enqueue(reply.text('ok'));
    const credential = new CountingCredential(3_600_000, 'entra-token');
    const client = createAzureClient({ endpoint: root(emu), credential });
    await createAgent({ model: 'dep', client }).run('hello');
    expect(credential.scopes).toEqual([DEFAULT_AZURE_SCOPE]);
  });

  it('reuses a token that is far from expiry across requests', async () => {
    const credential = new CountingCredential(3_600_000, 'entra-token');
    const client = createAzureClient({ endpoint: root(emu), credential, scope: 'api://custom/.default' });
    const agent = createAgent({ model: 'dep', client });
    for (let i = 0; i < 3; i++) await agent.run('hello');
    expect(credential.calls).toBe(1);
    expect(credential.scopes[0]).toBe('api://custom/.default');
  });

  it('fetches a new token once the cached one is close to expiry, not only at start-up', async () => {
    const credential = new CountingCredential(500, 'entra-token');
    const client = createAzureClient({ endpoint: root(emu), credential });
    const agent = createAgent({ model: 'dep', client });
    for (let i = 0; i < 3; i++) await agent.run('hello');
    expect(credential.calls).toBeGreaterThanOrEqual(3);
  });

  it('calls a token function for each request', async () => {
    let calls = 0;
    const client = createAzureClient({
      endpoint: root(emu),
      tokenProvider: async () => {
        calls++;
        return 'entra-token';
      },
    });
    const agent = createAgent({ model: 'dep', client });
    await agent.run('a');
    await agent.run('b');
    expect(calls).toBe(2);
  });
});

describe('connectFromEnv', () => {
  it('runs offline against an embedded emulator when no AZURE_OPENAI_* variable is set', async () => {
    const conn = await connectFromEnv({ env: {}, emulator: { script: [reply.text('offline answer')] } });
    try {
      expect(conn.mode).toBe('emulator');
      expect(conn.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openai\/v1/);
      const result = await createAgent({ client: conn }).run('hi');
      expect(result.output).toBe('offline answer');
    } finally {
      await conn.close();
    }
  });

  it('connects to the endpoint with the key and deployment from the environment', async () => {
    const emu = await startEmulator({ apiKey: 'env-key' });
    try {
      emu.enqueue(reply.text('live answer'));
      const conn = await connectFromEnv({
        env: {
          AZURE_OPENAI_ENDPOINT: root(emu),
          AZURE_OPENAI_API_KEY: 'env-key',
          AZURE_OPENAI_DEPLOYMENT: 'my-dep',
        },
      });
      expect(conn.mode).toBe('azure');
      expect(conn.model).toBe('my-dep');
      const result = await createAgent({ client: conn }).run('hi');
      expect(result.output).toBe('live answer');
      expect((emu.requests.at(-1)!.body as any).model).toBe('my-dep');
    } finally {
      await emu.close();
    }
  });

  it('uses Entra ID when the endpoint is set without a key', async () => {
    const emu = await startEmulator({ apiKey: 'entra-token' });
    try {
      emu.enqueue(reply.text('ok'));
      const credential = new CountingCredential(3_600_000, 'entra-token');
      const conn = await connectFromEnv({
        env: { AZURE_OPENAI_ENDPOINT: root(emu), AZURE_OPENAI_DEPLOYMENT: 'd' },
        credential,
      });
      await createAgent({ client: conn }).run('hi');
      expect(credential.calls).toBe(1);
    } finally {
      await emu.close();
    }
  });

  it('refuses an endpoint without a deployment', async () => {
    await expect(
      connectFromEnv({ env: { AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' } }),
    ).rejects.toThrow(/AZURE_OPENAI_DEPLOYMENT/);
  });

  it('refuses a key without an endpoint rather than silently going offline', async () => {
    const error = await connectFromEnv({ env: { AZURE_OPENAI_API_KEY: 'k' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/AZURE_OPENAI_ENDPOINT/);
    expect(error.message).not.toContain(': k');
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthFailedError,
  ConnectionFailedError,
  CredentialFailedError,
  createAgent,
  createAzureClient,
} from '../src/index.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/entra-child.ts', import.meta.url));

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const failure = (endpoint: string, extra: { timeoutMs?: number } = {}) =>
  createAgent({
    model: 'dep',
    client: createAzureClient({ endpoint, apiKey: 'k', maxRetries: 0, ...extra }),
  })
    .run('hello')
    .catch((e) => e);

describe('a connection failure names the URL and the reason', () => {
  it('names the closed port it could not connect to', async () => {
    const port = await closedPort();
    const error = await failure(`http://127.0.0.1:${port}`);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect(error.code).toBe('connection_failed');
    expect(error.errorCode).toBe('ECONNREFUSED');
    expect(error.url).toBe(`http://127.0.0.1:${port}/openai/v1/`);
    expect(error.message).toContain(
      `Could not reach the Responses API at http://127.0.0.1:${port}/openai/v1/`,
    );
    expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(error.message).not.toMatch(/fetch failed/);
    expect(error.partial.turns).toBe(1);
  });

  it('names each address of a host name that resolves to several, none of them listening', async () => {
    const port = await closedPort();
    const error = await failure(`http://localhost:${port}`);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect(error.errorCode).toBe('ECONNREFUSED');
    expect(error.message).toContain(`at http://localhost:${port}/openai/v1/: connect ECONNREFUSED`);
    expect(error.message).toContain(`:${port}`);
  });

  it('names the host name that does not resolve', async () => {
    const error = await failure('https://turnkit-no-such-host.invalid');
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(error.errorCode);
    expect(error.message).toContain('https://turnkit-no-such-host.invalid/openai/v1/');
    expect(error.message).toMatch(/getaddrinfo (ENOTFOUND|EAI_AGAIN) turnkit-no-such-host\.invalid/);
    expect(error.message).toContain('Check the host name');
  });

  describe('against servers that do not speak the protocol', () => {
    let emu: Emulator;
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      emu = await startEmulator();
      silent = createServer((socket) => {
        sockets.add(socket); // accepts, never answers
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await emu.close();
    });

    it('names the TLS failure when https meets a plain HTTP server', async () => {
      const error = await failure(`https://127.0.0.1:${emu.port}`);
      expect(error).toBeInstanceOf(ConnectionFailedError);
      expect(error.message).toContain(`https://127.0.0.1:${emu.port}/openai/v1/`);
      expect(error.message).toMatch(/SSL|TLS|EPROTO|wrong version/i);
      expect(error.message).not.toMatch(/[0-9A-F]{8,}:error:/);
      expect(error.message).toContain('The TLS connection failed');
    });

    it('names the time limit when the server never answers', async () => {
      const { port } = silent.address() as { port: number };
      const error = await failure(`http://127.0.0.1:${port}`, { timeoutMs: 200 });
      expect(error).toBeInstanceOf(ConnectionFailedError);
      expect(error.errorCode).toBe('ETIMEDOUT');
      expect(error.message).toContain(`The Responses API at http://127.0.0.1:${port}/openai/v1/`);
      expect(error.message).toContain('within 200 ms');
      expect(error.message).toContain('timeoutMs');
    });
  });
});

class FixedCredential implements TokenCredential {
  scopes: string[] = [];
  constructor(private token: string) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...[scopes].flat());
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

describe('401, 403 and 404 say what to check', () => {
  let emu: Emulator;
  const root = () => emu.origin;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: 'right', models: ['dep'] });
  });
  afterAll(() => emu.close());

  const runWith = (client: ReturnType<typeof createAzureClient>, model = 'dep') =>
    createAgent({ model, client })
      .run('hello')
      .catch((e) => e);

  it('a refused API key says to check the key of the resource', async () => {
    const error = await runWith(
      createAzureClient({ endpoint: root(), apiKey: 'not-the-key-7f3a', maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(AuthFailedError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('Check the API key (AZURE_OPENAI_API_KEY)');
    expect(error.message).not.toContain('not-the-key-7f3a');
  });

  it('a refused Entra ID token names the scope asked for, the documented scope and the role', async () => {
    const credential = new FixedCredential('a-token-for-another-audience');
    const error = await runWith(
      createAzureClient({ endpoint: root(), credential, scope: 'api://other/.default', maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(AuthFailedError);
    expect(error.message).toContain('asked for the scope api://other/.default');
    expect(error.message).toContain('https://cognitiveservices.azure.com/.default');
    expect(error.message).toContain('Cognitive Services OpenAI User');
    expect(error.message).not.toContain('a-token-for-another-audience');
  });

  it('a 403 names the role to assign', async () => {
    emu.enqueue(reply.fault({ type: 'http', status: 403 }));
    const error = await runWith(
      createAzureClient({ endpoint: root(), credential: new FixedCredential('right'), maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(AuthFailedError);
    expect(error.status).toBe(403);
    expect(error.message).toContain('Cognitive Services OpenAI User');
  });

  it('a 404 DeploymentNotFound says the deployment name must match the model', async () => {
    emu.enqueue(
      reply.fault({
        type: 'http',
        status: 404,
        error: {
          code: 'DeploymentNotFound',
          message: 'The API deployment for this resource does not exist.',
        },
      }),
    );
    const error = await runWith(createAzureClient({ endpoint: root(), apiKey: 'right', maxRetries: 0 }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('deployment named "dep"');
  });

  it('an unknown model says the deployment name must match the model', async () => {
    const error = await runWith(
      createAzureClient({ endpoint: root(), apiKey: 'right', maxRetries: 0 }),
      'gpt-typo',
    );
    expect(error).toBeInstanceOf(ApiError);
    // Under the Azure paths the emulator answers as Azure does: 404 DeploymentNotFound.
    expect(error.apiCode).toBe('DeploymentNotFound');
    expect(error.message).toContain('deployment named "gpt-typo"');
  });
});

describe('Entra ID with no way to sign in', () => {
  it('a credential given to createAzureClient that fails gives one short CredentialFailedError', async () => {
    const emu = await startEmulator({ apiKey: 'never-used' });
    try {
      const credential: TokenCredential = {
        getToken: async () => {
          throw new Error('Refresh token expired. Run az login again.\n    at deep (x.js:1:1)');
        },
      };
      const error = await createAgent({
        model: 'dep',
        client: createAzureClient({ endpoint: emu.origin, credential, maxRetries: 0 }),
      })
        .run('hello')
        .catch((e) => e);
      expect(error).toBeInstanceOf(CredentialFailedError);
      expect(error).toBeInstanceOf(AuthFailedError);
      expect(error.reasons).toEqual(['Refresh token expired.']);
      expect(error.message).toContain(
        'The Microsoft Entra ID credential gave no token for https://ai.azure.com/.default',
      );
      expect(error.message).toContain('authenticate with `apiKey` instead');
      expect(error.message).not.toContain('x.js');
      expect(emu.requests).toHaveLength(0);
    } finally {
      await emu.close();
    }
  });

  let home: string;
  let emu: Emulator;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'turnkit-entra-'));
    emu = await startEmulator({ apiKey: 'never-used' });
  });
  afterAll(async () => {
    await emu.close();
    await rm(home, { recursive: true, force: true });
  });

  it('says no key was set, that Entra ID was tried, each source in one line, and both fixes', async () => {
    const { stdout } = await run(process.execPath, [child, emu.origin], {
      // Nothing to sign in with: no Azure variables, an empty HOME, only node on PATH.
      env: { HOME: home, PATH: dirname(process.execPath) },
    });
    const error = JSON.parse(stdout);
    expect(error.name).toBe('CredentialFailedError');
    expect(error.code).toBe('auth_failed');
    expect(error.partial).toBe(true);
    expect(error.message).toMatch(/^No AZURE_OPENAI_API_KEY is set, so turnkit tried Microsoft Entra ID/);
    expect(error.message).toContain('set AZURE_OPENAI_API_KEY');
    expect(error.message).toContain('`az login`');
    expect(error.message).toContain('managed identity');
    expect(error.reasons.length).toBeGreaterThanOrEqual(3);
    for (const reason of error.reasons) {
      expect(reason).not.toContain('\n');
      expect(error.message).toContain(`  - ${reason}\n`);
    }
    expect(error.reasons.join('\n')).toMatch(/EnvironmentCredential/);
    expect(error.reasons.join('\n')).toMatch(/Azure CLI/);
    // Short: a line per source plus three, not the credential's whole chain.
    expect(error.message.split('\n').length).toBe(error.reasons.length + 2);
    expect(emu.requests).toHaveLength(0);
  });
});

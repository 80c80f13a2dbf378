import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, EmulatorOptionsError, reply, startEmulator } from '../src/index.js';
import { rawRequest } from './raw-http.js';

/** A stand-in for an internal service a hostile page would like the emulator to call. */
let internal: Server;
let internalHits = 0;
let internalUrl: string;
let emu: Emulator;
let own: string;

beforeAll(async () => {
  internal = createServer((_req, res) => {
    internalHits++;
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/mcp`;
  emu = await startEmulator();
  own = `127.0.0.1:${emu.port}`;
});
afterAll(async () => {
  await emu.close();
  internal.close();
});
beforeEach(() => {
  internalHits = 0;
  emu.reset();
});

const createBody = () =>
  JSON.stringify({
    model: 'm',
    input: 'list the tools',
    tools: [{ type: 'mcp', server_label: 'internal', server_url: internalUrl, require_approval: 'never' }],
  });

const post = (headers: Record<string, string>, body = createBody()) =>
  rawRequest(emu.port, { path: '/v1/responses', headers, body });

describe('a cross-site request without a key', () => {
  it('is refused with 403 when its Host is not the emulator (DNS rebinding), and calls no server_url', async () => {
    const { status, json } = await post({
      host: `attacker.example:${emu.port}`,
      origin: `http://attacker.example:${emu.port}`,
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect(status).toBe(403);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'host_not_allowed' });
    expect(json.error.message).toContain(`attacker.example:${emu.port}`);
    expect(internalHits).toBe(0);
    expect(emu.requests.at(-1)).toMatchObject({ status: 403, body: undefined });
  });

  it('is refused with 403 when a page on another origin posts text/plain to 127.0.0.1', async () => {
    const { status, json } = await post({
      host: own,
      origin: 'https://attacker.example',
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect(status).toBe(403);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'origin_not_allowed' });
    expect(json.error.message).toContain('https://attacker.example');
    expect(internalHits).toBe(0);
  });

  it('is refused with 403 for a JSON body from another origin too', async () => {
    const { status } = await post({ host: own, origin: 'null', 'content-type': 'application/json' });
    expect(status).toBe(403);
    expect(internalHits).toBe(0);
  });

  it('is refused with 403 when the browser says it is cross-site, even without an Origin', async () => {
    const { status, json } = await rawRequest(emu.port, {
      method: 'GET',
      path: '/v1/responses/resp_x',
      headers: { host: own, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
    });
    expect(status).toBe(403);
    expect(json.error.code).toBe('origin_not_allowed');
  });
});

describe('content types', () => {
  it('answers 400 unsupported_content_type, in the real wording, to a text/plain body and calls nothing', async () => {
    const { status, json } = await post({ host: own, 'content-type': 'text/plain;charset=UTF-8' });
    expect(status).toBe(400);
    expect(json.error).toEqual({
      message:
        "Unsupported content type: 'text/plain;charset=UTF-8'. This API method only accepts 'application/json' requests, but you specified the header 'Content-Type: text/plain;charset=UTF-8'. Please try again with a supported content type.",
      type: 'invalid_request_error',
      param: null,
      code: 'unsupported_content_type',
    });
    expect(internalHits).toBe(0);
    expect(emu.requests.at(-1)).toMatchObject({ status: 400, body: undefined });
  });

  it.for([
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'text/json',
  ])('refuses %s on POST /responses', async (type) => {
    const { status, json } = await post({ host: own, 'content-type': type });
    expect(status).toBe(400);
    expect(json.error.code).toBe('unsupported_content_type');
    expect(internalHits).toBe(0);
  });

  it('refuses a body sent without a Content-Type', async () => {
    const { status, json } = await post({ host: own });
    expect(status).toBe(400);
    expect(json.error.code).toBe('unsupported_content_type');
    expect(json.error.message).toContain('no Content-Type header');
  });

  it.for(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])(
    'accepts %s',
    async (type) => {
      const body = JSON.stringify({ model: 'm', input: 'Hi' });
      const { status, json } = await post({ host: own, 'content-type': type }, body);
      expect(status).toBe(200);
      expect(json.output[0].content[0].text).toBe('You said: "Hi"');
    },
  );

  it('accepts an empty-bodied POST without a Content-Type (cancel)', async () => {
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 });
    emu.enqueue(reply.text('slow', { delayMs: 50 }));
    const queued = await client.responses.create({ model: 'm', input: 'Hi', background: true });
    const { status, json } = await rawRequest(emu.port, {
      path: `/v1/responses/${queued.id}/cancel`,
      headers: { host: own },
    });
    expect(status).toBe(200);
    expect(json.status).toBe('cancelled');
  });
});

describe('Host and Origin forms of the emulator itself', () => {
  it.for(['127.0.0.1', 'localhost', 'LocalHost', '[::1]'])('accepts Host %s:PORT', async (name) => {
    const body = JSON.stringify({ model: 'm', input: 'Hi' });
    const { status } = await post({ host: `${name}:${emu.port}`, 'content-type': 'application/json' }, body);
    expect(status).toBe(200);
  });

  it.for([
    '127.0.0.1',
    'localhost:1',
    '127.0.0.1:1',
    'localhost.attacker.example:PORT',
    '127.0.0.1.nip.io:PORT',
  ])('refuses Host %s', async (host) => {
    const { status, json } = await post({
      host: host.replace('PORT', String(emu.port)),
      'content-type': 'application/json',
    });
    expect(status).toBe(403);
    expect(json.error.code).toBe('host_not_allowed');
  });

  it.for(['http://127.0.0.1:PORT', 'http://localhost:PORT', 'http://[::1]:PORT'])(
    'accepts its own Origin %s',
    async (origin) => {
      const body = JSON.stringify({ model: 'm', input: 'Hi' });
      const { status } = await post(
        { host: own, origin: origin.replace('PORT', String(emu.port)), 'content-type': 'application/json' },
        body,
      );
      expect(status).toBe(200);
    },
  );

  it.for(['https://127.0.0.1:PORT', 'http://localhost:1', 'http://localhost'])(
    'refuses Origin %s',
    async (origin) => {
      const { status } = await post({
        host: own,
        origin: origin.replace('PORT', String(emu.port)),
        'content-type': 'application/json',
      });
      expect(status).toBe(403);
    },
  );

  it('accepts a navigation the user typed (Sec-Fetch-Site: none)', async () => {
    const { status } = await rawRequest(emu.port, {
      method: 'GET',
      path: '/v1/responses/resp_x',
      headers: { host: own, 'sec-fetch-site': 'none' },
    });
    expect(status).toBe(404);
  });
});

describe('allowedOrigins', () => {
  let open: Emulator;
  beforeAll(async () => {
    open = await startEmulator({ allowedOrigins: ['http://localhost:5173/'] });
  });
  afterAll(() => open.close());

  it('answers a listed origin with CORS headers, including its preflight', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await rawRequest(open.port, {
      method: 'OPTIONS',
      path: '/v1/responses',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, DELETE',
      'access-control-allow-headers': 'authorization, content-type',
      vary: 'Origin',
    });
    const body = JSON.stringify({ model: 'm', input: 'Hi' });
    const answer = await rawRequest(open.port, {
      path: '/v1/responses',
      headers: { origin, 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(origin);
    expect(answer.headers['access-control-expose-headers']).toContain('x-request-id');
  });

  it('still refuses an origin it does not list, and its preflight', async () => {
    const preflight = await rawRequest(open.port, {
      method: 'OPTIONS',
      path: '/v1/responses',
      headers: { origin: 'http://localhost:5174', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.for([['localhost:5173'], ['*'], ['http://localhost:5173/app'], 'http://x'])(
    'refuses allowedOrigins %j',
    async (value) => {
      const error = await startEmulator({ allowedOrigins: value as string[] }).catch((e) => e);
      expect(EmulatorOptionsError.is(error)).toBe(true);
      expect(error.option).toMatch(/^allowedOrigins/);
    },
  );
});

describe('allowedHosts', () => {
  it('accepts a listed host name as Host and as Origin', async () => {
    const named = await startEmulator({ allowedHosts: ['emulator.internal'] });
    try {
      const body = JSON.stringify({ model: 'm', input: 'Hi' });
      const host = `emulator.internal:${named.port}`;
      const ok = await rawRequest(named.port, {
        path: '/v1/responses',
        headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
        body,
      });
      expect(ok.status).toBe(200);
      const other = await rawRequest(named.port, {
        path: '/v1/responses',
        headers: { host: `other.internal:${named.port}`, 'content-type': 'application/json' },
        body,
      });
      expect(other.status).toBe(403);
    } finally {
      await named.close();
    }
  });

  it('refuses an entry that is not a host name', async () => {
    const error = await startEmulator({ allowedHosts: ['http://emulator.internal'] }).catch((e) => e);
    expect(EmulatorOptionsError.is(error)).toBe(true);
    expect(error.option).toBe('allowedHosts[0]');
  });
});

describe('the official openai client on every path prefix', () => {
  const clients: Array<[string, () => OpenAI]> = [
    ['/v1', () => new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 })],
    ['/openai/v1', () => new OpenAI({ baseURL: emu.azureUrl, apiKey: 'test', maxRetries: 0 })],
    [
      '/openai',
      () =>
        new AzureOpenAI({
          endpoint: emu.origin,
          apiKey: 'test',
          apiVersion: '2025-04-01-preview',
          maxRetries: 0,
        }),
    ],
  ];

  it.for(clients)(
    'works under %s: JSON, SSE, retrieve, cancel, delete and uploads',
    async ([prefix, make]) => {
      const client = make();
      const created = await client.responses.create({ model: 'm', input: 'Hi' });
      expect(created.output_text).toBe('You said: "Hi"');
      const stream = await client.responses.create({ model: 'm', input: 'Streamed', stream: true });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      expect(types.at(-1)).toBe('response.completed');
      expect((await client.responses.retrieve(created.id)).id).toBe(created.id);
      emu.enqueue(reply.text('slow', { delayMs: 50 }));
      const queued = await client.responses.create({ model: 'm', input: 'Hi', background: true });
      expect((await client.responses.cancel(queued.id)).status).toBe('cancelled');
      await client.responses.delete(created.id);
      const file = await client.files.create({ file: new File(['a,b\n'], 'data.csv'), purpose: 'user_data' });
      const container = await client.containers.create({ name: 'c', file_ids: [file.id] });
      const uploaded = await client.containers.files.create(container.id, {
        file: new File(['x'], 'notes.txt'),
      });
      expect(uploaded.path).toBe('/mnt/data/notes.txt');
      expect(emu.requests.every((r) => r.path.startsWith(`${prefix}/`))).toBe(true);
      expect(emu.requests.every((r) => (r.status ?? 0) < 400)).toBe(true);
    },
  );
});

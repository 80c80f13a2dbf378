import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, EmulatorOptionsError, startEmulator } from '../src/index.js';
import { openRequest, rawRequest } from './raw-http.js';

const KEY = 'sk-body-test';
const JSON_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

describe('authentication before the body', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: KEY });
  });
  afterAll(() => emu.close());

  it('answers 401 to a request that expects 100-continue without ever asking for its body', async () => {
    const { req, answer } = openRequest(emu.port, {
      path: '/v1/responses',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-wrong',
        'content-length': String(60 * 1024 * 1024),
        expect: '100-continue',
      },
    });
    req.flushHeaders();
    const { status, json, continued } = await answer;
    req.destroy();
    expect(status).toBe(401);
    expect(continued).toBe(false);
    expect(json.error.code).toBe('invalid_api_key');
  });

  it('answers 401 to a 60 MB body after reading only its headers', async () => {
    const { req, answer } = openRequest(emu.port, {
      path: '/v1/responses',
      headers: { 'content-type': 'application/json', 'content-length': String(60 * 1024 * 1024) },
    });
    req.write(Buffer.alloc(64 * 1024, 'x'));
    const { status } = await answer;
    req.destroy();
    expect(status).toBe(401);
  });

  it('lets the openai client read the 401 of a 60 MB body it was still sending', async () => {
    const wrong = new OpenAI({ baseURL: emu.url, apiKey: 'sk-wrong', maxRetries: 0 });
    const error = await wrong.responses
      .create({ model: 'm', input: 'x'.repeat(60 * 1024 * 1024) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(emu.requests.at(-1)).toMatchObject({ status: 401, body: undefined });
  });

  it('keeps no body of a request refused with 401', async () => {
    const wrong = new OpenAI({ baseURL: emu.url, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(wrong.responses.create({ model: 'm', input: 'secret text' })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const record = emu.requests.at(-1)!;
    expect(record).toMatchObject({ method: 'POST', path: '/v1/responses', status: 401 });
    expect(record.body).toBeUndefined();
    expect(JSON.stringify(emu.requests)).not.toContain('secret text');
  });
});

describe('maxBodyBytes', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ maxBodyBytes: 2048 });
  });
  afterAll(() => emu.close());

  it('answers 413 with an OpenAI-style error body above the limit, and the client does not retry it', async () => {
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 2 });
    const before = emu.requests.length;
    const error = await client.responses.create({ model: 'm', input: 'x'.repeat(4096) }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(413);
    expect(error.error).toEqual({
      message: expect.stringMatching(
        /^Maximum content size limit \(2048\) exceeded \(Content-Length: \d+\)$/,
      ),
      type: 'server_error',
      param: null,
      code: null,
    });
    expect(emu.requests.length - before).toBe(1);
    expect(emu.requests.at(-1)).toMatchObject({ status: 413, body: undefined });
  });

  it('answers 413 to a chunked body as soon as it passes the limit, without waiting for its end', async () => {
    const { req, answer } = openRequest(emu.port, {
      path: '/v1/responses',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    let answered = false;
    void answer.then(() => {
      answered = true;
    });
    for (let written = 0; !answered && written < 8 * 1024 * 1024; written += 1024) {
      if (!req.write(Buffer.alloc(1024, 'x'))) await new Promise((r) => req.once('drain', r));
      await new Promise((r) => setImmediate(r));
    }
    const { status, json } = await answer;
    req.destroy();
    expect(status).toBe(413);
    expect(json.error).toMatchObject({
      message: expect.stringMatching(/^Maximum content size limit \(2048\) exceeded \(\d+ bytes read\)$/),
      type: 'server_error',
    });
    expect(emu.requests.at(-1)).toMatchObject({ status: 413, body: undefined });
  });

  it('accepts and records a body within the limit', async () => {
    const body = JSON.stringify({ model: 'm', input: 'y'.repeat(1000) });
    const { status } = await rawRequest(emu.port, { path: '/v1/responses', headers: JSON_HEADERS, body });
    expect(status).toBe(200);
    expect(emu.requests.at(-1)!.body).toEqual(JSON.parse(body));
  });
});

describe('the default body limit', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it('is 64 MiB: a larger declared body gets 413 before it is sent', async () => {
    const { req, answer } = openRequest(emu.port, {
      path: '/v1/responses',
      headers: {
        'content-type': 'application/json',
        'content-length': String(64 * 1024 * 1024 + 1),
        expect: '100-continue',
      },
    });
    req.flushHeaders();
    const { status, json, continued } = await answer;
    req.destroy();
    expect(status).toBe(413);
    expect(continued).toBe(false);
    expect(json.error.message).toBe(
      `Maximum content size limit (67108864) exceeded (Content-Length: ${64 * 1024 * 1024 + 1})`,
    );
  });
});

describe('option checks', () => {
  it.for([0, -1, 1.5, Number.NaN, '1000'])('refuses maxBodyBytes %s', async (value) => {
    const error = await startEmulator({ maxBodyBytes: value as number }).catch((e) => e);
    expect(EmulatorOptionsError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_option', option: 'maxBodyBytes' });
    expect(error.message).toContain('maxBodyBytes');
  });
});

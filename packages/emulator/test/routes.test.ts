import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { clientFor, jsonOf, post } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('GET and DELETE /responses/{id}', () => {
  it('retrieves a stored response, deletes it, then answers 404', async () => {
    const created = await client.responses.create({ model: 'm', input: 'Hi' });
    const retrieved = await client.responses.retrieve(created.id);
    expect(retrieved).toEqual({ ...created });
    const res = await fetch(`${emu.url}/responses/${created.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ id: created.id, object: 'response', deleted: true });
    const error = await client.responses.retrieve(created.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.responses.delete(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('deletes through the SDK', async () => {
    const created = await client.responses.create({ model: 'm', input: 'Hi' });
    await client.responses.delete(created.id);
    expect(emu.getResponse(created.id)).toBeUndefined();
  });

  it('answers 404 with an error body for an unknown id', async () => {
    const res = await fetch(`${emu.url}/responses/resp_unknown`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await jsonOf(res)).toEqual({
      error: {
        message: "No response found with id 'resp_unknown'.",
        type: 'invalid_request_error',
        param: 'response_id',
        code: null,
      },
    });
  });
});

describe('GET /responses/{id}/input_items', () => {
  async function fiveItems(): Promise<{ id: string; ids: string[] }> {
    const input = ['one', 'two', 'three', 'four', 'five'].map((text) => ({
      role: 'user' as const,
      content: text,
    }));
    const created = await client.responses.create({ model: 'm', input });
    const all = await client.responses.inputItems.list(created.id, { order: 'asc' });
    return { id: created.id, ids: all.data.map((item) => item.id) };
  }

  it('lists stored input items newest first by default, with ids and status', async () => {
    const { id } = await fiveItems();
    const page = await client.responses.inputItems.list(id);
    expect(page.data).toHaveLength(5);
    expect(page.data[0]).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'user',
      status: 'completed',
      content: [{ type: 'input_text', text: 'five' }],
    });
    expect(page.data.map((i) => (i as { content: Array<{ text: string }> }).content[0]!.text)).toEqual([
      'five',
      'four',
      'three',
      'two',
      'one',
    ]);
  });

  it('pages with limit and after, in both orders', async () => {
    const { id, ids } = await fiveItems();
    const raw = await fetch(`${emu.url}/responses/${id}/input_items?limit=2&order=asc`);
    expect(await jsonOf(raw)).toEqual({
      object: 'list',
      data: [expect.objectContaining({ id: ids[0] }), expect.objectContaining({ id: ids[1] })],
      first_id: ids[0],
      last_id: ids[1],
      has_more: true,
    });
    const next = await client.responses.inputItems.list(id, { limit: 2, order: 'asc', after: ids[1] });
    expect(next.data.map((i) => i.id)).toEqual([ids[2], ids[3]]);
    expect(next.has_more).toBe(true);
    const last = await client.responses.inputItems.list(id, { limit: 2, order: 'asc', after: ids[3] });
    expect(last.data.map((i) => i.id)).toEqual([ids[4]]);
    expect(last.has_more).toBe(false);
    const desc = await client.responses.inputItems.list(id, { limit: 2, order: 'desc', after: ids[3] });
    expect(desc.data.map((i) => i.id)).toEqual([ids[2], ids[1]]);
  });

  it('walks every page with the SDK auto-pager', async () => {
    const { id, ids } = await fiveItems();
    const seen: string[] = [];
    for await (const item of client.responses.inputItems.list(id, { limit: 2, order: 'asc' }))
      seen.push(item.id);
    expect(seen).toEqual(ids);
  });

  it('rejects a limit outside 1-100 and an unknown order', async () => {
    const { id } = await fiveItems();
    for (const query of ['limit=0', 'limit=101', 'limit=abc']) {
      const res = await fetch(`${emu.url}/responses/${id}/input_items?${query}`);
      expect(res.status).toBe(400);
      expect((await jsonOf(res)).error.param).toBe('limit');
    }
    const res = await fetch(`${emu.url}/responses/${id}/input_items?order=sideways`);
    expect((await jsonOf(res)).error).toMatchObject({ param: 'order', code: 'invalid_value' });
  });

  it('lists function calls and outputs with fc_ and fco_ ids', async () => {
    emu.enqueue(reply.toolCall('lookup', { q: 'x' }));
    const first = await client.responses.create({ model: 'm', input: 'Look it up' });
    const call = first.output[0] as { call_id: string };
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'found' }],
    });
    const items = await client.responses.inputItems.list(second.id, { order: 'asc' });
    expect(items.data.map((i) => [i.type, i.id.split('_')[0], (i as { status?: string }).status])).toEqual([
      ['message', 'msg', 'completed'],
      ['function_call', 'fc', 'completed'],
      ['function_call_output', 'fco', 'completed'],
    ]);
  });
});

describe('routing', () => {
  it('answers an unknown route with 404 and an error body', async () => {
    const res = await fetch(`${emu.url}/nothing/here`);
    expect(res.status).toBe(404);
    expect(await jsonOf(res)).toEqual({
      error: {
        message: 'Invalid URL (GET /v1/nothing/here)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    expect((await fetch(`${emu.origin}/responses`, { method: 'POST' })).status).toBe(404);
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const res = await fetch(`${emu.url}/responses`, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await jsonOf(res)).error.code).toBe('method_not_allowed');
  });

  it('answers an invalid JSON body with 400', async () => {
    const res = await post(`${emu.url}/responses`, '{"model": "m", ');
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null });
    expect(body.error.message).toContain('We could not parse the JSON body of your request.');
    expect(emu.requests.at(-1)?.body).toBe('{"model": "m", ');
  });

  it('counts input tokens like usage does', async () => {
    const body = { model: 'm', input: 'How many tokens is this?', instructions: 'Count.' };
    const counted = await client.responses.inputTokens.count(body);
    const created = await client.responses.create(body);
    expect(counted).toEqual({ object: 'response.input_tokens', input_tokens: created.usage!.input_tokens });
  });
});

describe('Azure paths', () => {
  it('serves the API under /openai/v1 with the api-key header and Azure content filters', async () => {
    emu.enqueue(reply.text('Hello from Azure.'));
    const azure = new OpenAI({
      baseURL: emu.azureUrl,
      apiKey: 'unused',
      defaultHeaders: { 'api-key': 'azure-key' },
    });
    const response = await azure.responses.create({ model: 'my-deployment', input: 'Hi' });
    expect(response.output_text).toBe('Hello from Azure.');
    const record = emu.requests.at(-1)!;
    expect(record.path).toBe('/openai/v1/responses');
    expect(record.headers['api-key']).toBe('[redacted]');
    expect(record.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(emu.requests)).not.toContain('azure-key');
    const filters = (response as unknown as { content_filters: Array<{ source_type: string }> })
      .content_filters;
    expect(filters.map((f) => f.source_type)).toEqual(['prompt', 'completion']);
    const retrieved = await azure.responses.retrieve(response.id);
    expect(retrieved.id).toBe(response.id);
  });

  it('works with the AzureOpenAI client and its api-version query', async () => {
    const azure = new AzureOpenAI({
      endpoint: emu.origin,
      apiKey: 'azure-key',
      apiVersion: '2025-04-01-preview',
    });
    const response = await azure.responses.create({ model: 'my-deployment', input: 'Hi Azure' });
    expect(response.output_text).toBe('You said: "Hi Azure"');
    expect(emu.requests.at(-1)).toMatchObject({
      path: '/openai/responses',
      query: { 'api-version': '2025-04-01-preview' },
    });
  });
});

describe('auth', () => {
  let secured: Emulator;
  beforeAll(async () => {
    secured = await startEmulator({ apiKey: 'sk-secret' });
  });
  afterAll(() => secured.close());

  it('accepts the key as a Bearer token or as api-key', async () => {
    const bearer = new OpenAI({ baseURL: secured.url, apiKey: 'sk-secret', maxRetries: 0 });
    await expect(bearer.responses.create({ model: 'm', input: 'Hi' })).resolves.toMatchObject({
      status: 'completed',
    });
    const res = await fetch(`${secured.azureUrl}/responses`, {
      method: 'POST',
      headers: { 'api-key': 'sk-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'Hi' }),
    });
    expect(res.status).toBe(200);
  });

  it('rejects a wrong or missing key with 401 invalid_api_key and never echoes it', async () => {
    const wrong = new OpenAI({ baseURL: secured.url, apiKey: 'sk-wrong-key', maxRetries: 0 });
    const error = await wrong.responses.create({ model: 'm', input: 'Hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
    expect((error as Error).message).toContain('Incorrect API key provided');
    expect((error as Error).message).not.toContain('sk-wrong-key');
    const missing = await fetch(`${secured.url}/responses`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
    expect((await jsonOf(missing)).error.code).toBe('invalid_api_key');
    expect(JSON.stringify(secured.requests)).not.toContain('sk-wrong-key');
  });
});

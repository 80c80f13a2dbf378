import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor, jsonOf, post } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function catchError(promise: Promise<unknown>): Promise<AnyJson> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('containers', () => {
  it('creates, retrieves, lists and deletes a container with the real object shape', async () => {
    const created = await client.containers.create({
      name: 'My Container',
      expires_after: { anchor: 'last_active_at', minutes: 30 },
      memory_limit: '4g',
    });
    expect(created.id).toMatch(/^cntr_[0-9a-f]{48}$/);
    expect(created).toMatchObject({
      object: 'container',
      name: 'My Container',
      status: 'running',
      expires_after: { anchor: 'last_active_at', minutes: 30 },
      memory_limit: '4g',
    });
    expect(created.last_active_at).toBe(created.created_at);
    expect(await client.containers.retrieve(created.id)).toEqual(created);

    const second = await client.containers.create({ name: 'Other' });
    expect(second.memory_limit).toBe('1g');
    expect(second.expires_after).toEqual({ anchor: 'last_active_at', minutes: 20 });
    const page = await client.containers.list();
    expect(page.data.map((c) => c.id)).toEqual([second.id, created.id]);
    const asc = await client.containers.list({ order: 'asc', limit: 1 });
    expect(asc.data.map((c) => c.id)).toEqual([created.id]);
    expect(asc.has_more).toBe(true);
    const all: string[] = [];
    for await (const c of client.containers.list({ order: 'asc', limit: 1 })) all.push(c.id);
    expect(all).toEqual([created.id, second.id]);

    const deleted = await post(`${emu.url}/containers/${created.id}`, '');
    expect(deleted.status).toBe(405);
    const del = await fetch(`${emu.url}/containers/${created.id}`, { method: 'DELETE' });
    expect(await jsonOf(del)).toEqual({ id: created.id, object: 'container.deleted', deleted: true });
    const gone = await catchError(client.containers.retrieve(created.id));
    expect(gone.status).toBe(404);
    expect(gone.error).toEqual({
      message: `No container found with id '${created.id}'.`,
      type: 'invalid_request_error',
      param: 'container_id',
      code: null,
    });
  });

  it('is served under the Azure v1 prefix too', async () => {
    const azure = new OpenAI({ baseURL: emu.azureUrl, apiKey: 'test', maxRetries: 0 });
    const created = await azure.containers.create({ name: 'azure' });
    expect((await client.containers.retrieve(created.id)).name).toBe('azure');
  });

  it.each([
    [{}, 'name', 'missing_required_parameter'],
    [{ name: 5 }, 'name', 'invalid_type'],
    [{ name: 'x', memory_limit: '2g' }, 'memory_limit', 'invalid_value'],
    [
      { name: 'x', expires_after: { anchor: 'created_at', minutes: 5 } },
      'expires_after.anchor',
      'invalid_value',
    ],
    [{ name: 'x', file_ids: 'file-1' }, 'file_ids', 'invalid_type'],
    [{ name: 'x', bogus: 1 }, 'bogus', 'unknown_parameter'],
  ])('rejects a bad container %j with a 400 naming the param', async (body, param, code) => {
    const res = await post(`${emu.url}/containers`, body);
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toMatchObject({ type: 'invalid_request_error', param, code });
  });

  it('answers 404 for an unknown file id in file_ids', async () => {
    const res = await post(`${emu.url}/containers`, { name: 'x', file_ids: ['file-nope'] });
    expect(res.status).toBe(404);
    expect((await jsonOf(res)).error).toEqual({
      message: 'No such File object: file-nope',
      type: 'invalid_request_error',
      param: 'file_ids[0]',
      code: null,
    });
  });
});

describe('container files', () => {
  it('uploads, lists, retrieves, downloads and deletes container files', async () => {
    const container = await client.containers.create({ name: 'files' });
    const uploaded = await client.containers.files.create(container.id, {
      file: await toFile(Buffer.from('a,b\n1,2\n'), 'data.csv'),
    });
    expect(uploaded.id).toMatch(/^cfile_[0-9a-f]{32}$/);
    expect(uploaded).toMatchObject({
      object: 'container.file',
      bytes: 8,
      container_id: container.id,
      path: '/mnt/data/data.csv',
      source: 'user',
    });
    const listed = await client.containers.files.list(container.id);
    expect(listed.data).toEqual([uploaded]);
    expect(await client.containers.files.retrieve(uploaded.id, { container_id: container.id })).toEqual(
      uploaded,
    );
    const content = await client.containers.files.content.retrieve(uploaded.id, {
      container_id: container.id,
    });
    expect(Buffer.from(await content.arrayBuffer()).toString()).toBe('a,b\n1,2\n');

    const res = await fetch(`${emu.url}/containers/${container.id}/files/${uploaded.id}`, {
      method: 'DELETE',
    });
    expect(await jsonOf(res)).toEqual({ id: uploaded.id, object: 'container.file.deleted', deleted: true });
    expect((await client.containers.files.list(container.id)).data).toEqual([]);
    const gone = await catchError(
      client.containers.files.retrieve(uploaded.id, { container_id: container.id }),
    );
    expect(gone.status).toBe(404);
    expect(gone.error.param).toBe('file_id');
  });

  it('copies a Files API upload into a container by file_id and at creation', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const file = await client.files.create({ file: await toFile(bytes, 'blob.bin'), purpose: 'user_data' });
    expect(file.id).toMatch(/^file-[A-Za-z0-9]{22}$/);
    expect(file).toMatchObject({ object: 'file', bytes: 5, filename: 'blob.bin', purpose: 'user_data' });
    expect(await client.files.retrieve(file.id)).toEqual(file);
    expect(Buffer.from(await (await client.files.content(file.id)).arrayBuffer())).toEqual(bytes);

    const container = await client.containers.create({ name: 'x' });
    const copied = await client.containers.files.create(container.id, { file_id: file.id });
    expect(copied).toMatchObject({ path: '/mnt/data/blob.bin', bytes: 5, source: 'user' });
    const withFiles = await client.containers.create({ name: 'y', file_ids: [file.id] });
    const listed = await client.containers.files.list(withFiles.id);
    expect(listed.data.map((f) => f.path)).toEqual(['/mnt/data/blob.bin']);
  });

  it('answers real error bodies for unknown ids and bad uploads', async () => {
    const missing = await catchError(client.containers.files.list('cntr_nope'));
    expect(missing.status).toBe(404);
    const container = await client.containers.create({ name: 'x' });
    const noFile = await post(`${emu.url}/containers/${container.id}/files`, {});
    expect(noFile.status).toBe(400);
    expect((await jsonOf(noFile)).error.param).toBe('file_id');
    const unknownFile = await post(`${emu.url}/containers/${container.id}/files`, { file_id: 'file-x' });
    expect(unknownFile.status).toBe(404);
    const fileMissing = await catchError(client.files.retrieve('file-nope'));
    expect(fileMissing.status).toBe(404);
    expect(fileMissing.error.message).toBe('No such File object: file-nope');
    const badPurpose = await catchError(
      client.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'nope' as 'user_data' }),
    );
    expect(badPurpose.status).toBe(400);
    expect(badPurpose.error.param).toBe('purpose');
    const recorded = emu.requests.find((r) => r.path === '/v1/files' && r.method === 'POST');
    expect(recorded?.body).toMatchObject({ purpose: 'nope', file: { filename: 'x.txt', bytes: 1 } });
  });
});

import { containerJson, dataPath, fileJson, newFileId } from '../hosted/containers.js';
import { type Exchange, sendJson } from '../http/http-io.js';
import { MultipartBody } from '../http/multipart.js';
import { sendPage, single } from '../http/pagination.js';
import { checkMemoryLimit, checkNetworkPolicy } from '../validate/code-interpreter-tool.js';
import {
  describeJsonType,
  invalidRequest,
  invalidType,
  invalidValue,
  missingParameter,
} from '../wire/errors.js';
import { unixSeconds } from '../wire/ids.js';
import type { JsonObject } from '../wire/wire-types.js';
import type { EmulatorState } from './emulator-state.js';
import type { Route } from './route.js';

/** The upload purposes of `POST /files`. */
export const FILE_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;

const CONTAINER_PARAMS = ['name', 'expires_after', 'file_ids', 'memory_limit', 'network_policy', 'skills'];

function jsonBody(body: unknown): JsonObject {
  if (body instanceof MultipartBody || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest(
      `Invalid body: expected a JSON object, but got ${body instanceof MultipartBody ? 'multipart form data' : describeJsonType(body)} instead.`,
      null,
      'invalid_type',
    );
  }
  return body as JsonObject;
}

function createContainer(state: EmulatorState, ex: Exchange, raw: unknown): void {
  const body = jsonBody(raw);
  for (const key of Object.keys(body)) {
    if (!CONTAINER_PARAMS.includes(key))
      throw invalidRequest(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  }
  if (body.name === undefined || body.name === null) throw missingParameter('name');
  if (typeof body.name !== 'string') throw invalidType('name', 'a string', body.name);
  let minutes: number | undefined;
  if (body.expires_after !== undefined && body.expires_after !== null) {
    const e = body.expires_after;
    if (typeof e !== 'object' || Array.isArray(e)) throw invalidType('expires_after', 'an object', e);
    const { anchor, minutes: m } = e as JsonObject;
    if (anchor === undefined) throw missingParameter('expires_after.anchor');
    if (anchor !== 'last_active_at') throw invalidValue('expires_after.anchor', anchor, ['last_active_at']);
    if (m === undefined) throw missingParameter('expires_after.minutes');
    if (!Number.isInteger(m)) throw invalidType('expires_after.minutes', 'an integer', m);
    if ((m as number) < 1 || (m as number) > 1440) {
      throw invalidRequest(
        `Invalid 'expires_after.minutes': expected an integer between 1 and 1440, but got ${m as number} instead.`,
        'expires_after.minutes',
        'invalid_value',
      );
    }
    minutes = m as number;
  }
  const fileIds = state.containers.checkFileIds(body.file_ids, 'file_ids');
  const memoryLimit = checkMemoryLimit(body.memory_limit, 'memory_limit');
  const networkPolicy = checkNetworkPolicy(body.network_policy, 'network_policy');
  const container = state.containers.create({
    name: body.name,
    ...(minutes !== undefined ? { minutes } : {}),
    ...(memoryLimit !== undefined ? { memoryLimit } : {}),
    ...(networkPolicy !== undefined ? { networkPolicy } : {}),
  });
  state.containers.attachFiles(container, fileIds);
  sendJson(ex, 200, containerJson(container));
}

function createContainerFile(state: EmulatorState, ex: Exchange, containerId: string, raw: unknown): void {
  const container = state.containers.get(containerId);
  if (raw instanceof MultipartBody) {
    const upload = raw.files.get('file');
    if (!upload) throw missingParameter('file');
    const file = state.containers.putFile(container, dataPath(upload.filename), upload.data, 'user');
    sendJson(ex, 200, fileJson(file));
    return;
  }
  const body = jsonBody(raw);
  for (const key of Object.keys(body)) {
    if (key !== 'file_id' && key !== 'file')
      throw invalidRequest(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  }
  if (body.file_id === undefined || body.file_id === null) {
    throw invalidRequest(
      "Missing required parameter: either 'file' (a multipart upload) or 'file_id' must be provided.",
      'file_id',
      'missing_required_parameter',
    );
  }
  if (typeof body.file_id !== 'string') throw invalidType('file_id', 'a string', body.file_id);
  const source = state.containers.file(body.file_id);
  const file = state.containers.putFile(container, dataPath(source.filename), source.data, 'user');
  sendJson(ex, 200, fileJson(file));
}

function uploadFile(state: EmulatorState, ex: Exchange, raw: unknown): void {
  if (!(raw instanceof MultipartBody)) {
    throw invalidRequest(
      "Invalid body: 'POST /files' expects multipart/form-data with 'file' and 'purpose'.",
    );
  }
  const upload = raw.files.get('file');
  if (!upload) throw missingParameter('file');
  const purpose = raw.fields.get('purpose');
  if (purpose === undefined) throw missingParameter('purpose');
  if (!(FILE_PURPOSES as readonly string[]).includes(purpose))
    throw invalidValue('purpose', purpose, FILE_PURPOSES);
  const now = unixSeconds();
  const file = {
    id: newFileId(),
    object: 'file' as const,
    bytes: upload.data.length,
    created_at: now,
    expires_at: null,
    filename: upload.filename,
    purpose,
    status: 'processed' as const,
    status_details: null,
    data: upload.data,
  };
  state.containers.files.set(file.id, file);
  sendJson(ex, 200, fileJson(file));
}

function sendBytes(ex: Exchange, data: Buffer): void {
  ex.record.status = 200;
  ex.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
  ex.res.end(data);
}

/**
 * The Containers API and the minimal Files API (docs/responses-wire.md §2.9, §2.10), served under every
 * API prefix:
 *
 * - `POST /containers`, `GET /containers`, `GET|DELETE /containers/{id}`;
 * - `POST|GET /containers/{id}/files`, `GET|DELETE /containers/{id}/files/{file_id}`,
 *   `GET /containers/{id}/files/{file_id}/content`;
 * - `POST /files`, `GET|DELETE /files/{id}`, `GET /files/{id}/content`.
 */
export const CONTAINER_ROUTES: Route[] = [
  {
    pattern: /^\/containers$/,
    methods: {
      POST: (s, ex, _p, body) => createContainer(s, ex, body),
      GET: (s, ex) => {
        const name = single(ex.record.query.name);
        const all = [...s.containers.containers.values()].filter(
          (c) => name === undefined || c.name === name,
        );
        sendPage(ex, all.map(containerJson), 'object');
      },
    },
  },
  {
    pattern: /^\/containers\/([^/]+)$/,
    methods: {
      GET: (s, ex, id) => sendJson(ex, 200, containerJson(s.containers.get(id))),
      DELETE: (s, ex, id) => {
        s.containers.get(id);
        s.containers.containers.delete(id);
        s.sandbox.reset(id);
        sendJson(ex, 200, { id, object: 'container.deleted', deleted: true });
      },
    },
  },
  {
    pattern: /^\/containers\/([^/]+)\/files$/,
    methods: {
      POST: (s, ex, id, body) => createContainerFile(s, ex, id, body),
      GET: (s, ex, id) => {
        const files = [...s.containers.get(id).files.values()].sort((a, b) => a.created_at - b.created_at);
        sendPage(ex, files.map(fileJson), 'object');
      },
    },
    uploads: ['POST'],
  },
  {
    pattern: /^\/containers\/([^/]+)\/files\/([^/]+)$/,
    methods: {
      GET: (s, ex, _p, _b, [id, fileId]) => {
        const container = s.containers.get(id!);
        sendJson(ex, 200, fileJson(s.containers.containerFile(container, fileId!)));
      },
      DELETE: (s, ex, _p, _b, [id, fileId]) => {
        const container = s.containers.get(id!);
        const file = s.containers.containerFile(container, fileId!);
        container.files.delete(file.path);
        sendJson(ex, 200, { id: file.id, object: 'container.file.deleted', deleted: true });
      },
    },
  },
  {
    pattern: /^\/containers\/([^/]+)\/files\/([^/]+)\/content$/,
    methods: {
      GET: (s, ex, _p, _b, [id, fileId]) => {
        const container = s.containers.get(id!);
        sendBytes(ex, s.containers.containerFile(container, fileId!).data);
      },
    },
  },
  {
    pattern: /^\/files$/,
    methods: {
      POST: (s, ex, _p, body) => uploadFile(s, ex, body),
      GET: (s, ex) => {
        // NODE `FileListParams`: `purpose` filters; `limit` 1–10,000, default 10,000.
        const purpose = single(ex.record.query.purpose);
        const files = [...s.containers.files.values()].filter(
          (f) => purpose === undefined || f.purpose === purpose,
        );
        sendPage(ex, files.map(fileJson), 'object', { max: 10_000, fallback: 10_000 });
      },
    },
    uploads: ['POST'],
  },
  {
    pattern: /^\/files\/([^/]+)$/,
    methods: {
      GET: (s, ex, id) => sendJson(ex, 200, fileJson(s.containers.file(id, 'id'))),
      DELETE: (s, ex, id) => {
        s.containers.file(id, 'id');
        s.containers.files.delete(id);
        s.vectorStores.forgetFile(id);
        sendJson(ex, 200, { id, object: 'file', deleted: true });
      },
    },
  },
  {
    pattern: /^\/files\/([^/]+)\/content$/,
    methods: { GET: (s, ex, id) => sendBytes(ex, s.containers.file(id, 'id').data) },
  },
];

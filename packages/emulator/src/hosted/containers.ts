import { randomBytes, randomInt } from 'node:crypto';
import { posix } from 'node:path';
import { invalidType, notFound } from '../wire/errors.js';
import { unixSeconds } from '../wire/ids.js';
import type { JsonObject } from '../wire/wire-types.js';

/** A file uploaded with `POST /files` (`file-…`). */
export interface StoredFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  expires_at: number | null;
  filename: string;
  purpose: string;
  status: 'processed';
  status_details: null;
  /** The content (not part of the wire object). */
  data: Buffer;
}

/** A container file (`cfile_…`): a file under the container's `/mnt/data`. */
export interface ContainerFile {
  id: string;
  object: 'container.file';
  created_at: number;
  bytes: number;
  container_id: string;
  path: string;
  source: 'user' | 'assistant';
  /** The content (not part of the wire object). */
  data: Buffer;
}

/** A container (`cntr_…`) and its files. */
export interface Container {
  id: string;
  object: 'container';
  created_at: number;
  status: 'running';
  expires_after: { anchor: 'last_active_at'; minutes: number };
  last_active_at: number;
  memory_limit: string;
  name: string;
  network_policy?: JsonObject;
  /** Its files by path (not part of the wire object). */
  files: Map<string, ContainerFile>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `cntr_` + 48 hex digits, as in the recordings. */
export function newContainerId(): string {
  return `cntr_${randomBytes(24).toString('hex')}`;
}

/** `cfile_` + 32 hex digits, as in the recordings. */
export function newContainerFileId(): string {
  return `cfile_${randomBytes(16).toString('hex')}`;
}

/** `file-` + 22 letters and digits, like the Files API's ids. */
export function newFileId(): string {
  let out = 'file-';
  for (let i = 0; i < 22; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** The path a file gets in a container: `/mnt/data/<name>` (only the base name is kept). */
export function dataPath(filename: string): string {
  const base = posix.basename(filename.replaceAll('\\', '/')) || 'file';
  return `/mnt/data/${base}`;
}

/**
 * The containers and uploaded files of one emulator.
 *
 * @example
 * import { ContainerStore } from './containers.js';
 * const store = new ContainerStore();
 * const container = store.create({ name: 'scratch' });
 */
export class ContainerStore {
  readonly containers = new Map<string, Container>();
  readonly files = new Map<string, StoredFile>();

  /** Creates a container (`status: "running"`, idle expiry 20 minutes by default). */
  create(options: {
    name: string;
    minutes?: number;
    memoryLimit?: string;
    networkPolicy?: JsonObject;
  }): Container {
    const now = unixSeconds();
    const container: Container = {
      id: newContainerId(),
      object: 'container',
      created_at: now,
      status: 'running',
      expires_after: { anchor: 'last_active_at', minutes: options.minutes ?? 20 },
      last_active_at: now,
      memory_limit: options.memoryLimit ?? '1g',
      name: options.name,
      ...(options.networkPolicy ? { network_policy: options.networkPolicy } : {}),
      files: new Map(),
    };
    this.containers.set(container.id, container);
    return container;
  }

  /**
   * Returns a container.
   *
   * @throws {HttpError} 404 when it is unknown or deleted.
   */
  get(id: string): Container {
    const container = this.containers.get(id);
    if (!container) throw notFound(`No container found with id '${id}'.`, 'container_id');
    return container;
  }

  /**
   * Returns an uploaded file.
   *
   * @throws {HttpError} 404 when it is unknown.
   */
  file(id: string, param = 'file_id'): StoredFile {
    const file = this.files.get(id);
    if (!file) throw notFound(`No such File object: ${id}`, param);
    return file;
  }

  /** Stores a file in a container at `path`, replacing the file at that path (new id). */
  putFile(container: Container, path: string, data: Buffer, source: 'user' | 'assistant'): ContainerFile {
    const file: ContainerFile = {
      id: newContainerFileId(),
      object: 'container.file',
      created_at: unixSeconds(),
      bytes: data.length,
      container_id: container.id,
      path,
      source,
      data,
    };
    container.files.delete(path);
    container.files.set(path, file);
    container.last_active_at = unixSeconds();
    return file;
  }

  /** Returns a container's file by id. @throws {HttpError} 404 when unknown. */
  containerFile(container: Container, fileId: string): ContainerFile {
    for (const file of container.files.values()) if (file.id === fileId) return file;
    throw notFound(`No file found with id '${fileId}' in container '${container.id}'.`, 'file_id');
  }

  /**
   * Validates `file_ids` (of `POST /containers` or a code interpreter tool's auto container) and
   * returns them.
   *
   * @throws {HttpError} 400 for a non-array or a non-string id; 404 for an unknown file.
   */
  checkFileIds(value: unknown, param: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw invalidType(param, 'an array', value);
    return value.map((id: unknown, i) => {
      if (typeof id !== 'string') throw invalidType(`${param}[${i}]`, 'a string', id);
      this.file(id, `${param}[${i}]`);
      return id;
    });
  }

  /** Copies uploaded files (`file-…`) into a container under `/mnt/data`, `source: "user"`. */
  attachFiles(container: Container, fileIds: readonly string[]): void {
    for (const id of fileIds) {
      const file = this.file(id);
      this.putFile(container, dataPath(file.filename), file.data, 'user');
    }
  }

  /** Forgets every container and file. */
  clear(): void {
    this.containers.clear();
    this.files.clear();
  }
}

/** The wire form of a container (without its files). */
export function containerJson(container: Container): JsonObject {
  const { files: _files, ...wire } = container;
  return wire;
}

/** The wire form of a container file or uploaded file (without its content). */
export function fileJson(file: ContainerFile | StoredFile): JsonObject {
  const { data: _data, ...wire } = file;
  return wire;
}

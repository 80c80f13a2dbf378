import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { ResponseOutputItem } from 'openai/resources/responses/responses';
import { clientOf } from '../client/resolve-client.js';
import type { ClientSource } from '../connection/client-source.js';
import { InputError } from '../errors/input-errors.js';
import type { RunResult } from '../run/run-result.js';
import { toApiError } from '../run-errors/run-errors.js';
import { safeFileName } from '../values/safe-file-name.js';

/** A file the code interpreter wrote, as cited in an answer (`container_file_citation`). */
export interface ContainerFile {
  containerId: string;
  fileId: string;
  filename: string;
}

/**
 * The container files the run's answers cite, in order, each once.
 *
 * @example
 * ```ts
 * import { containerFiles, type RunResult, saveContainerFile } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const result: RunResult;
 * for (const file of containerFiles(result)) {
 *   const { path } = await saveContainerFile({ client, ...file, dir: './out' });
 * }
 * ```
 */
export function containerFiles(result: Pick<RunResult, 'items'>): ContainerFile[] {
  const seen = new Map<string, ContainerFile>();
  for (const item of result.items as ResponseOutputItem[]) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type !== 'output_text') continue;
      for (const a of part.annotations) {
        if (a.type === 'container_file_citation' && !seen.has(a.file_id)) {
          seen.set(a.file_id, { containerId: a.container_id, fileId: a.file_id, filename: a.filename });
        }
      }
    }
  }
  return [...seen.values()];
}

/**
 * Downloads a file from a code interpreter container (`GET /containers/{id}/files/{file_id}/content`).
 * To write it to disk, use {@link saveContainerFile}: a citation's `filename` comes from the
 * model and must not be used as a path.
 *
 * @throws {InputError} for ids that are not strings; {@link ApiError} from the service (e.g. 404 once the container expired).
 */
export async function downloadContainerFile(options: {
  client: ClientSource;
  containerId: string;
  fileId: string;
  signal?: AbortSignal;
}): Promise<Uint8Array> {
  if (typeof options?.containerId !== 'string' || typeof options.fileId !== 'string') {
    throw new InputError('downloadContainerFile needs a containerId and a fileId.');
  }
  const client = clientOf(options.client);
  try {
    const response = await client.containers.files.content.retrieve(
      options.fileId,
      { container_id: options.containerId },
      { signal: options.signal },
    );
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw toApiError(error, { client });
  }
}

/**
 * Downloads a container file into the folder `dir`, under the citation's `filename` made safe
 * with {@link safeFileName}: a hostile name (`../../x`, `/etc/passwd`, `C:\\x`, `CON`, a NUL
 * byte) can never put the file anywhere but directly inside `dir`. An existing file of that name
 * is replaced; a symbolic link of that name is refused, not followed. The folder must exist.
 *
 * @returns where the file was written and how many bytes.
 * @throws {InputError} for a missing `dir`, a name with no usable file name in it, or a symbolic
 *   link in the way; {@link ApiError} from the service (e.g. 404 once the container expired).
 *   An abort through `signal` rejects with the client's abort error and writes nothing.
 * @example
 * ```ts
 * import { type Connection, containerFiles, type RunResult, saveContainerFile } from '@turnkit/core';
 * declare const connection: Connection;
 * declare const result: RunResult;
 * for (const file of containerFiles(result)) {
 *   const { path, bytes } = await saveContainerFile({ client: connection, ...file, dir: 'out' });
 *   console.log(`saved ${bytes} bytes to ${path}`);
 * }
 * ```
 */
export async function saveContainerFile(options: {
  client: ClientSource;
  containerId: string;
  fileId: string;
  /** The name to save under (e.g. the citation's `filename`); made safe with {@link safeFileName}. */
  filename: string;
  /** The folder to write into. */
  dir: string;
  signal?: AbortSignal;
}): Promise<{ path: string; bytes: number }> {
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new InputError('saveContainerFile needs `dir`, the folder to write the file into.');
  }
  const name = safeFileName(options.filename);
  const dir = resolve(options.dir);
  const path = join(dir, name);
  if (!path.startsWith(dir + sep)) {
    throw new InputError(`The file name ${JSON.stringify(options.filename)} does not stay inside ${dir}.`);
  }
  const data = await downloadContainerFile(options);
  let file: Awaited<ReturnType<typeof open>>;
  try {
    // O_NOFOLLOW: a symbolic link planted under this name is refused (ELOOP), not written through.
    file = await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0),
      0o644,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new InputError(`${path} is a symbolic link; refusing to write the container file through it.`, {
        cause: error,
      });
    }
    throw error;
  }
  try {
    await file.writeFile(data);
  } finally {
    await file.close();
  }
  return { path, bytes: data.length };
}

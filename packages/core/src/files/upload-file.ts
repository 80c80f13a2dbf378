import { basename } from 'node:path';
import { toFile } from 'openai';
import type { FileObject, FilePurpose } from 'openai/resources/files';
import { clientOf } from '../client/resolve-client.js';
import type { ClientSource } from '../connection/client-source.js';
import { MediaError } from '../errors/media-error.js';
import { readLocal } from '../input/image-input.js';
import { toApiError } from '../run-errors/run-errors.js';

const PURPOSES: readonly FilePurpose[] = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];

/** Options of {@link uploadFile}: a local `path`, or `bytes` with a `filename`. */
export type UploadFileOptions = {
  client: ClientSource;
  /**
   * Default `assistants`: the purpose Azure documents for files used with the Responses API
   * (`user_data` is reported not to work on Azure).
   */
  purpose?: FilePurpose;
  /** Aborting stops the read and the upload, and rejects with the abort reason. */
  signal?: AbortSignal;
} & (
  | { path: string; filename?: string; bytes?: never }
  | { bytes: Uint8Array; filename: string; path?: never }
);

/**
 * Uploads a file through the official client's Files API (`POST /files`, multipart) and returns
 * the file object; pass its `id` to `fileFromId` or `imageFromFileId`.
 *
 * @throws {MediaError} for an unreadable path, missing bytes or file name, or an unknown purpose;
 * {@link ApiError} when the service refuses the upload.
 * @example
 * ```ts
 * import { type Agent, type Connection, fileFromId, uploadFile, userMessage } from '@turnkit/core';
 * declare const connection: Connection;
 * declare const agent: Agent;
 * const file = await uploadFile({ client: connection, path: 'report.pdf' }); // purpose "assistants"
 * await agent.run([userMessage('What does the report conclude?', fileFromId(file.id))]);
 * ```
 */
export async function uploadFile(options: UploadFileOptions): Promise<FileObject> {
  const purpose = options?.purpose ?? 'assistants';
  const source = options?.path ?? options?.filename ?? 'bytes';
  if (!PURPOSES.includes(purpose)) {
    throw new MediaError(
      source,
      `\`purpose\` must be one of ${PURPOSES.join(', ')}, got ${JSON.stringify(purpose)}.`,
    );
  }
  let bytes: Uint8Array;
  let filename: string;
  if (typeof options.path === 'string') {
    bytes = await readLocal(options.path, options.signal);
    filename = options.filename ?? basename(options.path);
  } else {
    if (!(options.bytes instanceof Uint8Array)) {
      throw new MediaError(
        source,
        'uploadFile needs a `path`, or `bytes` (a Buffer or Uint8Array) with a `filename`.',
      );
    }
    if (typeof options.filename !== 'string' || options.filename.trim() === '') {
      throw new MediaError(source, 'uploadFile needs a `filename` for `bytes`, e.g. "report.pdf".');
    }
    bytes = options.bytes;
    filename = options.filename;
  }
  const client = clientOf(options.client);
  try {
    return await client.files.create(
      { file: await toFile(bytes, filename), purpose },
      { signal: options.signal },
    );
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw toApiError(error);
  }
}

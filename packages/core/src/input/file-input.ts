import { basename } from 'node:path';
import type { ResponseInputFile } from 'openai/resources/responses/responses';
import { MediaError } from '../errors/media-error.js';
import { readLocal } from './image-input.js';
import { describeBytes, isPdf } from './media-type.js';

/** Options of the file helpers. */
export interface FileOptions {
  /** How closely the model reads the file: `auto` (the default), `low` or `high`. */
  detail?: 'auto' | 'low' | 'high';
}

function withDetail(
  part: ResponseInputFile,
  options: FileOptions | undefined,
  source: string,
): ResponseInputFile {
  const detail = options?.detail;
  if (detail === undefined) return part;
  if (!['auto', 'low', 'high'].includes(detail)) {
    throw new MediaError(
      source,
      `\`detail\` must be "auto", "low" or "high", got ${JSON.stringify(detail)}.`,
    );
  }
  return { ...part, detail };
}

/**
 * An `input_file` part carrying a PDF inline: `file_data` is the PDF as a base64
 * `data:application/pdf;base64,…` URL (the form the service accepts; bare base64 is refused) and
 * `filename` names it.
 *
 * @throws {MediaError} for bytes that are not a PDF, or a missing file name.
 * @example
 * ```ts
 * import { pdfFromBytes } from '@turnkit/core';
 * declare function renderInvoice(): Promise<Uint8Array>;
 * const part = pdfFromBytes(await renderInvoice(), 'invoice.pdf');
 * ```
 * @see https://platform.openai.com/docs/guides/pdf-files
 */
export function pdfFromBytes(bytes: Uint8Array, filename: string, options?: FileOptions): ResponseInputFile {
  if (typeof filename !== 'string' || filename.trim() === '') {
    throw new MediaError('bytes', 'pdfFromBytes needs a file name, e.g. "report.pdf": the model sees it.');
  }
  if (!(bytes instanceof Uint8Array) || !isPdf(bytes)) {
    throw new MediaError(
      filename,
      `${filename} is ${bytes instanceof Uint8Array ? describeBytes(bytes) : 'not bytes'}, not a PDF (a PDF starts with %PDF-).`,
    );
  }
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return withDetail(
    { type: 'input_file', filename, file_data: `data:application/pdf;base64,${base64}` },
    options,
    filename,
  );
}

/**
 * Reads a local PDF into an `input_file` part (see {@link pdfFromBytes}); the file name sent is
 * the path's last segment unless `filename` is given. Aborting `signal` stops the read.
 *
 * @throws {MediaError} for a file that cannot be read or is not a PDF.
 * @example
 * ```ts
 * import { type Agent, pdfFromFile, userMessage } from '@turnkit/core';
 * declare const agent: Agent;
 * await agent.run([userMessage('Summarise this report.', await pdfFromFile('q3-report.pdf'))]);
 * ```
 */
export async function pdfFromFile(
  path: string,
  options?: FileOptions & { filename?: string; signal?: AbortSignal },
): Promise<ResponseInputFile> {
  const bytes = await readLocal(path, options?.signal);
  if (!isPdf(bytes))
    throw new MediaError(path, `"${path}" is ${describeBytes(bytes)}, not a PDF (a PDF starts with %PDF-).`);
  return pdfFromBytes(bytes, options?.filename ?? basename(path), options);
}

/**
 * An `input_file` part for a file uploaded with the Files API (see `uploadFile`; on Azure upload
 * PDFs with purpose `assistants`).
 *
 * @throws {MediaError} for an id that is not a string.
 * @example
 * ```ts
 * import { fileFromId, uploadFile } from '@turnkit/core';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * const file = await uploadFile({ client, path: 'contract.pdf' });
 * const part = fileFromId(file.id);
 * ```
 */
export function fileFromId(fileId: string, options?: FileOptions): ResponseInputFile {
  if (typeof fileId !== 'string' || fileId === '') {
    throw new MediaError(String(fileId), 'fileFromId needs a file id such as "file-…".');
  }
  return withDetail({ type: 'input_file', file_id: fileId }, options, fileId);
}

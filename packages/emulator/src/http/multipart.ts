import { invalidRequest } from '../wire/errors.js';

/** One uploaded file of a `multipart/form-data` body. */
export interface UploadedPart {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * A parsed `multipart/form-data` request body: its text fields and its files. Handlers receive it
 * instead of a JSON body.
 *
 * @example
 * import { MultipartBody } from './multipart.js';
 * declare const body: unknown; // a parsed request body
 * if (body instanceof MultipartBody) body.files.get('file')?.data;
 */
export class MultipartBody {
  constructor(
    readonly fields: ReadonlyMap<string, string>,
    readonly files: ReadonlyMap<string, UploadedPart>,
  ) {}

  /** A JSON summary for `emulator.requests`: the fields, and each file's name, type and size. */
  toRecord(): Record<string, unknown> {
    const record: Record<string, unknown> = Object.fromEntries(this.fields);
    for (const [name, file] of this.files) {
      record[name] = { filename: file.filename, content_type: file.contentType, bytes: file.data.length };
    }
    return record;
  }
}

/** Tells whether a `content-type` header is `multipart/form-data`. */
export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data/i.test(contentType ?? '');
}

/**
 * Parses a `multipart/form-data` body (with the platform's own parser).
 *
 * @throws {HttpError} 400 when the body is not valid multipart data.
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import { parseMultipart } from './multipart.js';
 * import { readBody } from './request-body.js';
 * declare const req: IncomingMessage; // a POST /files request
 * readBody(
 *   req,
 *   64 * 1024 * 1024,
 *   async (bytes) => {
 *     const body = await parseMultipart(bytes, req.headers['content-type'] ?? '');
 *     console.log([...body.fields.keys()]);
 *   },
 *   (error) => console.error(error.message),
 * );
 */
export async function parseMultipart(bytes: Buffer, contentType: string): Promise<MultipartBody> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw invalidRequest('Could not parse multipart form data: the body is not valid multipart/form-data.');
  }
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedPart>();
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.set(name, value);
    else {
      files.set(name, {
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return new MultipartBody(fields, files);
}

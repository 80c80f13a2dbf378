/**
 * An image or file part of a request's input, as the model sees it: where it is, where its bytes
 * came from, and what they are (read from the bytes when the emulator has them).
 *
 * @example
 * import type { Attachment } from '@turnkit/emulator';
 * const a: Attachment = { item: 0, callId: null, kind: 'image', source: 'data_url', url: null, fileId: null, filename: null, mime: 'image/png', bytes: 68, width: 1, height: 1, pages: null, text: null, detail: 'auto' };
 */
export interface Attachment {
  /** Index of the input item that holds it (`input[item]`). */
  item: number;
  /** The `call_id` when it is part of a `function_call_output`, else `null`. */
  callId: string | null;
  kind: 'image' | 'file';
  /** A base64 `data:` URL (`image_url` or `file_data`), an `http(s)` URL, or an uploaded file. */
  source: 'data_url' | 'url' | 'file_id';
  /** The `http(s)` URL (`source: "url"`; the emulator does not fetch it). */
  url: string | null;
  fileId: string | null;
  /** The part's `filename`, or the uploaded file's. */
  filename: string | null;
  /** The media type read from the bytes (images) or declared by the data URL / upload; `null` when unknown. */
  mime: string | null;
  /** Size in bytes, when the emulator has the bytes. */
  bytes: number | null;
  width: number | null;
  height: number | null;
  /** Page count, for a PDF. */
  pages: number | null;
  /** The text a PDF shows, for a PDF. */
  text: string | null;
  /** The part's `detail` (default `auto`). */
  detail: string;
}

/**
 * How the default model reports an attachment it was sent, e.g.
 * `an image (image/png, 64x32 pixels, detail auto)` or
 * `a file report.pdf (application/pdf, 2 pages, text: "Hello")`.
 *
 * @example
 * import { type Attachment, describeAttachment } from './attachments.js';
 * const attachment: Attachment = { item: 0, callId: null, kind: 'image', source: 'data_url', url: null, fileId: null, filename: null, mime: 'image/png', bytes: 68, width: 1, height: 1, pages: null, text: null, detail: 'auto' };
 * describeAttachment(attachment); // 'an image (image/png, 1x1 pixels, detail auto)'
 */
export function describeAttachment(a: Attachment): string {
  if (a.source === 'url') {
    return `${a.kind === 'image' ? 'an image' : 'a file'} at ${a.url} (not fetched: the emulator has no network)`;
  }
  const facts: string[] = [];
  if (a.mime) facts.push(a.mime);
  if (a.width !== null && a.height !== null) facts.push(`${a.width}x${a.height} pixels`);
  if (a.pages !== null) facts.push(`${a.pages} page${a.pages === 1 ? '' : 's'}`);
  if (a.bytes !== null && a.width === null && a.pages === null) facts.push(`${a.bytes} bytes`);
  if (a.kind === 'image') facts.push(`detail ${a.detail}`);
  if (a.fileId) facts.push(`uploaded as ${a.fileId}`);
  if (a.text !== null) facts.push(`text: "${a.text}"`);
  const what = a.kind === 'image' ? 'an image' : `a file${a.filename ? ` ${a.filename}` : ''}`;
  return `${what} (${facts.join(', ')})`;
}

/**
 * A `data:` URL taken apart: the media type, whether it is base64, and the decoded bytes.
 * `problem` says why it is not a usable base64 data URL, when it is not one.
 */
export type DataUrl =
  | { ok: true; mime: string; bytes: Buffer }
  | { ok: false; problem: 'not_data_url' | 'not_base64' | 'invalid_base64' | 'empty'; mime: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Parses a `data:[<mediatype>][;base64],<data>` URL (RFC 2397) whose data is base64. The media
 * type is lower-cased and stripped of parameters (`image/png;charset=x` → `image/png`).
 *
 * @example
 * import { parseDataUrl } from './data-url.js';
 * parseDataUrl('data:image/png;base64,iVBORw0KGgo='); // { ok: true, mime: 'image/png', bytes: <Buffer 89 50 …> }
 */
export function parseDataUrl(url: string): DataUrl {
  const match = /^data:([^,]*),(.*)$/s.exec(url);
  if (!match) return { ok: false, problem: 'not_data_url', mime: '' };
  const params = match[1]!.split(';').map((p) => p.trim());
  const mime = (params[0] ?? '').toLowerCase();
  if (!params.slice(1).some((p) => p.toLowerCase() === 'base64'))
    return { ok: false, problem: 'not_base64', mime };
  const data = match[2]!.replace(/\s+/g, '');
  if (data === '') return { ok: false, problem: 'empty', mime };
  if (!BASE64.test(data) || data.length % 4 === 1) return { ok: false, problem: 'invalid_base64', mime };
  return { ok: true, mime, bytes: Buffer.from(data, 'base64') };
}

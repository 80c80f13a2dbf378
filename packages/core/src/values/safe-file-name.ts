import { InputError } from '../errors/input-errors.js';

/** Device names Windows reserves in every folder, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Characters no file name may hold on some system: controls (NUL included) and Windows' `<>:"|?*`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const UNSAFE = /[\u0000-\u001f\u007f<>:"|?*]/g;
const MAX_BYTES = 255;

/**
 * Turns a file name that came from elsewhere (a model's `container_file_citation`, an upload)
 * into one that is safe to create inside a folder of yours, on any system:
 * - only the last path segment is kept (`../../x` → `x`, `/etc/passwd` → `passwd`,
 *   `C:\Windows\win.ini` → `win.ini`): both `/` and `\` separate segments;
 * - control characters (NUL included) and `<>:"|?*` become `_`;
 * - leading spaces and trailing dots and spaces go (Windows drops them, so `x.` would be `x`);
 * - Windows device names (`CON`, `nul.txt`, `LPT1`…) get a `_` prefix;
 * - the name is cut to 255 UTF-8 bytes, keeping its extension.
 *
 * It never returns a path, `.` or `..`, so `join(dir, safeFileName(name))` stays inside `dir`.
 *
 * @throws {InputError} when nothing usable remains (`""`, `.`, `..`, `x/..`, `/`), or for a non-string.
 * @example
 * ```ts
 * import { safeFileName } from '@turnkit/core';
 * safeFileName('../../etc/cron.d/job'); // 'job'
 * safeFileName('report?.csv');          // 'report_.csv'
 * ```
 */
export function safeFileName(name: string): string {
  if (typeof name !== 'string') {
    throw new InputError(`A file name must be a string, got ${typeof name}.`);
  }
  const last = name.split(/[/\\]/).at(-1)!;
  const trim = (text: string) => text.replace(/^ +/, '').replace(/[. ]+$/, '');
  let safe = trim(last.replace(UNSAFE, '_'));
  if (trim(last.replace(UNSAFE, '')) === '') {
    throw new InputError(
      `The file name ${JSON.stringify(name)} has no usable file name in it; name the file yourself.`,
    );
  }
  if (RESERVED.test(safe)) safe = `_${safe}`;
  return truncate(safe);
}

/** Cuts a name to {@link MAX_BYTES} UTF-8 bytes, keeping a short extension and whole code points. */
function truncate(name: string): string {
  if (Buffer.byteLength(name) <= MAX_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let room = MAX_BYTES - Buffer.byteLength(ext);
  let stem = '';
  for (const char of name.slice(0, name.length - ext.length)) {
    room -= Buffer.byteLength(char);
    if (room < 0) break;
    stem += char;
  }
  return `${stem}${ext}`;
}

/**
 * Writes a JSON value the way Python's `repr` writes the parsed value, which is how the real
 * service quotes values in its JSON Schema errors (`'strin' is not valid under any of the given
 * schemas`, `[] is not of type 'object', 'boolean'`): strings in single quotes, `True`, `False`,
 * `None`, lists in brackets, dicts as `{'key': value}`.
 *
 * @example
 * import { pythonRepr } from './python-repr.js';
 * pythonRepr({ type: 'strin', enum: [1, null] }); // "{'type': 'strin', 'enum': [1, None]}"
 */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'nan';
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char.charCodeAt(0) < 0x20) out += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${quote}${out}${quote}`;
}

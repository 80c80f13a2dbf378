/** Appends a key to a dotted JSON path: `properties.city`, `properties["a b"]`, `anyOf[1]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Turns a path from a zod issue (`['stops', 2, 'name']`) into `stops[2].name`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out = joinPath(out, typeof key === 'symbol' ? String(key) : key);
  return out;
}

/** How a path reads in a message: the path, or `(root)` for the top level. */
export function showPath(path: string): string {
  return path === '' ? '(root)' : path;
}

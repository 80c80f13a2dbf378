// Removes from a package's dist/ what its sources no longer produce: the outputs of a file that
// was moved or deleted, which tsc leaves behind and `pnpm pack` would ship (with source maps that
// point at nothing). Each package's build runs it after tsc, from the package folder.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUT = /\.(d\.ts\.map|js\.map|d\.ts|js)$/;

/** Prunes dist/<rel>; returns whether the folder is empty afterwards. */
function prune(rel) {
  let left = 0;
  for (const entry of readdirSync(join('dist', rel), { withFileTypes: true })) {
    const path = join(rel, entry.name);
    if (entry.isDirectory()) {
      if (prune(path)) rmSync(join('dist', path), { recursive: true });
      else left++;
    } else if (OUTPUT.test(entry.name) && !existsSync(join('src', path.replace(OUTPUT, '.ts')))) {
      rmSync(join('dist', path));
    } else {
      left++;
    }
  }
  return left === 0;
}

if (existsSync('dist')) prune('');

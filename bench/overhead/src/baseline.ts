// A saved build of @turnkit/core and @turnkit/tools ("the baseline"), so that one process can load
// it beside the current build and time both, run by run (`--vs-baseline`, see compare.ts).
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Core from '@turnkit/core';
import type * as Tools from '@turnkit/tools';
import { BenchUsageError, measuredCommit } from '../../common/bench-utils.ts';

/** Where the baseline lives unless told otherwise (ignored by git). */
export const BASELINE_DIR = fileURLToPath(new URL('../baseline/', import.meta.url));

/** What was saved, and when. */
export interface BaselineInfo {
  commit: string | null;
  packagesDirty: boolean | null;
  savedAt: string;
}

/** A loaded baseline: its two packages and what it was saved from. */
export interface Baseline {
  core: typeof Core;
  tools: typeof Tools;
  info: BaselineInfo;
}

function packageDir(name: string): string {
  return dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)));
}

/**
 * The `.js` files under `dir`, not following links: the copies link to their packages'
 * `node_modules`, whose files (the workspace's own builds among them) must never be rewritten.
 */
function jsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) files.push(...jsFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.js')) files.push(path);
  }
  return files;
}

/**
 * Copies the built `dist/` of @turnkit/core and @turnkit/tools into `dir`. The copy
 * of core imports the copy of tools; every other import resolves from the package's own
 * dependencies (a `node_modules` link). Build first: this copies what `dist/` holds now.
 * @throws {BenchUsageError} when a package has no build, or `dir` holds something else than a baseline.
 */
export function saveBaseline(dir: string = BASELINE_DIR): BaselineInfo {
  const core = packageDir('@turnkit/core');
  const tools = packageDir('@turnkit/tools');
  for (const built of [core, tools]) {
    if (!existsSync(join(built, 'dist', 'index.js'))) {
      throw new BenchUsageError(`${built} has no build: run \`pnpm exec turbo run build\` first.`);
    }
  }
  // Only a baseline (or nothing) is replaced: a directory given by mistake is never emptied.
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, 'baseline.json'))) {
    throw new BenchUsageError(`${dir} is not empty and holds no baseline: give a new or empty directory.`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, from] of [
    ['core', core],
    ['tools', tools],
  ] as const) {
    const target = join(dir, name);
    cpSync(join(from, 'dist'), target, { recursive: true, filter: (source) => !source.endsWith('.map') });
    symlinkSync(join(from, 'node_modules'), join(target, 'node_modules'), 'dir');
  }
  const toolsIndex = join(dir, 'tools', 'index.js');
  for (const file of jsFiles(join(dir, 'core'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes("'@turnkit/tools'")) continue;
    let path = relative(dirname(file), toolsIndex);
    if (!path.startsWith('.')) path = `./${path}`;
    writeFileSync(file, text.replaceAll("'@turnkit/tools'", `'${path}'`));
  }
  const measured = measuredCommit();
  const info: BaselineInfo = {
    commit: measured?.commit ?? null,
    packagesDirty: measured?.packagesDirty ?? null,
    savedAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'baseline.json'), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/**
 * Loads the baseline saved in `dir`.
 * @throws {BenchUsageError} when none was saved.
 */
export async function loadBaseline(dir: string = BASELINE_DIR): Promise<Baseline> {
  const infoFile = join(dir, 'baseline.json');
  if (!existsSync(infoFile)) {
    throw new BenchUsageError(
      `No baseline saved in ${dir}: build the code to compare against, then \`npm run bench -- overhead --save-baseline\`.`,
    );
  }
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as BaselineInfo;
  const core = (await import(pathToFileURL(join(dir, 'core', 'index.js')).href)) as typeof Core;
  const tools = (await import(pathToFileURL(join(dir, 'tools', 'index.js')).href)) as typeof Tools;
  return { core, tools, info };
}

// Every TSDoc `@example` of the workspace's sources (packages/<name>/src and examples/<name>/src),
// type-checked in one TypeScript program with the repository's strict settings (see
// check-examples.ts, and the convention in docs/contributing.md). A failure names the file, the
// line of the @example and the compiler's message.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { checkExamples, formatFailures, workspacePackages } from './check-examples.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('every @example in the packages and examples compiles against the package and module it documents', async () => {
  const { packages, sources } = await workspacePackages(ROOT);
  expect(sources.some((s) => s.file.includes(join('packages', 'core', 'src')))).toBe(true);
  expect(sources.some((s) => s.file.includes(join('examples', 'weather', 'src')))).toBe(true);
  let tags = 0;
  for (const { file } of sources)
    tags += (await readFile(file, 'utf8')).match(/^\s*\*\s*@example(\s|$)/gm)?.length ?? 0;
  const workDir = await mkdtemp(join(tmpdir(), 'turnkit-tsdoc-examples-'));
  const result = await checkExamples({ root: ROOT, packages, sources, workDir });
  console.info(
    `tsdoc-examples: ${result.checked} examples in ${sources.length} files type-checked in one program in ${Math.round(result.compileMs)} ms`,
  );
  // Each tag is either checked or reported as refused: none is skipped.
  const refused = result.failures.filter((f) => f.message.startsWith('not an example')).length;
  expect(result.checked + refused).toBe(tags);
  if (result.failures.length > 0) {
    const examples = new Set(result.failures.map((f) => `${f.file}:${f.exampleLine}`)).size;
    throw new Error(
      `${examples} of ${tags} TSDoc examples do not compile:\n${formatFailures(result.failures)}\n\n` +
        "An example imports what it uses (`@turnkit/<name>` for the public API, './file.js' for the " +
        'module it documents) and `declare`s the values it assumes: see docs/contributing.md, ' +
        `"Examples in TSDoc". Each example was written to ${workDir} as <file>.example-<line>.mts.`,
    );
  }
  await rm(workDir, { recursive: true, force: true });
});

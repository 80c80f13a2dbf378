import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExamples, type ExampleCheck, formatFailures } from './check-examples.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/documented.ts', import.meta.url));

let workDir: string;
let result: ExampleCheck;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'turnkit-tsdoc-check-'));
  const packages = new Map([['@turnkit/tools', join(ROOT, 'packages/tools/src/index.ts')]]);
  result = await checkExamples({ root: ROOT, packages, sources: [{ file: FIXTURE }], workDir });
});

afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('checkExamples', () => {
  it('type-checks each example as a module beside the file it documents', () => {
    expect(result.checked).toBe(3);
    // The first example imports './documented.js' and compiles: no failure names its line.
    expect(result.failures.some((f) => f.exampleLine === 7)).toBe(false);
  });

  it('names the file, the line of the @example, the line of the fault and the compiler message', () => {
    expect(result.failures).toContainEqual({
      file: 'test/tsdoc-examples/fixtures/documented.ts',
      exampleLine: 20,
      line: 22,
      message: "TS2304: Cannot find name 'total'.",
    });
    expect(formatFailures(result.failures)).toContain(
      "test/tsdoc-examples/fixtures/documented.ts:22 (@example at line 20): TS2304: Cannot find name 'total'.",
    );
  });

  it('resolves @turnkit packages to their public API and checks the example against it', () => {
    expect(result.failures).toContainEqual({
      file: 'test/tsdoc-examples/fixtures/documented.ts',
      exampleLine: 31,
      line: 36,
      message: "TS2322: Type 'string' is not assignable to type 'number'.",
    });
    expect(result.failures).toHaveLength(2);
  });

  it('writes each example into the work folder as it was written, adding nothing', async () => {
    const written = await readFile(
      join(workDir, 'test/tsdoc-examples/fixtures/documented.example-20.mts'),
      'utf8',
    );
    expect(written).toBe("import { half } from './documented.js';\nhalf(total);\n");
  });
});

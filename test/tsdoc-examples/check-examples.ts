// Type-checks TSDoc `@example`s: each one is written out as a module of its own, and all of them are
// checked in one TypeScript program with the repository's compiler settings (tsconfig.base.json).
// An example is checked as if it were a module beside the file it documents: its imports resolve
// from that file's folder (`./final-text.js` is the documented module, `zod` the package's own
// dependency), and `@turnkit/<name>` is that package's public API (its src/index.ts). Nothing is
// added to an example: what it uses, it imports or declares (docs/contributing.md).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { type ExtractedExample, extractExamples, type RefusedExample } from './extract-examples.ts';

/** A source file whose examples are checked. */
export interface SourceToCheck {
  /** Absolute path of the `.ts` file. */
  file: string;
}

/** An example the compiler rejects, or one the extraction rule refuses. */
export interface ExampleFailure {
  /** The documented file, relative to the repository root. */
  file: string;
  /** The line of the `@example` tag. */
  exampleLine: number;
  /** The line in `file` the message is about. */
  line: number;
  message: string;
}

/** The outcome of {@link checkExamples}. */
export interface ExampleCheck {
  /** How many examples were type-checked. */
  checked: number;
  failures: ExampleFailure[];
  /** How long the one program took to build and check, in milliseconds. */
  compileMs: number;
}

export interface CheckOptions {
  /** The repository root (holds tsconfig.base.json); paths in failures are relative to it. */
  root: string;
  sources: readonly SourceToCheck[];
  /** `@turnkit/<name>` → the absolute path of that package's src/index.ts. */
  packages: ReadonlyMap<string, string>;
  /** An empty folder: the examples are written there, one module each. */
  workDir: string;
}

interface WrittenExample {
  source: string;
  example: ExtractedExample;
  /** The module written for it. */
  path: string;
}

/** Every non-test `.ts` file under `src` (absolute paths, sorted). */
async function sourceFiles(src: string): Promise<SourceToCheck[]> {
  const files = (await readdir(src, { recursive: true })) as string[];
  return files
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.test(-d)?\.ts$/.test(name))
    .sort()
    .map((name) => ({ file: join(src, name) }));
}

/** The folders of `parent` that hold a `src` folder (`packages/core`, `examples/weather`, …), sorted. */
async function projectsIn(parent: string): Promise<string[]> {
  const entries = await readdir(parent, { withFileTypes: true });
  const dirs: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const src = await readdir(join(parent, entry.name)).then((names) => names.includes('src'));
    if (src) dirs.push(join(parent, entry.name));
  }
  return dirs.sort();
}

/**
 * The packages of the workspace (name → src/index.ts), and the sources whose examples are checked:
 * every non-test `.ts` file of each package's `src` and each example's (`examples/weather/src`, …).
 */
export async function workspacePackages(
  root: string,
): Promise<{ packages: Map<string, string>; sources: SourceToCheck[] }> {
  const packages = new Map<string, string>();
  const sources: SourceToCheck[] = [];
  for (const dir of await projectsIn(join(root, 'packages'))) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name: string };
    packages.set(manifest.name, join(dir, 'src', 'index.ts'));
    sources.push(...(await sourceFiles(join(dir, 'src'))));
  }
  for (const dir of await projectsIn(join(root, 'examples')))
    sources.push(...(await sourceFiles(join(dir, 'src'))));
  return { packages, sources };
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.base.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  return {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    // Every example is a module of its own, with or without an import.
    moduleDetection: ts.ModuleDetectionKind.Force,
    // The packages' sources are type-checked by their own typecheck; here only the examples are.
    skipLibCheck: true,
  };
}

/**
 * Writes every example of `sources` into `workDir` and type-checks them all in one program.
 * Refused examples (see extract-examples.ts) are failures too.
 */
export async function checkExamples(options: CheckOptions): Promise<ExampleCheck> {
  const { root, workDir } = options;
  const failures: ExampleFailure[] = [];
  const written: WrittenExample[] = [];
  const documentedBy = new Map<string, string>();
  for (const { file } of options.sources) {
    const { examples, refused } = extractExamples(file, await readFile(file, 'utf8'));
    const rel = relative(root, file);
    for (const r of refused as RefusedExample[]) {
      failures.push({
        file: rel,
        exampleLine: r.line,
        line: r.line,
        message: `not an example the rule reads: ${r.reason}`,
      });
    }
    for (const example of examples) {
      const path = join(workDir, `${rel.replace(/\.ts$/, '')}.example-${example.line}.mts`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${example.code}\n`);
      written.push({ source: file, example, path });
      documentedBy.set(path, file);
    }
  }

  const started = performance.now();
  const compilerOpts = compilerOptions(root);
  const host = ts.createCompilerHost(compilerOpts, true);
  const cache = ts.createModuleResolutionCache(root, (name) => name, compilerOpts);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, containingSourceFile) => {
    const documented = documentedBy.get(containingFile);
    return literals.map((literal) => {
      const own = options.packages.get(literal.text);
      if (own) return { resolvedModule: { resolvedFileName: own, extension: ts.Extension.Ts } };
      const mode = documented
        ? ts.ModuleKind.ESNext
        : ts.getModeForUsageLocation(containingSourceFile, literal, opts);
      return ts.resolveModuleName(
        literal.text,
        documented ?? containingFile,
        opts,
        host,
        cache,
        redirected,
        mode,
      );
    });
  };
  const program = ts.createProgram({ rootNames: written.map((w) => w.path), options: compilerOpts, host });
  for (const diagnostic of program.getGlobalDiagnostics()) {
    failures.push({ file: '(program)', exampleLine: 0, line: 0, message: flatten(diagnostic) });
  }
  for (const w of written) {
    const file = program.getSourceFile(w.path);
    if (!file) throw new Error(`${w.path} is missing from the program`);
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    for (const diagnostic of diagnostics) {
      const at =
        diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line;
      failures.push({
        file: relative(root, w.source),
        exampleLine: w.example.line,
        line: w.example.sourceLines[at] ?? w.example.line,
        message: flatten(diagnostic),
      });
    }
  }
  return { checked: written.length, failures, compileMs: performance.now() - started };
}

function flatten(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')}`;
}

/** One line per failure: `file:line (@example at line N): TSxxxx: message`. */
export function formatFailures(failures: readonly ExampleFailure[]): string {
  return failures
    .map((f) => `${f.file}:${f.line} (@example at line ${f.exampleLine}): ${f.message}`)
    .join('\n');
}

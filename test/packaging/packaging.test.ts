// The packages as a user gets them: packed the way they are published (`pnpm pack`, which writes
// real versions where the workspace says `workspace:`), checked for what each tarball holds, then
// installed from the tarballs into a new project with npm and with pnpm, with a small app
// (app/src) compiled against them by this repository's TypeScript (strict, skipLibCheck: false)
// and run offline against the embedded emulator. Installing reaches the npm registry for the
// third-party packages; the npm cache and the pnpm store make every run after the first one fast.
import { type SpawnOptions, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = fileURLToPath(new URL('./app', import.meta.url));
// Every published package is packed and checked; the app below installs all but restate and computer
// (they pull a Restate server binary and Playwright: their own tests run them from the workspace).
const PACKAGES = ['tools', 'core', 'mcp', 'emulator', 'cli', 'restate', 'computer'] as const;
type PackageDir = (typeof PACKAGES)[number];
const require = createRequire(import.meta.url);

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
}

interface Packed {
  /** The .tgz as `pnpm pack` wrote it. */
  tarball: string;
  /** Where it was extracted (the tarball's `package/` folder). */
  root: string;
  /** Every file in it, relative to `root`, with `/` separators. */
  files: string[];
  manifest: Manifest;
}

interface RunOutput {
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; rejects with its output when it exits non-zero. */
function exec(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<RunOutput> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', (error) => fail(new Error(`could not start ${command}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) done({ stdout, stderr });
      else fail(new Error(`${command} ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
    });
  });
}

/**
 * The environment for the package managers and the app: this process's, without the settings the
 * outer pnpm/npm run passes down (npm_config_*, npm_package_*, …) and without AZURE_*, so the app
 * runs offline. A registry, cache or store the user chose is kept.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_store_dir']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (keep.has(lower)) env[key] = value;
    else if (lower.startsWith('npm_') || lower.startsWith('pnpm_') || key.startsWith('AZURE_')) continue;
    // scripts/dev.sh's own variable (the folder it was typed in): a user's shell has none.
    else if (key === 'TURNKIT_CALLER_CWD') continue;
    else env[key] = value;
  }
  return env;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * The version of `name` that this repository installed for one of its packages (`from`, e.g.
 * `packages/mcp`), so the app gets the same one, from the store or the cache.
 */
async function installedVersion(name: string, from: string): Promise<string> {
  const path = join(ROOT, from, 'node_modules', name, 'package.json');
  return (JSON.parse(await readFile(path, 'utf8')) as Manifest).version;
}

let work: string;
const packed = {} as Record<PackageDir, Packed>;

beforeAll(async () => {
  for (const dir of PACKAGES) {
    const dist = join(ROOT, 'packages', dir, 'dist', 'index.js');
    await readFile(dist).catch(() => {
      throw new Error(`${dist} is missing: build first (bash scripts/dev.sh test builds, then tests)`);
    });
  }
  work = await mkdtemp(join(tmpdir(), 'turnkit-packaging-'));
  const tarballs = join(work, 'tarballs');
  // One pnpm for all four (a pnpm start per package costs more than the packing).
  const filters = PACKAGES.flatMap((dir) => ['--filter', `./packages/${dir}`]);
  const { stdout } = await exec('pnpm', [...filters, 'pack', '--json', '--pack-destination', tarballs], {
    cwd: ROOT,
    env: cleanEnv(),
  });
  const results = JSON.parse(stdout) as Array<{ name: string; filename: string }>;
  await Promise.all(
    PACKAGES.map(async (dir) => {
      const result = results.find((entry) => entry.name === `@turnkit/${dir}`);
      if (!result) throw new Error(`pnpm pack wrote no tarball for @turnkit/${dir}:\n${stdout}`);
      const tarball = resolve(tarballs, result.filename);
      const into = join(work, 'unpacked', dir);
      await mkdir(into, { recursive: true });
      await exec('tar', ['-xzf', tarball, '-C', into]);
      const root = join(into, 'package');
      const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Manifest;
      packed[dir] = { tarball, root, files: await listFiles(root), manifest };
    }),
  );
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it('each hold the repository LICENSE, byte for byte', async () => {
    const license = await readFile(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    for (const dir of PACKAGES) {
      expect(await readFile(join(packed[dir].root, 'LICENSE'), 'utf8'), dir).toBe(license);
    }
  });

  it('name only versions a registry can resolve, never a workspace: range', () => {
    for (const dir of PACKAGES) {
      const { dependencies = {}, peerDependencies = {}, optionalDependencies = {} } = packed[dir].manifest;
      for (const [name, range] of Object.entries({
        ...dependencies,
        ...peerDependencies,
        ...optionalDependencies,
      })) {
        expect(range, `${dir}: ${name}`).not.toMatch(/^(workspace|file|link):/);
      }
    }
  });

  it('declare zod as the same peer everywhere and @turnkit/tools as a peer of the packages built on it', () => {
    for (const dir of PACKAGES) {
      const { dependencies = {}, peerDependencies = {} } = packed[dir].manifest;
      expect(peerDependencies.zod, dir).toBe('^4.1.0');
      expect(dependencies.zod, dir).toBeUndefined();
    }
    const toolsRange = `^${packed.tools.manifest.version}`;
    for (const dir of ['core', 'mcp', 'cli', 'restate', 'computer'] as const) {
      expect(packed[dir].manifest.peerDependencies?.['@turnkit/tools'], dir).toBe(toolsRange);
      expect(packed[dir].manifest.dependencies?.['@turnkit/tools'], dir).toBeUndefined();
    }
  });

  it("make @turnkit/emulator an optional peer of core, the cli a peer of the app's turnkit, and depend on no turnkit package", () => {
    const core = packed.core.manifest;
    expect(core.peerDependencies?.['@turnkit/emulator']).toBe(`^${packed.emulator.manifest.version}`);
    expect(core.peerDependenciesMeta?.['@turnkit/emulator']?.optional).toBe(true);
    // `turnkit run` loads the app's agent module: one @turnkit/core, the app's, for both (so its
    // errors are the cli's errors), and the emulator it runs offline against (not optional).
    const cli = packed.cli.manifest;
    expect(cli.peerDependencies?.['@turnkit/core']).toBe(`^${packed.core.manifest.version}`);
    expect(cli.peerDependencies?.['@turnkit/emulator']).toBe(`^${packed.emulator.manifest.version}`);
    expect(cli.peerDependenciesMeta).toBeUndefined();
    for (const dir of PACKAGES) {
      const turnkitDeps = Object.keys(packed[dir].manifest.dependencies ?? {}).filter((name) =>
        name.startsWith('@turnkit/'),
      );
      expect(turnkitDeps, dir).toEqual([]);
    }
  });

  it('ship every source file their source maps point at, and no output without a source', async () => {
    for (const dir of PACKAGES) {
      const { root, files } = packed[dir];
      const shipped = new Set(files);
      const outputs = files.filter((file) => file.startsWith('dist/') && /\.(js|d\.ts)$/.test(file));
      expect(outputs.length, dir).toBeGreaterThan(0);
      // A build output whose source is gone: the build prunes these (scripts/prune-dist.mjs), but a
      // turbo cache hit restores outputs over an old dist/ without pruning.
      const orphans = outputs.filter(
        (file) => !shipped.has(file.replace(/^dist\//, 'src/').replace(/(\.d)?\.ts$|\.js$/, '.ts')),
      );
      expect(
        orphans,
        `${dir}: outputs of deleted sources (delete packages/${dir}/dist and build again)`,
      ).toEqual([]);
      for (const output of outputs) {
        const map = `${output}.map`;
        expect(shipped.has(map), `${dir}: ${map}`).toBe(true);
        const { sources } = JSON.parse(await readFile(join(root, map), 'utf8')) as { sources: string[] };
        expect(sources.length, `${dir}: ${map}`).toBeGreaterThan(0);
        for (const source of sources) {
          const target = relative(root, resolve(root, dirname(map), source))
            .split('\\')
            .join('/');
          expect(shipped.has(target), `${dir}: ${map} points at ${source}`).toBe(true);
        }
      }
      expect(
        files.filter((file) => /(^|\/)test\//.test(file) || file.endsWith('.tsbuildinfo')),
        dir,
      ).toEqual([]);
    }
  });

  it('have READMEs that link to nothing outside the package', async () => {
    for (const dir of PACKAGES) {
      const readme = await readFile(join(packed[dir].root, 'README.md'), 'utf8');
      const inline = [...readme.matchAll(/\]\(([^)\s]+)[^)]*\)/g)];
      const references = [...readme.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)];
      const targets = [...inline, ...references].map((match) => match[1] ?? '');
      const outside = targets.filter(
        (target) =>
          !/^[a-z]+:/i.test(target) && !target.startsWith('#') && !packed[dir].files.includes(target),
      );
      expect(outside, dir).toEqual([]);
    }
  });
});

describe.concurrent('an app installed from the tarballs', () => {
  it.for(['npm', 'pnpm'] as const)(
    'compiles strictly and runs offline when installed with %s',
    async (pm, { expect }) => {
      const app = join(work, `app-${pm}`);
      await cp(APP, app, { recursive: true });
      const tarball = (dir: PackageDir) => `file:${relative(app, packed[dir].tarball).split('\\').join('/')}`;
      const manifest = {
        name: `turnkit-packaging-app-${pm}`,
        private: true,
        type: 'module',
        dependencies: {
          '@modelcontextprotocol/sdk': await installedVersion('@modelcontextprotocol/sdk', 'packages/mcp'),
          '@turnkit/cli': tarball('cli'),
          '@turnkit/core': tarball('core'),
          '@turnkit/emulator': tarball('emulator'),
          '@turnkit/mcp': tarball('mcp'),
          '@turnkit/tools': tarball('tools'),
          zod: await installedVersion('zod', 'packages/core'),
        },
        devDependencies: { '@types/node': await installedVersion('@types/node', '.') },
      };
      await writeFile(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const env = cleanEnv();
      if (pm === 'npm') {
        // --prefer-offline: what the npm cache holds is used without asking the registry again.
        await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
          cwd: app,
          env,
        });
      } else {
        // No lockfile yet, so not frozen (CI=true would make it so); the default store is reused.
        const { stdout, stderr } = await exec(
          'pnpm',
          ['install', '--no-frozen-lockfile', '--prefer-offline'],
          {
            cwd: app,
            env,
          },
        );
        expect(`${stdout}${stderr}`).not.toMatch(/peer dependencies|unmet peer/i);
      }
      const tsc = require.resolve('typescript/bin/tsc');
      await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, env });
      // Which libs the types need does not depend on the layout: checked once, on the side whose
      // install is the quicker one, while npm still installs.
      if (pm === 'pnpm') await exec(process.execPath, [tsc, '-p', 'tsconfig.no-dom.json'], { cwd: app, env });
      const { stdout } = await exec(process.execPath, ['dist/main.js'], { cwd: app, env });
      const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
      expect(report).toEqual({
        mode: 'emulator',
        local: {
          output: 'It is sunny in Paris.',
          toolOutputs: ['{"city":"Paris","sky":"sunny","tempC":21}'],
        },
        remote: { output: 'It is sunny in Oslo.', toolOutputs: [expect.stringContaining('"city":"Oslo"')] },
        python: { output: expect.stringContaining('42') },
      });
      // The published command runs the app's agent module offline: the answer on stdout, the tool
      // call on stderr.
      const bin = join(app, 'node_modules', '.bin', 'turnkit');
      const cli = await exec(bin, ['run', 'dist/agent.js', 'Weather in Paris?'], { cwd: app, env });
      expect(cli.stdout.trim()).toBe('It is sunny in Paris.');
      expect(cli.stderr).toContain('get_weather');
      expect(cli.stderr).toContain('offline: embedded emulator');
    },
  );

  it('installs core and tools from their folders with pnpm add file:, and says how to run offline without the emulator', async ({
    expect,
  }) => {
    const app = join(work, 'app-folders');
    await mkdir(app);
    await writeFile(
      join(app, 'package.json'),
      '{ "name": "turnkit-folders-app", "private": true, "type": "module" }\n',
    );
    const env = cleanEnv();
    const zod = await installedVersion('zod', 'packages/core');
    const folder = (dir: PackageDir) => `file:${join(ROOT, 'packages', dir)}`;
    const { stdout, stderr } = await exec(
      'pnpm',
      ['add', '--prefer-offline', folder('tools'), folder('core'), `zod@${zod}`],
      { cwd: app, env },
    );
    expect(`${stdout}${stderr}`).not.toMatch(/peer dependencies|unmet peer/i);
    // @turnkit/emulator is an optional peer: not installed here, so offline mode names it.
    const probe = `
      import { connectFromEnv } from '@turnkit/core';
      import { defineTool } from '@turnkit/tools';
      import { z } from 'zod';
      const tool = defineTool({ name: 'echo', description: 'Echo.', input: z.object({ text: z.string() }), execute: ({ text }) => text });
      const error = await connectFromEnv().then(() => undefined, (caught) => caught);
      console.log(JSON.stringify({ tool: tool.definition.name, code: error?.code, message: error?.message }));
    `;
    const run = await exec(process.execPath, ['--input-type=module', '-e', probe], { cwd: app, env });
    expect(JSON.parse(run.stdout)).toEqual({
      tool: 'echo',
      code: 'config_invalid',
      message: expect.stringContaining('@turnkit/emulator is not installed'),
    });
  });
});

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../src/cli-args.js';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(pkg, 'dist/cli.js');

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
}

beforeAll(() => {
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource(join(pkg, 'src'))) {
    const tsc = createRequire(join(pkg, 'package.json')).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(pkg, 'tsconfig.build.json')], { cwd: pkg });
  }
}, 60_000);

interface Run {
  child: ChildProcess;
  url: string;
  exit: Promise<{ code: number | null; stderr: string }>;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr, stdout })));
}

function start(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const exit = exitOf(child);
  return new Promise((resolveRun, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const newline = out.indexOf('\n');
      if (newline >= 0) resolveRun({ child, url: out.slice(0, newline), exit });
    });
    exit.then(({ code, stderr }) => reject(new Error(`exited ${code} before printing a URL: ${stderr}`)));
  });
}

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return exitOf(
    spawn(process.execPath, [cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    }),
  );
}

describe('turnkit-emulator CLI', () => {
  it('prints its base URL on one line, serves requests and exits 0 on SIGTERM', async () => {
    const { child, url, exit } = await start(['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const client = new OpenAI({ baseURL: url, apiKey: 'x', maxRetries: 0 });
    const response = await client.responses.create({ model: 'm', input: 'ping' });
    expect(response.output_text).toBe('You said: "ping"');
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('closes an open stream and exits 0 on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnkit-cli-'));
    const script = join(dir, 'slow.json');
    writeFileSync(
      script,
      JSON.stringify({ turns: [{ output: [{ type: 'message', text: 'a b c d e f' }], delayMs: 200 }] }),
    );
    const { child, url, exit } = await start(['--script', script]);
    const res = await fetch(`${url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'x', stream: true }),
    });
    expect(res.status).toBe(200);
    child.kill('SIGINT');
    expect((await exit).code).toBe(0);
  });

  it('loads --script and enforces --api-key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnkit-cli-'));
    const script = join(dir, 'turns.json');
    writeFileSync(
      script,
      JSON.stringify({ turns: [{ output: [{ type: 'message', text: 'scripted hello' }] }] }),
    );
    const { child, url, exit } = await start([
      '--script',
      script,
      '--api-key',
      'sk-cli',
      '--host',
      '127.0.0.1',
    ]);
    const denied = await fetch(`${url}/responses`, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    const client = new OpenAI({ baseURL: url, apiKey: 'sk-cli', maxRetries: 0 });
    expect((await client.responses.create({ model: 'm', input: 'x' })).output_text).toBe('scripted hello');
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('reads the API key from TURNKIT_EMULATOR_API_KEY, and never prints it', async () => {
    const { child, url, exit } = await start([], { TURNKIT_EMULATOR_API_KEY: 'sk-from-env' });
    const denied = await fetch(`${url}/responses`, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    const client = new OpenAI({ baseURL: url, apiKey: 'sk-from-env', maxRetries: 0 });
    expect((await client.responses.create({ model: 'm', input: 'x' })).output_text).toBe('You said: "x"');
    child.kill('SIGTERM');
    const { code, stderr } = await exit;
    expect(code).toBe(0);
    expect(stderr).toContain('TURNKIT_EMULATOR_API_KEY');
    expect(stderr).not.toContain('sk-from-env');
  });

  it('prefers --api-key over TURNKIT_EMULATOR_API_KEY', async () => {
    const { child, url, exit } = await start(['--api-key', 'sk-flag'], {
      TURNKIT_EMULATOR_API_KEY: 'sk-env',
    });
    const withEnvKey = new OpenAI({ baseURL: url, apiKey: 'sk-env', maxRetries: 0 });
    await expect(withEnvKey.responses.create({ model: 'm', input: 'x' })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const withFlagKey = new OpenAI({ baseURL: url, apiKey: 'sk-flag', maxRetries: 0 });
    expect((await withFlagKey.responses.create({ model: 'm', input: 'x' })).status).toBe('completed');
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('applies --max-body-bytes and --log-limit', async () => {
    const { child, url, exit } = await start(['--max-body-bytes', '100', '--log-limit', '0']);
    const client = new OpenAI({ baseURL: url, apiKey: 'x', maxRetries: 0 });
    const error = await client.responses.create({ model: 'm', input: 'y'.repeat(200) }).catch((e) => e);
    expect(error.status).toBe(413);
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it.concurrent('exits 2 when TURNKIT_EMULATOR_API_KEY is set but empty', async ({ expect }) => {
    const { code, stderr } = await run([], { TURNKIT_EMULATOR_API_KEY: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('TURNKIT_EMULATOR_API_KEY is set but empty');
  });

  it.concurrent.for([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--max-body-bytes', '0'], /--max-body-bytes must be a positive integer/],
    [['--log-limit', 'x'], /--log-limit must be a whole number/],
    [['--allowed-origin', 'localhost:3000'], /--allowed-origin/],
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '70000'], /--port must be an integer/],
    [['--script', '/no/such/script.json'], /cannot read script file/],
    [['stray'], /Unexpected argument 'stray'/],
  ] as Array<[string[], RegExp]>)(
    'exits 2 with a clear error for %j',
    async ([args, message], { expect }) => {
      const { code, stderr, stdout } = await run(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
    },
  );

  it.concurrent('exits 2 for an invalid script file, naming the turn and field', async ({ expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'turnkit-cli-'));
    const script = join(dir, 'bad.json');
    writeFileSync(
      script,
      JSON.stringify({
        turns: [{ output: [{ type: 'message', text: 'ok' }] }, { output: [{ type: 'message' }] }],
      }),
    );
    const { code, stderr } = await run(['--script', script]);
    expect(code).toBe(2);
    expect(stderr).toContain('turn 1: output[0].text: expected a string');
  });

  it.concurrent('prints usage for --help and exits 0', async ({ expect }) => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: turnkit-emulator');
  });
});

describe('parseCliArgs', () => {
  it('applies defaults and reads every flag', () => {
    expect(parseCliArgs([])).toEqual({
      port: 0,
      host: '127.0.0.1',
      script: undefined,
      apiKey: undefined,
      apiKeySource: undefined,
      encryptionKey: undefined,
      maxBodyBytes: undefined,
      logLimit: undefined,
      allowedOrigins: [],
      allowedHosts: [],
      help: false,
    });
    expect(
      parseCliArgs([
        '--port',
        '8080',
        '--host',
        '0.0.0.0',
        '--script',
        's.json',
        '--api-key',
        'k',
        '--encryption-key',
        'pass',
        '--max-body-bytes',
        '1048576',
        '--log-limit',
        '50',
        '--allowed-origin',
        'http://localhost:5173',
        '--allowed-origin',
        'http://localhost:3000',
        '--allowed-host',
        'emulator',
      ]),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      script: 's.json',
      apiKey: 'k',
      apiKeySource: '--api-key',
      encryptionKey: 'pass',
      maxBodyBytes: 1048576,
      logLimit: 50,
      allowedOrigins: ['http://localhost:5173', 'http://localhost:3000'],
      allowedHosts: ['emulator'],
      help: false,
    });
  });

  it('reads the key from the environment when --api-key is absent, the flag first otherwise', () => {
    const env = { TURNKIT_EMULATOR_API_KEY: 'sk-env' };
    expect(parseCliArgs([], env)).toMatchObject({
      apiKey: 'sk-env',
      apiKeySource: 'TURNKIT_EMULATOR_API_KEY',
    });
    expect(parseCliArgs(['--api-key', 'sk-flag'], env)).toMatchObject({
      apiKey: 'sk-flag',
      apiKeySource: '--api-key',
    });
    expect(() => parseCliArgs([], { TURNKIT_EMULATOR_API_KEY: '' })).toThrow(CliUsageError);
  });

  it('throws CliUsageError for a flag without its value', () => {
    expect(() => parseCliArgs(['--port'])).toThrow(CliUsageError);
  });
});

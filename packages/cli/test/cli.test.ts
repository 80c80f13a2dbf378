// The `turnkit` binary as a user runs it: a child process (bin/turnkit.js, on the built dist/)
// with its own working folder and environment, its stdin, stdout, stderr and exit code.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@turnkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/turnkit.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const EMULATOR_BIN = join(
  dirname(createRequire(import.meta.url).resolve('@turnkit/emulator/package.json')),
  'bin',
  'turnkit-emulator.js',
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'turnkit-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** This process's environment without what would change the command's behaviour here. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('AZURE_') || key === 'TURNKIT_CALLER_CWD' || key.startsWith('npm_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? dir,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `turnkit args…` to its end, with `input` on stdin. */
function turnkit(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<Ran> {
  const child = start(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin!.end(options.input ?? '');
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

/** Waits for the first line of stdout of a long-running command. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      done(line);
    });
    child.once('exit', (code) => fail(new Error(`exited ${code} before printing a line`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })));
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('turnkit --help and exit codes', () => {
  it('prints the commands and the exit codes, and a help for each command', async () => {
    const main = await turnkit(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(
      /Commands:[\s\S]*run <agent module>[\s\S]*view[\s\S]*record --to DIR[\s\S]*emulator/,
    );
    expect(main.stdout).toMatch(/Exit codes:[\s\S]*3 {4}run: the run paused/);
    for (const [command, marker] of [
      ['run', 'Usage: turnkit run <agent module>'],
      ['view', 'Usage: turnkit view'],
      ['record', 'Usage: turnkit record --to DIR'],
    ] as const) {
      const viaFlag = await turnkit([command, '--help']);
      const viaHelp = await turnkit(['help', command]);
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout).toContain(marker);
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
    }
    const alone = await turnkit([]);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toContain('Usage: turnkit <command>');
  });

  it('is turnkit-emulator under "turnkit emulator", with the same help and exit codes', async () => {
    const ours = await turnkit(['emulator', '--help']);
    const theirs = await new Promise<string>((done) => {
      const child = spawn(process.execPath, [EMULATOR_BIN, '--help'], { env: cleanEnv() });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.on('close', () => done(out));
    });
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(theirs);
    expect(ours.stdout).toContain('Usage: turnkit-emulator');
    const bad = await turnkit(['emulator', '--port', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('turnkit-emulator:');
  });

  it('serves the emulator until SIGTERM, printing its URL', async () => {
    const child = start(['emulator', '--port', '0']);
    const url = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const answer = await fetch(`${url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'Hi' }),
    });
    expect(((await answer.json()) as any).output[0].content[0].text).toBe('You said: "Hi"');
    const end = exited(child);
    child.kill('SIGTERM');
    expect((await end).code).toBe(0);
  });

  it.each([
    [['frobnicate'], 'turnkit: no command named "frobnicate"'],
    [['help', 'frobnicate'], 'turnkit: no command named "frobnicate"'],
    [['run'], 'turnkit run: name the agent module'],
    [['run', './missing.ts', 'Hi'], '/missing.ts does not exist'],
    [['run', `${FIXTURES}weather-agent.ts`], 'turnkit run: give the user message'],
    [['run', `${FIXTURES}weather-agent.ts`, 'Hi', '--bogus'], "turnkit run: Unknown option '--bogus'"],
    [
      ['run', `${FIXTURES}weather-agent.ts`, 'Hi', 'there'],
      'turnkit run: unexpected argument "there"; quote the message',
    ],
    [
      ['run', `${FIXTURES}weather-agent.ts`, 'Hi', '--max-turns', '0'],
      '--max-turns must be a whole number of at least 1, got "0"',
    ],
    [
      ['run', `${FIXTURES}weather-agent.ts`, 'Hi', '--approve'],
      '--approve and --reject go with --resume FILE',
    ],
    [['run', `${FIXTURES}weather-agent.ts`, '--resume', 'nope.json'], '--resume nope.json: no such file'],
    [
      ['run', `${FIXTURES}weather-agent.ts`, 'Hi', '--log', 'no/such/dir/x.jsonl'],
      '--log no/such/dir/x.jsonl: the folder',
    ],
    [
      ['run', `${FIXTURES}billing-agent.ts`, 'Hi'],
      'has no agent export named "agent". It exports an agent as "billing": pass --export billing',
    ],
    [['view', '--port', '70000'], 'turnkit view: --port must be a whole number from 0 to 65535, got "70000"'],
    [['view', 'no/such/runs.jsonl'], 'no/such/runs.jsonl: no such file or folder'],
    [['record'], 'turnkit record: name the folder to write recordings to: --to DIR'],
    [
      ['record', '--to', 'rec'],
      'turnkit record: name the real endpoint: --target URL (or set AZURE_OPENAI_ENDPOINT)',
    ],
    [['record', '--to', 'rec', '--target', 'my-resource'], "The target must be the endpoint's URL"],
  ])('refuses %j with a clear error, exit code 2 and no stack', async (args, message) => {
    const ran = await turnkit(args);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(message);
    expect(ran.stdout).toBe('');
    noStack(ran.stderr);
  });
});

describe('turnkit run', () => {
  it('runs an agent module offline, the answer on stdout and the tool calls on stderr, paths from the caller', async () => {
    const ran = await turnkit([
      'run',
      `${FIXTURES}weather-agent.ts`,
      'Weather in Paris and Oslo?',
      '--log',
      'runs.jsonl',
    ]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe('Paris: clear, 18 °C. Oslo: clear, 9 °C.\n');
    expect(ran.stderr).toContain('[offline: embedded emulator]');
    expect(ran.stderr).toContain('→ get_weather({"city":"Paris"})');
    expect(ran.stderr).toContain('→ get_weather({"city":"Oslo"})');
    expect(ran.stderr).toMatch(
      /← get_weather returned in \d+ ms: \{"city":"Paris","sky":"clear","temperature":18\}/,
    );
    expect(ran.stderr).toMatch(/\[completed: 2 turns, \d+ tokens, [\d.]+ s\]/);
    const log = (await readFile(join(dir, 'runs.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log[0]).toMatchObject({ type: 'run_started', agent: 'weather', definition: { name: 'weather' } });
    expect(log.at(-1)).toMatchObject({ type: 'run_finished', result: { status: 'completed' } });
  });

  it('shows a progress line when stderr is a terminal, and clears it before the answer', async () => {
    // util-linux `script` gives the command a pseudo-terminal (Debian's essential bsdutils package).
    const command = [process.execPath, BIN, 'run', `${FIXTURES}weather-agent.ts`, 'Weather?']
      .map((part) => `'${part.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const terminal = await new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: cleanEnv() });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stdin.end();
      child.on('close', (code) => done({ code, output }));
    });
    expect(terminal.code).toBe(0);
    const esc = '\x1b';
    expect(terminal.output).toContain(`\r${esc}[2K${esc}[2m⠋ turn 1: waiting for the model${esc}[0m`);
    expect(terminal.output).toContain('running get_weather');
    // The progress line is erased (\r + erase line) before the answer is written.
    expect(terminal.output).toContain(`\r${esc}[2KParis: clear, 18 °C. Oslo: clear, 9 °C.`);
  });

  it('resolves paths against TURNKIT_CALLER_CWD when it is set (as scripts/dev.sh sets it)', async () => {
    const caller = await mkdtemp(join(tmpdir(), 'turnkit-caller-'));
    try {
      const ran = await turnkit(['run', 'weather-agent.ts', 'Hi', '--log', 'caller.jsonl'], {
        cwd: dir,
        env: { TURNKIT_CALLER_CWD: FIXTURES },
      });
      expect(ran.code).toBe(0);
      expect(existsSync(join(FIXTURES, 'caller.jsonl'))).toBe(true);
      expect(existsSync(join(dir, 'caller.jsonl'))).toBe(false);
    } finally {
      await rm(join(FIXTURES, 'caller.jsonl'), { force: true });
      await rm(caller, { recursive: true, force: true });
    }
  });

  it('asks for approval at the terminal and goes on with the answer', async () => {
    const yes = await turnkit(['run', `${FIXTURES}billing-agent.ts`, '--export', 'billing', 'Delete INV-7'], {
      input: 'y\n',
    });
    expect(yes.code).toBe(0);
    expect(yes.stderr).toContain('? allow delete_invoice({"number":"INV-7"})? [y/n] ');
    expect(yes.stderr).toContain('approved delete_invoice (approver)');
    expect(yes.stderr).toContain('← delete_invoice returned');
    expect(yes.stdout).toBe('Done with INV-7.\n');

    const no = await turnkit(['run', `${FIXTURES}billing-agent.ts`, '--export', 'billing', 'Delete INV-7'], {
      input: 'maybe\nn\nnot this month\n',
    });
    expect(no.code).toBe(0);
    expect(no.stderr).toContain('? please answer y or n: ');
    expect(no.stderr).toContain('rejected delete_invoice: not this month (approver)');
    expect(no.stderr).not.toContain('← delete_invoice returned');

    const silent = await turnkit([
      'run',
      `${FIXTURES}billing-agent.ts`,
      '--export',
      'billing',
      'Delete INV-7',
    ]);
    expect(silent.stderr).toContain('rejected delete_invoice: no answer (the input ended) (approver)');
  });

  it('saves a paused run (exit 3) and resumes it in another process', async () => {
    const paused = await turnkit([
      'run',
      `${FIXTURES}billing-agent.ts`,
      '--export',
      'billing',
      'Delete INV-7',
      '--save',
      'paused.json',
    ]);
    expect(paused.code).toBe(3);
    expect(paused.stderr).toContain('waiting for a decision: delete_invoice({"number":"INV-7"})');
    expect(paused.stderr).toContain(`saved the paused run to ${join(dir, 'paused.json')}`);
    const state = JSON.parse(await readFile(join(dir, 'paused.json'), 'utf8'));
    expect(state).toMatchObject({ kind: 'turnkit.run_state', agentName: 'billing' });

    const resumed = await turnkit([
      'run',
      `${FIXTURES}billing-agent.ts`,
      '--export',
      'billing',
      '--resume',
      'paused.json',
      '--approve',
    ]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming ${state.runId}`);
    expect(resumed.stderr).toContain('approved delete_invoice (resume)');
    expect(resumed.stdout).toBe('Done with INV-7.\n');

    const again = await turnkit([
      'run',
      `${FIXTURES}billing-agent.ts`,
      '--export',
      'billing',
      'Delete INV-7',
      '--save',
      'paused2.json',
    ]);
    expect(again.code).toBe(3);
    const asked = await turnkit(
      ['run', `${FIXTURES}billing-agent.ts`, '--export', 'billing', '--resume', 'paused2.json'],
      {
        input: 'n\nwrong invoice\n',
      },
    );
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain('rejected delete_invoice: wrong invoice (resume)');
  });

  it('exits 1 when the run fails, naming the error without a stack', async () => {
    const ran = await turnkit(['run', `${FIXTURES}failing-agent.ts`, 'Hi']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/turnkit run: bad_request: .*The model is on strike\./);
    noStack(ran.stderr);
  });

  it('cancels the run on Ctrl-C (exit 130)', async () => {
    const child = start(['run', `${FIXTURES}waiting-agent.ts`, 'Wait']);
    const end = exited(child);
    await new Promise<void>((done) => {
      let seen = '';
      child.stderr!.on('data', (chunk) => {
        seen += chunk;
        if (seen.includes('→ wait_forever(')) done();
      });
    });
    child.kill('SIGINT');
    const { code, stderr } = await end;
    expect(code).toBe(130);
    expect(stderr).toContain('cancelling the run');
    expect(stderr).toMatch(/turnkit run: aborted: The run was aborted: cancelled at the terminal \(Ctrl-C\)/);
  });
});

describe('turnkit view and record', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it('view serves the runs of a folder until SIGINT', async () => {
    const made = await turnkit(['run', `${FIXTURES}weather-agent.ts`, 'Hi', '--log', 'view.jsonl']);
    expect(made.code).toBe(0);
    const child = start(['view', '.']);
    const url = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    expect(await page.text()).toContain('<title>turnkit runs</title>');
    const { runs } = (await (await fetch(`${url}api/runs`)).json()) as {
      runs: Array<{ agent: string; status: string }>;
    };
    expect(
      runs.some(
        (run: { agent: string; status: string }) => run.agent === 'weather' && run.status === 'completed',
      ),
    ).toBe(true);
    const end = exited(child);
    child.kill('SIGINT');
    const { code, stderr } = await end;
    expect(code).toBe(0);
    expect(stderr).toContain('SIGINT, closing');
  });

  it('record forwards to the target and writes what it records, until SIGTERM', async () => {
    const child = start(['record', '--to', 'recorded', '--target', emu.origin]);
    const origin = await firstLine(child);
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(`${origin}/openai/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': 'sk-never-written-1234567890' },
      body: JSON.stringify({ model: 'm', input: 'Record me', stream: true }),
    });
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    expect(await answer.text()).toContain('You said: \\"Record me\\"');
    const end = exited(child);
    child.kill('SIGTERM');
    const { code, stderr } = await end;
    expect(code).toBe(0);
    expect(stderr).toContain('POST /openai/v1/responses → 200, recorded as 0001-create');
    expect(stderr).toContain('1 recording(s)');
    const chunks = await readFile(join(dir, 'recorded', '0001-create.chunks.txt'), 'utf8');
    expect(chunks).toContain('You said: \\"Record me\\"');
    expect(chunks).not.toContain('sk-never-written');
  });
});

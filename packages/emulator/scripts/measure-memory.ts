/**
 * Measures the resident memory (RSS) of a `turnkit-emulator` process under two loads that used to
 * grow it without bound (issue 8, "The emulator is safe to leave running"):
 *
 * - `rejected-bodies`: 16 requests, each with a 60 MB JSON body and a wrong API key;
 * - `requests`: 20,000 small `POST /v1/responses` (`store: false`) with the right key (`--count N`
 *   for another number).
 *
 * The emulator answers a refused request from its headers and closes the connection without
 * reading the body, so this script's `http.request`, still writing, sometimes reports `EPIPE`
 * instead of the 401 (the openai client and curl read the 401).
 *
 * Each load runs against a fresh emulator child process (the CLI, started with `--api-key`), so
 * the figures are the emulator's own memory, not this script's. RSS is read from
 * `/proc/PID/status` (Linux; `ps` elsewhere, without the peak). Not a test: it asserts nothing and
 * prints the figures.
 *
 *   node packages/emulator/scripts/measure-memory.ts [rejected-bodies|requests] [--cli PATH/TO/cli.js]
 *        [--semi-space MiB] [--count N]
 *
 * `--cli` points at another build (e.g. an older commit's `dist/cli.js`) to compare.
 * `--semi-space` starts the emulator with `--max-semi-space-size=MiB`: under a steady stream of
 * requests V8 grows its young generation to its maximum (about 128 MiB of RSS that holds no live
 * data), and capping it leaves RSS closer to what the emulator really keeps.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const KEY = 'sk-measure';
const MiB = 1024 * 1024;

interface Memory {
  rssMiB: number;
  peakMiB: number | undefined;
}

function memoryOf(pid: number): Memory {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const text = readFileSync(status, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  }
  const rss = Number(
    execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
      .toString()
      .trim(),
  );
  return { rssMiB: rss / 1024, peakMiB: undefined };
}

function show(label: string, memory: Memory): string {
  const peak = memory.peakMiB === undefined ? '' : `, peak ${memory.peakMiB.toFixed(0)} MiB`;
  return `${label}: RSS ${memory.rssMiB.toFixed(0)} MiB${peak}`;
}

async function startCli(cli: string): Promise<{ child: ChildProcess; port: number }> {
  const v8Flags = semiSpace === undefined ? [] : [`--max-semi-space-size=${semiSpace}`];
  const child = spawn(process.execPath, [...v8Flags, cli, '--port', '0', '--api-key', KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) done(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => fail(new Error(`the emulator exited (${code}) before printing its URL`)));
  });
  return { child, port: Number(new URL(url).port) };
}

/** Sends one request whose body is written in `chunks`; resolves with the status (or the error code). */
function send(
  port: number,
  agent: Agent | undefined,
  key: string,
  chunks: Iterable<Buffer>,
): Promise<number | string> {
  return new Promise((done) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/responses',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    const iterator = chunks[Symbol.iterator]();
    const write = (): void => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        if (!req.write(next.value)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

function tally(values: Array<number | string>): string {
  const counts = new Map<number | string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n}× ${v}`).join(', ');
}

async function rejectedBodies(cli: string): Promise<void> {
  const { child, port } = await startCli(cli);
  const statuses: Array<number | string> = [];
  statuses.push(await send(port, undefined, KEY, [Buffer.from('{"model":"m","input":"warm up"}')]));
  const before = memoryOf(child.pid!);
  const filler = Buffer.alloc(MiB, 'x');
  function* body(): Generator<Buffer> {
    yield Buffer.from('{"model":"m","input":"');
    for (let i = 0; i < 60; i++) yield filler;
    yield Buffer.from('"}');
  }
  for (let i = 0; i < 16; i++) statuses.push(await send(port, undefined, 'sk-wrong', body()));
  await new Promise((r) => setTimeout(r, 1000));
  const after = memoryOf(child.pid!);
  child.kill('SIGTERM');
  console.log('16 requests with a 60 MB body and a wrong key');
  console.log(`  statuses: ${tally(statuses.slice(1))}`);
  console.log(`  ${show('before', before)}`);
  console.log(`  ${show('after', after)}`);
}

async function manyRequests(cli: string): Promise<void> {
  const { child, port } = await startCli(cli);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const one = (i: number) =>
    send(port, agent, KEY, [Buffer.from(JSON.stringify({ model: 'm', input: `ping ${i}`, store: false }))]);
  await one(-1);
  const before = memoryOf(child.pid!);
  const statuses: Array<number | string> = [];
  let next = 0;
  const total = count;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) statuses.push(await one(next++));
    }),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const after = memoryOf(child.pid!);
  agent.destroy();
  child.kill('SIGTERM');
  console.log(`${total} requests (POST /v1/responses, store: false)`);
  console.log(`  statuses: ${tally(statuses)}`);
  console.log(`  ${show('before', before)}`);
  console.log(`  ${show('after', after)}`);
}

const { values, positionals } = parseArgs({
  options: { cli: { type: 'string' }, 'semi-space': { type: 'string' }, count: { type: 'string' } },
  allowPositionals: true,
});
const semiSpace = values['semi-space'];
const count = Number(values.count ?? 20_000);
if (!Number.isSafeInteger(count) || count < 1) {
  console.error(`--count takes a positive whole number of requests, got '${values.count}'.`);
  process.exit(2);
}
if (semiSpace !== undefined && !/^\d+$/.test(semiSpace)) {
  console.error(`--semi-space takes a whole number of MiB, got '${semiSpace}'.`);
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(values.cli ?? join(here, '../dist/cli.js'));
const which = positionals[0];
if (which !== undefined && which !== 'rejected-bodies' && which !== 'requests') {
  console.error(`Unknown load '${which}': use rejected-bodies or requests (or nothing for both).`);
  process.exit(2);
}
console.log(`emulator: ${cli}${semiSpace === undefined ? '' : ` (--max-semi-space-size=${semiSpace})`}`);
if (which === undefined || which === 'rejected-bodies') await rejectedBodies(cli);
if (which === undefined || which === 'requests') await manyRequests(cli);

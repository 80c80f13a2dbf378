// bench/emulator-throughput: non-streamed requests per second of the emulator against a trivial
// node:http server that answers the same bytes, loaded in turn, interleaved, in one run. Prints
// the req/s of each and their ratio, and writes results-latest.json. See docs/performance.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine, measuredCommit } from '../../common/bench-utils.ts';
import { parseBenchArgs, USAGE } from './bench-args.ts';
import { checkSameAnswer, firstAnswer } from './first-answer.ts';
import { load, REQUEST_BODY } from './load.ts';
import {
  processCpuMicros,
  type ServerProcess,
  startEmulatorProcess,
  startTrivialProcess,
} from './server-process.ts';

const COMMAND = 'npm run bench -- emulator-throughput';
const RESULTS_FILE = new URL('../results-latest.json', import.meta.url);
/** The emulator must serve at least this share of the trivial server's requests per second. */
const TARGET = 0.5;

type Server = 'emulator' | 'trivial';

interface Round {
  order: [Server, Server];
  rps: Record<Server, number>;
  /** The server process's CPU time per answer (user + system), in microseconds. */
  cpuPerRequest: Record<Server, number | null>;
  ratio: number;
}

interface Measured {
  rps: number;
  cpuPerRequest: number | null;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = commandLine('bench-emulator-throughput', USAGE, parseBenchArgs, argv);
  if (!options) return;
  const { rounds, seconds, connections, warmup } = options;
  const dir = mkdtempSync(join(tmpdir(), 'turnkit-bench-'));
  const servers: Partial<Record<Server, ServerProcess>> = {};
  try {
    servers.emulator = await startEmulatorProcess();
    const answer = await firstAnswer(servers.emulator.url);
    const { body } = answer;
    const answerPath = join(dir, 'answer.json');
    writeFileSync(answerPath, JSON.stringify(answer));
    servers.trivial = await startTrivialProcess(answerPath);
    checkSameAnswer(answer, await firstAnswer(servers.trivial.url));
    const urls: Record<Server, string> = { emulator: servers.emulator.url, trivial: servers.trivial.url };
    const pids: Record<Server, number> = { emulator: servers.emulator.pid, trivial: servers.trivial.pid };
    process.stderr.write(
      `answer: ${Buffer.byteLength(body)} bytes; ${connections} connections, ${seconds} s per run, ${rounds} rounds\n`,
    );
    if (warmup > 0) {
      for (const name of ['emulator', 'trivial'] as const) {
        await checked(name, urls[name], pids[name], warmup, connections);
      }
    }
    const done: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      const order: [Server, Server] = i % 2 === 0 ? ['emulator', 'trivial'] : ['trivial', 'emulator'];
      const rps = {} as Record<Server, number>;
      const cpuPerRequest = {} as Record<Server, number | null>;
      for (const name of order) {
        const measured = await checked(name, urls[name], pids[name], seconds, connections);
        rps[name] = measured.rps;
        cpuPerRequest[name] = measured.cpuPerRequest;
      }
      const round = { order, rps, cpuPerRequest, ratio: rps.emulator / rps.trivial };
      done.push(round);
      process.stderr.write(
        `round ${i + 1}/${rounds} (${order.join(' then ')}): emulator ${rps.emulator.toFixed(0)} req/s ${micros(cpuPerRequest.emulator)}, trivial ${rps.trivial.toFixed(0)} req/s ${micros(cpuPerRequest.trivial)}, ratio ${round.ratio.toFixed(3)}\n`,
      );
    }
    const cpu = (name: Server) =>
      done.map((r) => r.cpuPerRequest[name]).filter((v): v is number => v !== null);
    const summary = {
      emulator: spread(done.map((r) => r.rps.emulator)),
      trivial: spread(done.map((r) => r.rps.trivial)),
      ratio: spread(done.map((r) => r.ratio)),
      cpuPerRequest:
        cpu('emulator').length === rounds
          ? {
              emulator: spread(cpu('emulator')),
              trivial: spread(cpu('trivial')),
              ratio: spread(
                done.map((r) => (r.cpuPerRequest.trivial ?? 0) / (r.cpuPerRequest.emulator ?? 1)),
              ),
            }
          : null,
    };
    const withinTarget = summary.ratio.median >= TARGET;
    const row = (label: string, s: Spread, digits: number) =>
      `  ${label.padEnd(22)}${s.median.toFixed(digits).padStart(9)}   ${s.min.toFixed(digits)} – ${s.max.toFixed(digits)}`;
    process.stdout.write(
      [
        `emulator throughput (${COMMAND} --rounds ${rounds} --seconds ${seconds} --connections ${connections}; ${cpus().length} CPUs, ${availableParallelism()} available)`,
        '                           median   range over the rounds',
        row('emulator req/s', summary.emulator, 0),
        row('trivial server req/s', summary.trivial, 0),
        row('emulator / trivial', summary.ratio, 3),
        ...(summary.cpuPerRequest
          ? [
              row('emulator CPU µs/req', summary.cpuPerRequest.emulator, 1),
              row('trivial CPU µs/req', summary.cpuPerRequest.trivial, 1),
              row('trivial / emulator CPU', summary.cpuPerRequest.ratio, 3),
            ]
          : []),
        `target: emulator >= ${TARGET}x the trivial server (median of the per-round ratios): ${withinTarget ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ command: COMMAND, options, measured: measuredCommit(), request: JSON.parse(REQUEST_BODY), summary, withinTarget, rounds: done }, null, 2)}\n`,
    );
  } finally {
    await Promise.all(Object.values(servers).map((s) => s?.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function checked(
  name: Server,
  url: string,
  pid: number,
  seconds: number,
  connections: number,
): Promise<Measured> {
  const before = processCpuMicros(pid);
  const result = await load(url, seconds, connections);
  const after = processCpuMicros(pid);
  if (result.failures > 0 || result.requests === 0) {
    throw new Error(`${name}: ${result.failures} failed requests of ${result.requests + result.failures}`);
  }
  const cpuPerRequest =
    before === undefined || after === undefined ? null : (after - before) / (result.requests + 1);
  return { rps: result.rps, cpuPerRequest };
}

function micros(value: number | null): string {
  return value === null ? '' : `(${value.toFixed(1)} µs CPU/req)`;
}

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

await main(process.argv.slice(2));

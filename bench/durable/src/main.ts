// The cost of durability, in one run:
//  1. CPU and wall time per turn of the same run in process (agent.run) and on Restate (a
//     durable run through the ingress, one worker), in interleaved rounds;
//  2. throughput of many concurrent durable runs with 1, 2 and 4 worker processes.
// The emulator runs in this process, so it is counted in no CPU figure; the runner, the worker(s)
// and restate-server are separate processes and are measured separately.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startEmulator } from '@turnkit/emulator';
import { registerDeployment, startRestateServer } from '@turnkit/restate';
import { BenchUsageError, measuredCommit, wholeNumber } from '../../common/bench-utils.ts';
import { spread as summary } from '../../common/stats.ts';
import { type BenchWorker, processCpuMs, startRunner, startWorker } from './procs.ts';
import { behavior, TURNS } from './workload.ts';

const USAGE = `Usage: npm run bench -- durable [--rounds N] [--runs N] [--warmup N] [--throughput N] [--concurrency N] [--burn N]

  --rounds N       interleaved rounds of part 1 (default 12, 1-200)
  --runs N         runs per block in part 1 (default 10, 1-1000)
  --warmup N       untimed runs of each kind first (default 10, 0-1000)
  --throughput N   durable runs per worker count in part 2 (default 60, 1-5000)
  --concurrency N  runs in flight at once in part 2 (default 12, 1-200)
  --burn N         sha256 rounds per tool call in part 2, the CPU work of a tool (default 20000, 0-10000000)
  --passes N       passes over 1, 2 and 4 workers in part 2 (default 3, 1-50)`;

function options(argv: string[]) {
  let values: Record<string, string | boolean | undefined>;
  const flag = { type: 'string' } as const;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rounds: flag,
        runs: flag,
        warmup: flag,
        throughput: flag,
        concurrency: flag,
        burn: flag,
        passes: flag,
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const n = (name: string, fallback: number, min: number, max: number) =>
    wholeNumber(name, values[name] as string | undefined, fallback, min, max);
  return {
    help: values.help === true,
    rounds: n('rounds', 12, 1, 200),
    runs: n('runs', 10, 1, 1000),
    warmup: n('warmup', 10, 0, 1000),
    throughput: n('throughput', 60, 1, 5000),
    concurrency: n('concurrency', 12, 1, 200),
    burn: n('burn', 20_000, 0, 10_000_000),
    passes: n('passes', 3, 1, 50),
  };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const range = (s: ReturnType<typeof summary>, f = fmt) =>
  `${f(s.median)} (middle half ${f(s.p25)}–${f(s.p75)}, all ${f(s.min)}–${f(s.max)})`;
const times = (x: number) => `${x.toFixed(2)}×`;

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const emu = await startEmulator({ behavior });
  // One HTTP/2 stream per connection: Restate then opens a connection per invocation in flight,
  // and the kernel spreads those connections over the workers that share the port.
  const server = await startRestateServer({
    env: { RESTATE_WORKER__INVOKER__HTTP2_STREAMS_PER_CONNECTION_LIMIT: '1' },
  });
  // Part 1 measures the loop and the journal, so its tools do no work; part 2's tools burn CPU.
  const env = { ...process.env, EMULATOR_URL: emu.url, INGRESS_URL: server.ingressUrl, BURN_ROUNDS: '0' };
  let workers: BenchWorker[] = [];
  let port = 0;
  const setWorkers = async (count: number, burn: number) => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    for (let i = 0; i < count; i++) {
      const worker = await startWorker({ ...env, PORT: String(port), BURN_ROUNDS: String(burn) });
      port = worker.port;
      workers.push(worker);
    }
  };
  const runner = startRunner(env);
  try {
    await setWorkers(1, 0);
    await registerDeployment(server.adminUrl, `http://127.0.0.1:${port}`);
    await runner.ready;
    const serverPid = server.pid!;
    let blocks = 0;
    /** One block of runs; the CPU of every process but the emulator's, and the wall time, per turn. */
    const block = async (mode: 'local' | 'durable', runs: number, concurrency: number) => {
      const before = {
        server: processCpuMs(serverPid),
        workers: await Promise.all(workers.map((w) => w.sample())),
      };
      const measured = await runner.block({ mode, runs, concurrency, prefix: `b${blocks++}-${mode}` });
      const after = {
        server: processCpuMs(serverPid),
        workers: await Promise.all(workers.map((w) => w.sample())),
      };
      const workerCpu = after.workers.reduce((sum, w, i) => sum + w.cpuMs - before.workers[i]!.cpuMs, 0);
      const serverCpu = after.server - before.server;
      const turns = runs * TURNS;
      return {
        wallMs: measured.wallMs,
        perTurn: {
          wall: measured.wallMs / turns,
          runnerCpu: measured.cpuMs / turns,
          workerCpu: workerCpu / turns,
          serverCpu: serverCpu / turns,
          cpu: (measured.cpuMs + (mode === 'durable' ? workerCpu + serverCpu : 0)) / turns,
        },
        tools: after.workers.map((w, i) => w.tools - before.workers[i]!.tools),
      };
    };

    // Part 1: the cost per turn, interleaved.
    if (opts.warmup) {
      await block('local', opts.warmup, 1);
      await block('durable', opts.warmup, 1);
    }
    const rounds: Array<{
      local: Awaited<ReturnType<typeof block>>;
      durable: Awaited<ReturnType<typeof block>>;
    }> = [];
    for (let round = 0; round < opts.rounds; round++) {
      const first = round % 2 === 0 ? 'local' : 'durable';
      const a = await block(first, opts.runs, 1);
      const b = await block(first === 'local' ? 'durable' : 'local', opts.runs, 1);
      rounds.push(first === 'local' ? { local: a, durable: b } : { local: b, durable: a });
    }
    const pick = (mode: 'local' | 'durable', key: keyof (typeof rounds)[0]['local']['perTurn']) =>
      summary(rounds.map((r) => r[mode].perTurn[key]));
    const ratios = {
      cpu: summary(rounds.map((r) => r.durable.perTurn.cpu / r.local.perTurn.cpu)),
      wall: summary(rounds.map((r) => r.durable.perTurn.wall / r.local.perTurn.wall)),
    };

    // Part 2: throughput with 1, 2 and 4 workers, in passes over the three counts.
    const passes: Array<{
      workers: number;
      runsPerSecond: number;
      toolsPerWorker: number[];
      cpuPerTurn: number;
    }> = [];
    for (let pass = 0; pass < opts.passes; pass++) {
      for (const count of [1, 2, 4]) {
        await setWorkers(count, opts.burn);
        await block('durable', 2 * opts.concurrency, opts.concurrency); // warm the workers and connections
        const measured = await block('durable', opts.throughput, opts.concurrency);
        passes.push({
          workers: count,
          runsPerSecond: (opts.throughput * 1000) / measured.wallMs,
          toolsPerWorker: measured.tools,
          cpuPerTurn: measured.perTurn.cpu,
        });
      }
    }
    const throughput = [1, 2, 4].map((count) => {
      const mine = passes.filter((p) => p.workers === count);
      return {
        workers: count,
        runsPerSecond: summary(mine.map((p) => p.runsPerSecond)),
        cpuPerTurn: summary(mine.map((p) => p.cpuPerTurn)).median,
        toolsPerWorker: mine.at(-1)!.toolsPerWorker,
      };
    });

    const commit = measuredCommit();
    console.log(
      `bench/durable — ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.versions.node}${commit ? `, commit ${commit.commit.slice(0, 7)}${commit.packagesDirty ? ' (packages/ modified)' : ''}` : ''}`,
    );
    console.log(
      `part 1: ${opts.rounds} rounds × ${opts.runs} runs of each kind (${TURNS} turns and 2 tool calls a run, tools that do no work), after ${opts.warmup} warm-up runs each`,
    );
    console.log('per turn, median (middle half, all rounds):');
    console.log(`  in process  CPU  ${range(pick('local', 'cpu'))}`);
    console.log(`  in process  wall ${range(pick('local', 'wall'))}`);
    console.log(`  durable     CPU  ${range(pick('durable', 'cpu'))}`);
    console.log(
      `     of which worker ${fmt(pick('durable', 'workerCpu').median)}, restate-server ${fmt(pick('durable', 'serverCpu').median)}, client ${fmt(pick('durable', 'runnerCpu').median)}`,
    );
    console.log(`  durable     wall ${range(pick('durable', 'wall'))}`);
    console.log(`  durable / in process: CPU ${range(ratios.cpu, times)}; wall ${range(ratios.wall, times)}`);
    console.log(
      `part 2: ${opts.throughput} durable runs, ${opts.concurrency} in flight, tools of ${opts.burn} sha256 rounds, per worker count`,
    );
    const rate = (x: number) => x.toFixed(1);
    for (const t of throughput) {
      console.log(
        `  ${t.workers} worker${t.workers > 1 ? 's' : ' '}  ${range(t.runsPerSecond, rate)} runs/s  CPU/turn ${fmt(t.cpuPerTurn)}  tool calls per worker (last pass) ${t.toolsPerWorker.join(' / ')}`,
      );
    }
    console.log(
      `  load average while measured: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (1, 5, 15 min)`,
    );
    await writeFile(
      new URL('../results-latest.json', import.meta.url),
      JSON.stringify(
        { options: opts, commit, cores: cpus().length, load: loadavg(), rounds, ratios, passes, throughput },
        null,
        2,
      ),
    );
  } finally {
    runner.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await server.stop();
    await emu.close();
  }
}

main().catch((error) => {
  if (error instanceof BenchUsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
});

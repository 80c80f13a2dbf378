// Runs one loop alone against the emulator process, for a CPU profile of the client side:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof src/profile.ts turnkit 600
//   node src/profile-summary.ts /tmp/prof/*.cpuprofile
// (see docs/performance.md). Not part of `npm run bench`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startEmulatorProcess } from './emulator-process.ts';
import { emptyTally, timeBlock, untimedRun } from './measure.ts';
import { rawRun } from './raw-loop.ts';
import { createBenchAgent, turnkitEvents, turnkitRun, turnkitStream } from './turnkit-loop.ts';
import { scriptFor } from './workload.ts';

const [loop, count = '600'] = process.argv.slice(2);
const runs = Number(count);
if (
  (loop !== 'turnkit' && loop !== 'stream' && loop !== 'events' && loop !== 'raw') ||
  !Number.isSafeInteger(runs) ||
  runs < 1
) {
  console.error('Usage: node [--cpu-prof] src/profile.ts turnkit|stream|events|raw [RUNS (default 600)]');
  process.exit(2);
}
const warmup = 100;
const dir = mkdtempSync(join(tmpdir(), 'turnkit-bench-'));
const scriptPath = join(dir, 'script.json');
writeFileSync(scriptPath, JSON.stringify(scriptFor(warmup + runs)));
const emulator = await startEmulatorProcess(scriptPath);
try {
  const client = new OpenAI({ baseURL: emulator.url, apiKey: 'bench' });
  const agent = createBenchAgent(client);
  const run =
    loop === 'turnkit'
      ? () => turnkitRun(agent)
      : loop === 'stream'
        ? () => turnkitStream(agent)
        : loop === 'events'
          ? () => turnkitEvents(agent)
          : () => rawRun(client);
  const tally = emptyTally();
  for (let i = 0; i < warmup; i++) await untimedRun(run, tally);
  const timing = await timeBlock(run, runs, tally);
  console.log(
    `${loop}: ${runs} runs, ${timing.cpuUs.toFixed(0)} µs CPU and ${timing.wallMs.toFixed(2)} ms wall per run ` +
      `(${tally.wrongTexts === 0 ? 'all runs as scripted' : `${tally.wrongTexts} runs NOT as scripted`})`,
  );
} finally {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}

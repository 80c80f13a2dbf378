// Runs one contender alone against the benchmark's emulator process, for a CPU profile of it:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/peers/src/profile.ts turnkit-run 1500
//   node bench/overhead/src/profile-summary.ts /tmp/prof/*.cpuprofile
// Not part of `npm run bench -- peers`.
import { startUrlProcess } from '../../common/url-process.ts';
import { CONTENDERS, type ContenderName, createContender } from './contenders.ts';
import { WORK_PROMPT, WORK_TEXT } from './workload.ts';

const [name, count = '1000'] = process.argv.slice(2);
const runs = Number(count);
if (!CONTENDERS.includes(name as ContenderName) || !Number.isSafeInteger(runs) || runs < 1) {
  console.error(`Usage: node [--cpu-prof] src/profile.ts ${CONTENDERS.join('|')} [RUNS (default 1000)]`);
  process.exit(2);
}
const WARMUP = 100;
const emulator = await startUrlProcess('the emulator', [
  new URL('./emulator-server.ts', import.meta.url).pathname,
]);
try {
  const contender = createContender(name as ContenderName, emulator.url);
  let wrong = 0;
  for (let i = 0; i < WARMUP; i++) if ((await contender.run(WORK_PROMPT)).text !== WORK_TEXT) wrong++;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < runs; i++) if ((await contender.run(WORK_PROMPT)).text !== WORK_TEXT) wrong++;
  const used = process.cpuUsage(cpu);
  console.log(
    `${name}: ${runs} runs, ${((used.user + used.system) / runs).toFixed(0)} µs CPU and ` +
      `${((performance.now() - wall) / runs).toFixed(2)} ms wall per run ` +
      `(${wrong === 0 ? 'every run as expected' : `${wrong} runs NOT as expected`})`,
  );
} finally {
  await emulator.stop();
}

// The benchmark's runner process: runs blocks of runs in process (agent.run) or on Restate (the
// durable client), one after the other or `concurrency` at a time, and reports its own CPU time
// and the block's wall time. The emulator lives in the parent, so it is counted in neither.
import { connectDurableAgent } from '@turnkit/restate';
import { benchAgent } from './workload.ts';

const agent = benchAgent(process.env.EMULATOR_URL!, Number(process.env.BURN_ROUNDS));
const durable = connectDurableAgent({ ingressUrl: process.env.INGRESS_URL!, name: 'bench' });
const PROMPT = 'Do two pieces of work.';

/** A block the parent asks for. */
interface Block {
  type: 'block';
  mode: 'local' | 'durable';
  runs: number;
  concurrency: number;
  prefix: string;
}

async function one(mode: Block['mode'], key: string): Promise<void> {
  if (mode === 'local') {
    const result = await agent.run(PROMPT);
    if (result.status !== 'completed' || result.turns !== 3)
      throw new Error(`a local run ended ${result.status} after ${result.turns} turns`);
    return;
  }
  const result = await durable.result(await durable.start(key, PROMPT));
  if (result.status !== 'completed' || result.turns !== 3)
    throw new Error(
      `a durable run ended ${result.status} after ${result.turns} turns: ${JSON.stringify(result.error ?? result.output)}`,
    );
}

process.on('message', async (block: Block) => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < block.runs) {
      const index = next++;
      await one(block.mode, `${block.prefix}-${index}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: block.concurrency }, lane));
    const used = process.cpuUsage(cpu);
    process.send?.({
      type: 'done',
      wallMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
    });
  } catch (error) {
    process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });

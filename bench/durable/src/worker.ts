// A worker of the benchmark: serves the durable bench agent on PORT (SO_REUSEPORT) and answers
// the parent's questions about its CPU time and how many tool calls it ran.
import { durableAgent, serveDurableAgent } from '@turnkit/restate';
import { benchAgent } from './workload.ts';

let tools = 0;
const agent = benchAgent(process.env.EMULATOR_URL!, Number(process.env.BURN_ROUNDS));
const counted = {
  ...agent,
  stream: (...args: Parameters<typeof agent.stream>) => {
    const stream = agent.stream(...args);
    stream.on('tool_call_finished', () => tools++);
    return stream;
  },
};
const worker = await serveDurableAgent(durableAgent({ agent: counted }), {
  port: Number(process.env.PORT),
  reusePort: true,
  logLevel: 'error',
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'sample') process.send?.({ type: 'sample', cpu: process.cpuUsage(), tools });
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'listening', port: worker.port });

// One worker process: serves the payments agent on PORT, sharing the port with the other workers
// (SO_REUSEPORT). Offline its model is the emulator at EMULATOR_URL; live, Azure (AZURE_OPENAI_*).
import { connectFromEnv } from '@turnkit/core';
import { serveDurableAgent } from '@turnkit/restate';
import OpenAI from 'openai';
import { paymentsAgent } from './agent.ts';

const dir = process.env.DURABLE_APPROVALS_DIR!;
const connection = process.env.EMULATOR_URL
  ? {
      client: new OpenAI({ baseURL: process.env.EMULATOR_URL, apiKey: 'offline', maxRetries: 0 }),
      model: 'emulator',
    }
  : await connectFromEnv();
const worker = await serveDurableAgent(
  paymentsAgent({
    dir,
    client: connection.client,
    model: connection.model,
    payDelayMs: Number(process.env.PAY_DELAY_MS ?? 3000),
  }),
  { port: Number(process.env.PORT), reusePort: true, logLevel: 'error' },
);
const stop = () => worker.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'listening', port: worker.port });

// The emulator as its own process, answering with the benchmark's model (`node
// src/emulator-server.ts`): it prints its base URL on one line and stops on SIGTERM. In its own
// process, so the benchmark's `process.cpuUsage()` is the client side only.
import { startEmulator } from '@turnkit/emulator';
import { peersModel } from './peers-model.ts';

// logLimit 0: the emulator keeps no request or response log (the benchmark sends tens of
// thousands of requests); stored responses, which previous_response_id needs, are kept apart.
const emulator = await startEmulator({ port: 0, behavior: peersModel, logLimit: 0 });
process.stdout.write(`${emulator.url}\n`);

const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

// Starts what the example needs: a real restate-server (from the npm package), two worker
// processes on one port, and offline the emulator as the model.
import { type ChildProcess, fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Emulator, parseScript, startEmulator } from '@turnkit/emulator';
import { type RestateServer, registerDeployment, startRestateServer } from '@turnkit/restate';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../script.json', import.meta.url));

/** Everything the example started. */
export interface Launched {
  server: RestateServer;
  emulator: Emulator | undefined;
  workers: ChildProcess[];
  stop(): Promise<void>;
}

export async function launch(dir: string, onWorkerExit: (pid: number) => void): Promise<Launched> {
  const offline = !process.env.AZURE_OPENAI_ENDPOINT;
  const emulator = offline
    ? await startEmulator({ script: parseScript(JSON.parse(await readFile(SCRIPT, 'utf8'))) })
    : undefined;
  const server = await startRestateServer();
  const workers: ChildProcess[] = [];
  let port = 0;
  for (let i = 0; i < 2; i++) {
    const child = fork(WORKER, [], {
      env: {
        ...process.env,
        PORT: String(port),
        DURABLE_APPROVALS_DIR: dir,
        ...(emulator ? { EMULATOR_URL: emulator.url } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    workers.push(child);
    port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`a worker exited (code ${code}) before it listened`)));
      child.once('message', (message: { port: number }) => resolve(message.port));
    });
    child.removeAllListeners('exit');
    child.once('exit', () => onWorkerExit(child.pid!));
  }
  await registerDeployment(server.adminUrl, `http://127.0.0.1:${port}`);
  return {
    server,
    emulator,
    workers,
    stop: async () => {
      for (const worker of workers)
        if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGTERM');
      await server.stop();
      await emulator?.close();
    },
  };
}

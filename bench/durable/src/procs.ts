// The processes the benchmark starts besides the emulator: restate-server (from the npm
// package), worker processes on one port, and the runner.
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const RUNNER = fileURLToPath(new URL('./runner.ts', import.meta.url));

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 0, utime field 11, stime field 12.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** A worker process and what it reported last. */
export interface BenchWorker {
  child: ChildProcess;
  sample(): Promise<{ cpuMs: number; tools: number }>;
  stop(): Promise<void>;
}

export function startWorker(env: NodeJS.ProcessEnv): Promise<BenchWorker & { port: number }> {
  const child = fork(WORKER, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a worker exited (code ${code}) before it listened`)));
    child.once('message', (message: { port: number }) => {
      child.removeAllListeners('exit');
      resolve({
        child,
        port: message.port,
        sample: () =>
          new Promise((done) => {
            const listen = (reply: { type: string; cpu: NodeJS.CpuUsage; tools: number }) => {
              if (reply.type !== 'sample') return;
              child.off('message', listen);
              done({ cpuMs: (reply.cpu.user + reply.cpu.system) / 1000, tools: reply.tools });
            };
            child.on('message', listen);
            child.send({ type: 'sample' });
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** The runner process; `block` runs one block and resolves with its wall and CPU time. */
export function startRunner(env: NodeJS.ProcessEnv) {
  const child = fork(RUNNER, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  return {
    ready,
    pid: () => child.pid!,
    block: (block: { mode: 'local' | 'durable'; runs: number; concurrency: number; prefix: string }) =>
      new Promise<{ wallMs: number; cpuMs: number }>((resolve, reject) => {
        child.once('message', (reply: { type: string; wallMs: number; cpuMs: number; message?: string }) =>
          reply.type === 'done' ? resolve(reply) : reject(new Error(reply.message)),
        );
        child.send({ type: 'block', ...block });
      }),
    stop: () => child.kill('SIGTERM'),
  };
}

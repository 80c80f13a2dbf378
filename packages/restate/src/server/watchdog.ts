// Runs a command as a child and takes it down with itself: when the process that started this
// watchdog goes away (its IPC channel closes, however it died) or sends "stop", the child is
// killed. Started by startRestateServer(); not part of the public API.
//   node watchdog.js <command> [args…]      (stdout/stderr of the child are inherited)
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command || !process.send) {
  process.stderr.write('watchdog: needs a command and an IPC channel to its parent\n');
  process.exit(2);
}
const tell = (message: object): void => {
  if (process.connected) process.send?.(message);
};
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
child.on('error', (error) => {
  tell({ type: 'error', message: error.message });
  process.exit(1);
});
child.on('spawn', () => tell({ type: 'spawned', pid: child.pid }));
child.on('exit', (code, signal) => {
  tell({ type: 'exit', code, signal, expected: stopping });
  if (process.connected) process.disconnect();
  process.exit(0);
});
process.on('message', (message: { type?: string; signal?: NodeJS.Signals }) => {
  if (message?.type === 'stop') stop(message.signal ?? 'SIGTERM');
});
process.on('disconnect', () => stop('SIGKILL'));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop('SIGKILL'));

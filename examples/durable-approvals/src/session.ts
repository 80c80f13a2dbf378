// Where the running example tells the other commands how to reach it.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What `start` writes for the commands of a second terminal. */
export interface Session {
  ingressUrl: string;
  adminUrl: string;
  conversationId: string;
  runId: string;
  launcher: number;
  workers: number[];
}

/** The example's working directory: DURABLE_APPROVALS_DIR, or one under the OS temp dir. */
export function exampleDir(): string {
  return process.env.DURABLE_APPROVALS_DIR ?? join(tmpdir(), 'turnkit-durable-approvals');
}

const file = () => join(exampleDir(), 'session.json');

export async function writeSession(session: Session): Promise<void> {
  await mkdir(exampleDir(), { recursive: true });
  await writeFile(file(), JSON.stringify(session, null, 2));
}

/** The running example's session. @throws {Error} when none runs. */
export async function readSession(): Promise<Session> {
  const text = await readFile(file(), 'utf8').catch(() => undefined);
  const session = text ? (JSON.parse(text) as Session) : undefined;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!session || !alive(session.launcher)) {
    throw new Error('the example is not running: start it first with `npm run example -- durable-approvals`');
  }
  return { ...session, workers: session.workers.filter(alive) };
}

export async function removeSession(): Promise<void> {
  await rm(file(), { force: true });
}

// A durable payments agent on Restate, with approvals that survive a killed worker.
//   npm run example -- durable-approvals ["Pay invoice INV-7"]   start the server and two workers, start the run, watch it
// and, from a second terminal while it waits:
//   npm run example -- durable-approvals kill-worker            kill one of the workers (SIGKILL)
//   npm run example -- durable-approvals approve                approve the payment the run waits for
//   npm run example -- durable-approvals reject ["reason"]      or reject it
//   npm run example -- durable-approvals status                 where the run stands
// Offline the model is the emulator (script.json); live, set AZURE_OPENAI_*.
import { mkdir, rm } from 'node:fs/promises';
import { connectDurableAgent, type DurableEvent } from '@turnkit/restate';
import { readBank } from './agent.ts';
import { launch } from './launch.ts';
import { exampleDir, readSession, removeSession, writeSession } from './session.ts';

const CONVERSATION = 'accounts-payable';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** One line per event worth showing; turns are counted over the whole run (it resumes after approvals). */
function describe({ event }: DurableEvent, turns: { count: number }): string | undefined {
  switch (event.type) {
    case 'turn_started':
      return `· turn ${++turns.count}`;
    case 'message':
      return `assistant: ${event.text}`;
    case 'tool_call_started':
      return `→ ${event.name}(${event.arguments})`;
    case 'tool_call_finished':
      return `← ${event.name}: ${typeof event.output === 'string' ? event.output : JSON.stringify(event.output)}`;
    case 'approval_waiting':
      return [
        `⏸ ${event.request.toolName}(${event.request.arguments}) waits for approval (${event.request.id}).`,
        '  The run is durable now: from a second terminal, kill a worker if you like, then decide:',
        '    npm run example -- durable-approvals kill-worker',
        '    npm run example -- durable-approvals approve        (or: reject "reason")',
      ].join('\n');
    case 'approval_decided':
      return `${event.approve ? '✔ approved' : '✘ rejected'} ${event.request.toolName}${event.reason ? `: ${event.reason}` : ''}`;
    case 'run_ended':
      return `run ${event.result.status}: ${event.result.output}`;
    default:
      return undefined;
  }
}

async function start(message: string): Promise<void> {
  const dir = exampleDir();
  await readSession().then(
    (running) => {
      throw new Error(`the example already runs (pid ${running.launcher}); stop it first`);
    },
    () => {},
  );
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  say('starting restate-server and two workers …');
  let stopping = false;
  const launched = await launch(dir, (pid) => {
    if (!stopping) say(`worker ${pid} is gone; Restate carries on with the other one`);
  });
  try {
    say(`restate: ingress ${launched.server.ingressUrl}, admin ${launched.server.adminUrl}`);
    say(
      `workers: ${launched.workers.map((w) => w.pid).join(', ')}${launched.emulator ? ' (model: the offline emulator)' : ''}`,
    );
    const client = connectDurableAgent({ ingressUrl: launched.server.ingressUrl, name: 'payments' });
    const run = await client.start(CONVERSATION, message);
    await writeSession({
      ingressUrl: launched.server.ingressUrl,
      adminUrl: launched.server.adminUrl,
      conversationId: CONVERSATION,
      runId: run.runId,
      launcher: process.pid,
      workers: launched.workers.map((w) => w.pid!),
    });
    say(`run ${run.runId} started: "${message}"`);
    const turns = { count: 0 };
    for await (const entry of client.follow(CONVERSATION, { runId: run.runId })) {
      const line = describe(entry, turns);
      if (line) say(line);
    }
    const payments = await readBank(dir);
    say(
      `bank: ${payments.length} payment${payments.length === 1 ? '' : 's'}${payments.map((p) => ` ${p.id} ${p.number} ${p.amount} EUR (call ${p.callId})`).join(',')}`,
    );
  } finally {
    stopping = true;
    await removeSession();
    await launched.stop();
  }
}

async function decide(approve: boolean, reason: string | undefined): Promise<void> {
  const session = await readSession();
  const client = connectDurableAgent({ ingressUrl: session.ingressUrl, name: 'payments' });
  const status = await client.runStatus(session.conversationId, session.runId);
  const request = status.waiting[0];
  if (!request) throw new Error(`run ${session.runId} waits for no approval (it is ${status.status})`);
  await client.decide(session.conversationId, request.id, { approve, ...(reason ? { reason } : {}) });
  say(`${approve ? 'approved' : 'rejected'} ${request.toolName}(${request.arguments})`);
}

async function killWorker(): Promise<void> {
  const session = await readSession();
  const pid = session.workers[0];
  if (pid === undefined) throw new Error('no worker is left to kill');
  process.kill(pid, 'SIGKILL');
  say(`killed worker ${pid} (SIGKILL)`);
}

async function status(): Promise<void> {
  const session = await readSession();
  const client = connectDurableAgent({ ingressUrl: session.ingressUrl, name: 'payments' });
  const record = await client.runStatus(session.conversationId, session.runId);
  say(
    `run ${record.runId}: ${record.status}${record.waiting.map((r) => `, waits for ${r.toolName} (${r.id})`).join('')}`,
  );
  say(`workers alive: ${session.workers.join(', ') || 'none'}`);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = {
  approve: () => decide(true, undefined),
  reject: () => decide(false, rest[0]),
  'kill-worker': killWorker,
  status,
};
try {
  if (command && commands[command]) await commands[command]();
  else if (command?.startsWith('-'))
    throw new Error(`unknown option ${command}; see the comment at the top of src/main.ts`);
  else await start(command ?? 'Please pay invoice INV-7.');
} catch (error) {
  process.stderr.write(`durable-approvals: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

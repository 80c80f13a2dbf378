// A triage agent that hands billing questions to a billing agent (whose refunds need approval)
// and asks a research agent, run as a tool, everything else; the answer comes back typed.
//   npm run example -- triage                                   a refund: asks y/n at the terminal
//   npm run example -- triage "How long do refunds take?"      research, run as a tool
//   npm run example -- triage --save run.json                   no one to ask: save the paused run
//   npm run example -- triage --resume run.json --approve       (or --reject "reason") in another process
// Offline (no AZURE_OPENAI_* variables) the embedded emulator plays the model with
// offline-model.ts; live, the same agents run on your Azure deployment.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  type ApprovalRequest,
  connectFromEnv,
  type RunResult,
  RunState,
  type RunStream,
  TurnkitError,
} from '@turnkit/core';
import type { Answer } from './agents.ts';
import { triageAgents } from './agents.ts';
import { offlineTriageModel } from './offline-model.ts';

interface Options {
  question: string;
  save?: string;
  resume?: string;
  decision?: { approve: boolean; reason?: string };
}

function parseArgs(argv: string[]): Options {
  const options: Options = { question: 'Please refund invoice INV-7, I was charged twice.' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--save') options.save = value();
    else if (arg === '--resume') options.resume = value();
    else if (arg === '--approve') options.decision = { approve: true };
    else if (arg === '--reject') {
      const reason = argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[++i] : undefined;
      options.decision = { approve: false, ...(reason ? { reason } : {}) };
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.question = arg;
  }
  if (options.save && options.resume) throw new Error('use --save or --resume, not both');
  if (options.resume && !options.decision) throw new Error('--resume needs --approve or --reject [reason]');
  if (!options.resume && options.decision) throw new Error('--approve / --reject go with --resume FILE');
  return options;
}

/** A path from the command line, resolved against where the command was typed (see scripts/dev.sh). */
const fromCaller = (path: string) => resolve(process.env.TURNKIT_CALLER_CWD ?? process.cwd(), path);

/** Asks at the terminal; only y/yes and n/no answer, and input that ends counts as no. */
function terminalApprover() {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string) => {
    process.stdout.write(question);
    const next = await lines.next();
    if (!process.stdin.isTTY) process.stdout.write('\n');
    return next.done ? undefined : next.value.trim();
  };
  return {
    close: () => rl.close(),
    approver: async (request: ApprovalRequest) => {
      let question = `  ? allow ${request.agent ? `${request.agent}: ` : ''}${request.toolName}(${request.arguments})? [y/n] `;
      for (;;) {
        const answer = await ask(question);
        if (answer === undefined) return { approve: false, reason: 'no answer (the input ended)' };
        if (/^y(es)?$/i.test(answer)) return { approve: true };
        if (/^no?$/i.test(answer)) return { approve: false, reason: 'the customer service lead said no' };
        question = '  ? please answer y or n: ';
      }
    },
  };
}

const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

/** Shows the routing and every tool call as it happens, indented by how deep the agent runs. */
function watch(stream: RunStream<Answer>): void {
  const pad = (depth: number) => '  '.repeat(depth + 1);
  stream.on('handoff', (e) =>
    console.log(dim(`${pad(e.depth)}⇢ ${e.from} hands the conversation to ${e.to}`)),
  );
  stream.on('tool_call_started', (e) =>
    console.log(dim(`${pad(e.depth)}→ ${e.agent}: ${e.name}(${e.arguments})`)),
  );
  stream.on('tool_call_finished', (e) =>
    console.log(
      dim(`${pad(e.depth)}← ${e.agent}: ${e.name} ${e.ok ? 'returned' : 'failed'}: ${String(e.output)}`),
    ),
  );
  stream.on('approval_decided', (e) =>
    console.log(
      dim(`  ${e.approve ? 'approved' : 'rejected'} ${e.request.toolName}${e.reason ? `: ${e.reason}` : ''}`),
    ),
  );
}

function report(result: RunResult<Answer>): void {
  if (result.status === 'interrupted') {
    for (const r of result.interruptions) {
      console.log(
        `  waiting for a decision: ${r.agent ?? result.lastAgent.name}: ${r.toolName}(${r.arguments}) [${r.id}]`,
      );
    }
    return;
  }
  if (result.status !== 'completed') {
    console.log(`  the run ended ${result.status}`);
    return;
  }
  const { answer, handledBy, invoice, refunded } = result.finalOutput;
  console.log(`\n${answer}`);
  console.log(
    dim(
      `[answered by ${handledBy}${invoice ? `, about ${invoice}` : ''}${refunded !== null ? `, refunded ${refunded}` : ''}; ` +
        `${result.turns} turn${result.turns === 1 ? '' : 's'}, ${result.usage.requests} request${result.usage.requests === 1 ? '' : 's'}, ` +
        `${result.usage.totalTokens} tokens]`,
    ),
  );
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const connection = await connectFromEnv({ emulator: { behavior: offlineTriageModel } });
  const terminal = options.save || options.resume ? undefined : terminalApprover();
  try {
    const { triage } = triageAgents(connection);
    const where =
      connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator';
    console.log(dim(`[${where}]`));
    let stream: RunStream<Answer>;
    if (options.resume) {
      const file = fromCaller(options.resume);
      const state = RunState.fromJSON(await readFile(file, 'utf8'));
      console.log(
        `resuming ${file}: ${state.approvals.map((a) => a.toolName).join(', ')} ${options.decision!.approve ? 'approved' : 'rejected'}`,
      );
      const decisions = Object.fromEntries(state.approvals.map((a) => [a.id, options.decision!]));
      stream = triage.stream(state.withDecisions(decisions));
    } else {
      console.log(`> ${options.question}\n`);
      stream = triage.stream(options.question, terminal ? { approver: terminal.approver } : {});
    }
    watch(stream);
    const result = await stream.result;
    report(result);
    if (result.status === 'interrupted' && options.save) {
      const file = fromCaller(options.save);
      await writeFile(file, JSON.stringify(result.state, null, 2));
      console.log(
        `saved the paused run to ${file}; resume it with --resume ${options.save} --approve (or --reject "reason")`,
      );
    }
  } finally {
    terminal?.close();
    await connection.close();
  }
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  const code = TurnkitError.is(error) ? `${error.code}: ` : '';
  console.error(`\n${code}${error instanceof Error ? error.message : String(error)}`);
});

// Hosted MCP with approvals. The model wants to delete an invoice through the "ledger" MCP
// server; the service asks for approval first.
//   npm run example -- mcp-approval                         ask at the terminal (y/n, then a reason)
//   npm run example -- mcp-approval --save run.json         pause: write the run to a file
//   npm run example -- mcp-approval --resume run.json --approve
//   npm run example -- mcp-approval --resume run.json --reject "not this month"
// Offline, the ledger runs here and the embedded emulator plays the service (script.json).
// Live, set AZURE_OPENAI_* and LEDGER_MCP_URL / LEDGER_MCP_KEY for an MCP server Azure can reach.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  type ApprovalRequest,
  connectFromEnv,
  createAgent,
  hostedMcpTool,
  type RunResult,
  RunState,
  type RunStream,
  TurnkitError,
} from '@turnkit/core';
import { startLedger } from './ledger-server.ts';

function parseArgs(argv: string[]) {
  const options: {
    save?: string;
    resume?: string;
    decision?: { approve: boolean; reason?: string };
    question: string;
  } = {
    question: 'Please delete invoice INV-7, it was a duplicate.',
  };
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

/** A path given on the command line, resolved against where the command was typed (see scripts/dev.sh). */
function fromCaller(path: string): string {
  return resolve(process.env.TURNKIT_CALLER_CWD ?? process.cwd(), path);
}

/** Ctrl-C (or SIGINT) at a prompt: the answer is "no", said so, and the run goes on. */
const INTERRUPTED = Symbol('interrupted');
/** The input ended (e.g. a pipe ran dry) before an answer: also "no". */
const NO_INPUT = Symbol('no input');

/**
 * Asks at the terminal. One readline for the whole run, so piped answers are not lost between
 * questions. Only y/yes and n/no are answers: anything else asks again. Ctrl-C at the prompt
 * rejects (with that as the reason) instead of killing the run half-way.
 */
function terminalApprover() {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const lines = rl[Symbol.asyncIterator]();
  let interrupt: (() => void) | undefined;
  const onInterrupt = () => interrupt?.();
  rl.on('SIGINT', onInterrupt); // Ctrl-C typed at a terminal
  process.on('SIGINT', onInterrupt); // SIGINT sent to the process (e.g. kill -INT)
  const ask = async (question: string): Promise<string | typeof INTERRUPTED | typeof NO_INPUT> => {
    process.stdout.write(question);
    const interrupted = new Promise<typeof INTERRUPTED>((done) => {
      interrupt = () => done(INTERRUPTED);
    });
    const next = await Promise.race([lines.next(), interrupted]);
    interrupt = undefined;
    if (!process.stdin.isTTY || next === INTERRUPTED) process.stdout.write('\n');
    if (next === INTERRUPTED) return INTERRUPTED;
    return next.done ? NO_INPUT : next.value;
  };
  return {
    close: () => {
      process.off('SIGINT', onInterrupt);
      rl.close();
    },
    approver: async (request: ApprovalRequest) => {
      const where = request.serverLabel ? `${request.serverLabel}.` : '';
      let question = `  ? allow ${where}${request.toolName}(${request.arguments})? [y/n] `;
      for (;;) {
        const answer = await ask(question);
        if (answer === INTERRUPTED) return { approve: false, reason: 'cancelled at the prompt (Ctrl-C)' };
        if (answer === NO_INPUT) return { approve: false, reason: 'no answer (the input ended)' };
        if (/^y(es)?$/i.test(answer.trim())) return { approve: true };
        if (/^no?$/i.test(answer.trim())) break;
        question = '  ? please answer y or n: ';
      }
      const reason = await ask('  ? reason (optional): ');
      if (typeof reason !== 'string') return { approve: false };
      return { approve: false, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    },
  };
}

/** Shows each decision and each MCP call as it happens. */
function watch(stream: RunStream): void {
  stream.on('approval_decided', (e) =>
    console.log(
      `  ${e.approve ? 'approved' : 'rejected'} ${e.request.toolName}${e.reason ? `: ${e.reason}` : ''} (${e.by})`,
    ),
  );
  stream.on('mcp_call', (e) =>
    console.log(
      `  mcp ${e.serverLabel}.${e.name}(${e.arguments}) → ${e.error ? `error ${JSON.stringify(e.error)}` : e.output}`,
    ),
  );
}

function report(result: RunResult): void {
  if (result.status === 'interrupted') {
    for (const r of result.interruptions)
      console.log(`  waiting for a decision: ${r.serverLabel}.${r.toolName}(${r.arguments}) [${r.id}]`);
  } else {
    console.log(`\n${result.output}`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const live = process.env.LEDGER_MCP_URL;
  const ledger = live ? undefined : await startLedger();
  const script = JSON.parse(await readFile(new URL('../script.json', import.meta.url), 'utf8'));
  const connection = await connectFromEnv({ emulator: { script } });
  try {
    const ledgerTool = hostedMcpTool({
      serverLabel: 'ledger',
      serverUrl: live ?? ledger!.url,
      // A secret: sent to the service with each request, never written into the saved run.
      headers: { 'x-api-key': ledger?.apiKey ?? process.env.LEDGER_MCP_KEY ?? '' },
      requireApproval: { never: ['list_invoices'] },
    });
    const agent = createAgent({
      name: 'ledger-clerk',
      instructions: 'You keep the ledger tidy. Use the ledger tools.',
      tools: [ledgerTool],
      client: connection,
      strategy: 'stateless',
    });
    console.log(
      `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator and a local ledger MCP server'}]`,
    );
    let result: RunResult;
    if (options.resume) {
      const state = RunState.fromJSON(await readFile(fromCaller(options.resume), 'utf8'));
      const decisions = Object.fromEntries(state.approvals.map((a) => [a.id, options.decision!]));
      console.log(
        `resuming ${state.runId}: ${options.decision!.approve ? 'approved' : `rejected${options.decision!.reason ? ` (${options.decision!.reason})` : ''}`}`,
      );
      const stream = agent.stream(state.withDecisions(decisions));
      watch(stream);
      result = await stream.result;
    } else {
      console.log(`> ${options.question}`);
      const terminal = options.save ? undefined : terminalApprover();
      const stream = agent.stream(options.question, terminal ? { approver: terminal.approver } : {});
      watch(stream);
      try {
        result = await stream.result;
      } finally {
        terminal?.close();
      }
    }
    report(result);
    if (result.status === 'interrupted') {
      if (!options.save)
        throw new Error('the run is waiting for a decision; run with --save FILE to keep it');
      const file = fromCaller(options.save);
      await writeFile(file, JSON.stringify(result.state, null, 2));
      console.log(
        `\nsaved the paused run to ${file}; finish it with --resume ${file} --approve (or --reject "reason")`,
      );
    }
  } finally {
    await connection.close();
    await ledger?.close();
  }
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  console.error(
    `${TurnkitError.is(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
});

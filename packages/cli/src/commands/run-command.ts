import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type ApprovalDecision,
  type Connection,
  connectFromEnv,
  createRunLog,
  type RunInput,
  type RunObserver,
  type RunResult,
  RunState,
  TurnkitError,
} from '@turnkit/core';
import { type CliContext, callerPath } from '../cli/context.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { countOption, parseOptions } from '../cli/parse-options.js';
import { CliUsageError } from '../cli/usage-error.js';
import { loadAgentModule } from '../run/load-agent.js';
import { TerminalPrompt } from '../run/terminal-prompt.js';
import { TerminalView } from '../run/terminal-view.js';

/** The parsed command line of `turnkit run`. */
interface RunArgs {
  module: string;
  message: string | undefined;
  exportName: string;
  save: string | undefined;
  resume: string | undefined;
  decision: ApprovalDecision | undefined;
  log: string | undefined;
  maxTurns: number | undefined;
}

/** `--reject` takes an optional reason: the word after it, unless that is an option. */
function splitReject(argv: readonly string[]): {
  argv: string[];
  reason: string | undefined;
  rejected: boolean;
} {
  const rest: string[] = [];
  let reason: string | undefined;
  let rejected = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--reject') {
      rejected = true;
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        reason = next;
        i++;
      }
    } else if (arg.startsWith('--reject=')) {
      rejected = true;
      reason = arg.slice('--reject='.length) || undefined;
    } else rest.push(arg);
  }
  return { argv: rest, reason, rejected };
}

function parseRunArgs(argv: readonly string[], context: CliContext): RunArgs {
  const reject = splitReject(argv);
  const { values, positionals } = parseOptions('run', reject.argv, {
    export: { type: 'string' },
    save: { type: 'string' },
    resume: { type: 'string' },
    approve: { type: 'boolean' },
    log: { type: 'string' },
    'max-turns': { type: 'string' },
  });
  const [module, message, ...extra] = positionals;
  if (module === undefined)
    throw new CliUsageError('run', 'name the agent module: turnkit run ./agent.ts "message"');
  if (extra.length > 0) {
    throw new CliUsageError(
      'run',
      `unexpected argument ${JSON.stringify(extra[0])}; quote the message if it has spaces`,
    );
  }
  const save = values.save as string | undefined;
  const resume = values.resume as string | undefined;
  if (save && resume) throw new CliUsageError('run', 'use --save or --resume, not both');
  if (values.approve && reject.rejected)
    throw new CliUsageError('run', 'use --approve or --reject, not both');
  if ((values.approve || reject.rejected) && !resume) {
    throw new CliUsageError('run', '--approve and --reject go with --resume FILE');
  }
  if (resume && message !== undefined) {
    throw new CliUsageError(
      'run',
      'a resumed run continues its saved conversation: drop the message, or drop --resume',
    );
  }
  if (!resume && (message === undefined || message.trim() === '')) {
    throw new CliUsageError(
      'run',
      'give the user message: turnkit run ./agent.ts "What is the weather in Paris?"',
    );
  }
  const exportName = (values.export as string | undefined) ?? 'agent';
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) {
    throw new CliUsageError('run', `--export must name an export, got ${JSON.stringify(exportName)}`);
  }
  const paths = { save, log: values.log as string | undefined };
  for (const [flag, path] of Object.entries(paths)) {
    if (path === undefined) continue;
    const folder = dirname(callerPath(context, path));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new CliUsageError('run', `--${flag} ${path}: the folder ${folder} does not exist`);
    }
  }
  if (resume !== undefined && !existsSync(callerPath(context, resume))) {
    throw new CliUsageError('run', `--resume ${resume}: no such file`);
  }
  return {
    module: callerPath(context, module),
    message,
    exportName,
    save: save && callerPath(context, save),
    resume: resume && callerPath(context, resume),
    decision: values.approve
      ? { approve: true }
      : reject.rejected
        ? { approve: false, ...(reject.reason ? { reason: reject.reason } : {}) }
        : undefined,
    log: paths.log && callerPath(context, paths.log),
    maxTurns: countOption('run', 'max-turns', values['max-turns']),
  };
}

/** Reads a state saved with --save. @throws {CliUsageError} when it is not one. */
async function readState(path: string): Promise<RunState> {
  try {
    return RunState.fromJSON(await readFile(path, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliUsageError('run', `--resume ${path}: ${why}`, { cause: error });
  }
}

/** The exit code of a finished run. */
function exitOf(result: RunResult): ExitCode {
  if (result.status === 'interrupted') return EXIT.paused;
  if (result.status === 'incomplete') return EXIT.incomplete;
  return EXIT.ok;
}

/**
 * `turnkit run`: runs an agent module's agent at the terminal (see `turnkit help run`).
 * @throws {CliUsageError} for a bad command line, a missing module or a module without an agent.
 */
export async function runCommand(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const args = parseRunArgs(argv, context);
  const loaded = await loadAgentModule(args.module, args.exportName);
  const state = args.resume ? await readState(args.resume) : undefined;
  const view = new TerminalView(context);
  const prompt = new TerminalPrompt(context.stdin, (text) => view.prompt(text));
  const abort = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    if (prompt.asking) {
      prompt.interrupt();
      return;
    }
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    view.note('  cancelling the run (Ctrl-C again to quit at once)');
    abort.abort(new Error('cancelled at the terminal (Ctrl-C)'));
  };
  process.on('SIGINT', onInterrupt);
  let connection: Connection | undefined;
  try {
    const agent = loaded.agent;
    if (!agent.config.client)
      connection = await connectFromEnv({ env: { ...context.env }, emulator: loaded.emulator });
    view.note(
      connection
        ? `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator'}]`
        : '[the agent’s own client]',
    );
    let input: RunInput;
    if (state) {
      const decisions: Record<string, ApprovalDecision> = {};
      view.note(`resuming ${state.runId} (${state.approvals.length} waiting)`);
      for (const request of state.approvals)
        decisions[request.id] = args.decision ?? (await prompt.decide(request));
      input = state.withDecisions(decisions);
    } else {
      view.note(`> ${args.message}`);
      input = args.message!;
    }
    const observers: RunObserver[] = args.log ? [createRunLog(args.log)] : [];
    const startedAt = Date.now();
    const stream = agent.stream(input, {
      signal: abort.signal,
      deps: loaded.deps,
      ...(connection ? { client: connection } : {}),
      ...(args.maxTurns ? { maxTurns: args.maxTurns } : {}),
      ...(observers.length ? { observers } : {}),
      ...(args.save ? {} : { approver: (request) => prompt.decide(request) }),
    });
    view.watch(stream);
    const result = await stream.result;
    view.summary(result, startedAt);
    if (result.status === 'interrupted') {
      for (const request of result.interruptions) {
        view.note(
          `  waiting for a decision: ${request.serverLabel ? `${request.serverLabel}.` : ''}${request.toolName}(${request.arguments})`,
        );
      }
      if (args.save) {
        await writeFile(args.save, `${JSON.stringify(result.state, null, 2)}\n`);
        view.note(
          `saved the paused run to ${args.save}; finish it with: turnkit run ${argv[0]} --resume ${args.save} [--approve | --reject REASON]`,
        );
      } else {
        view.note('the run is waiting for a decision; run with --save FILE to keep it and decide later');
      }
    }
    if (result.status === 'incomplete')
      view.note(`the last response was incomplete: ${result.incompleteReason ?? 'unknown reason'}`);
    if (args.log) view.note(`run log: ${args.log} (turnkit view ${args.log})`);
    return exitOf(result);
  } catch (error) {
    view.stop();
    if (error instanceof CliUsageError) throw error;
    const code = TurnkitError.is(error) ? `${error.code}: ` : '';
    view.note(`turnkit run: ${code}${error instanceof Error ? error.message : String(error)}`);
    return abort.signal.aborted ? EXIT.interrupted : EXIT.failed;
  } finally {
    view.stop();
    prompt.close();
    process.off('SIGINT', onInterrupt);
    await connection?.close();
  }
}

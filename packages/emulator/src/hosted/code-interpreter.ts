import { codeInterpreterCallEmitter } from '../emitters/code-interpreter.js';
import { buildItems } from '../emitters/index.js';
import type { ScriptCodeInterpreterCall, ScriptItem, ScriptMessage } from '../model/script.js';
import type { CreateRequest } from '../validate/create-request.js';
import { HttpError } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { Container, ContainerFile, ContainerStore } from './containers.js';
import type { PythonSandbox } from './python-sandbox.js';

/** What the code interpreter uses of an emulator: its containers, its Python and its settings. */
export interface CodeInterpreterHost {
  readonly containers: ContainerStore;
  readonly sandbox: PythonSandbox;
  /** The time limit of one code interpreter run, in milliseconds. */
  readonly codeTimeoutMs: number;
  /** Put the traceback of code that raised into the call's `logs` output. */
  readonly codeTracebackInLogs: boolean;
}

/** What one run left behind, beside the wire item: for the report and the citations. */
interface CallRun {
  container: Container;
  logs: string;
  error: string | null;
  timedOut: boolean;
  /** Container files the code created or changed. */
  written: ContainerFile[];
}

/**
 * The code interpreter of one response: it runs a turn's `code_interpreter_call` items in the
 * tool's container and resolves the citations of its messages.
 */
export interface CodeInterpreter {
  /**
   * Builds one scripted item: runs a code call, adds a message's citations; other items are built
   * as usual.
   */
  build(spec: ScriptItem): Promise<WireItem[]>;
  /**
   * The default model's message after code calls the output ends with: the output (or the
   * exception, or the time-out) and links to the files the code wrote, cited.
   */
  report(output: readonly WireItem[]): WireItem | null;
}

/**
 * Checks the request's `code_interpreter` tool against the emulator's containers and files and
 * returns the response's code interpreter (or `null` when the request has no such tool). With
 * `container: "cntr_…"` the code runs there; with `{type: "auto"}` it runs in the container of the
 * context's latest `code_interpreter_call` while that container exists (as the real service
 * reuses it), else in a new container (`file_ids` copied in, `memory_limit` kept) created on the
 * first run.
 *
 * @throws {HttpError} 404 for an unknown container id or file id (naming the param).
 * @example
 * import type { EmulatorState } from '../routes/emulator-state.js';
 * import type { ResolvedContext } from '../state/context.js';
 * import type { CreateRequest } from '../validate/create-request.js';
 * import { prepareCodeInterpreter } from './code-interpreter.js';
 * declare const state: EmulatorState;
 * declare const request: CreateRequest;
 * declare const context: ResolvedContext;
 * const ci = prepareCodeInterpreter(state, request, context.items);
 */
export function prepareCodeInterpreter(
  state: CodeInterpreterHost,
  request: CreateRequest,
  context: readonly WireItem[],
): CodeInterpreter | null {
  if (request.tools.length === 0) return null;
  const index = request.tools.findIndex((t) => t.type === 'code_interpreter');
  if (index < 0) return null;
  const param = `tools[${index}].container`;
  const spec = request.tools[index]!.container as string | JsonObject;
  let container: Container | undefined;
  let create: (() => Container) | undefined;
  if (typeof spec === 'string') {
    container = state.containers.containers.get(spec);
    if (!container) {
      throw new HttpError(404, {
        message: `No container found with id '${spec}'.`,
        type: 'invalid_request_error',
        param,
        code: null,
      });
    }
  } else {
    const fileIds = state.containers.checkFileIds(spec.file_ids, `${param}.file_ids`);
    const memoryLimit = (spec.memory_limit as string | null | undefined) ?? undefined;
    container = reusedContainer(state, context);
    create = () => {
      const created = state.containers.create({
        name: 'Code Interpreter (auto)',
        ...(memoryLimit ? { memoryLimit } : {}),
      });
      state.containers.attachFiles(created, fileIds);
      return created;
    };
  }
  const runs = new Map<WireItem, CallRun>();
  const current = (): Container | undefined => {
    if (container && !state.containers.containers.has(container.id)) container = undefined;
    return container;
  };

  const runCode = async (call: ScriptCodeInterpreterCall): Promise<WireItem> => {
    let target = current();
    if (!target) {
      if (!create) throw scriptError(`the container of the code_interpreter tool was deleted`);
      target = create();
      container = target;
    }
    const files = [...target.files.values()].map((f) => ({ path: f.path, data: f.data }));
    const run = await state.sandbox
      .run(target.id, call.code, files, state.codeTimeoutMs)
      .catch((error: unknown) => {
        throw new HttpError(
          500,
          {
            message: `The emulator's Python sandbox failed: ${error instanceof Error ? error.message : String(error)}`,
            type: 'server_error',
            param: null,
            code: null,
          },
          { 'x-should-retry': 'false' },
        );
      });
    const written = run.changed.map((f) =>
      state.containers.putFile(target, f.path, Buffer.from(f.data), 'assistant'),
    );
    for (const path of run.deleted) target.files.delete(path);
    target.last_active_at = Math.floor(Date.now() / 1000);
    let logs = run.logs;
    if (run.timedOut) {
      logs += `${logs && !logs.endsWith('\n') ? '\n' : ''}Execution timed out after ${seconds(state.codeTimeoutMs)}; the container's Python state was reset.`;
    } else if (run.error && state.codeTracebackInLogs) {
      logs += `${logs && !logs.endsWith('\n') ? '\n' : ''}${run.error}`;
    }
    const item = codeInterpreterCallEmitter.build({
      type: 'code_interpreter_call',
      code: call.code,
      container_id: target.id,
      // Built in full; left out (null) unless included, by turn/includes.ts.
      outputs: logs === '' ? [] : [{ type: 'logs', logs }],
    });
    runs.set(item, { container: target, logs: run.logs, error: run.error, timedOut: run.timedOut, written });
    return item;
  };

  const message = (spec: ScriptMessage): WireItem => {
    const [item] = buildItems([
      { type: 'message', text: spec.text, ...(spec.phase ? { phase: spec.phase } : {}) },
    ]);
    const names = spec.cite === undefined ? [] : typeof spec.cite === 'string' ? [spec.cite] : spec.cite;
    if (names.length === 0) return item!;
    const target = current();
    if (!target) {
      throw scriptError(
        `the message cites ${names.map((n) => `'${n}'`).join(', ')}, but no code has run in a container yet`,
      );
    }
    const part = (item!.content as JsonObject[])[0]!;
    part.annotations = names.map((name) => citation(target, name, spec.text));
    return item!;
  };

  return {
    async build(spec) {
      if (spec.type === 'code_interpreter_call') return [await runCode(spec)];
      if (spec.type === 'message') return [message(spec)];
      return buildItems([spec]);
    },
    report(output) {
      const calls: CallRun[] = [];
      for (let i = output.length - 1; i >= 0 && output[i]!.type === 'code_interpreter_call'; i--) {
        const run = runs.get(output[i]!);
        if (run) calls.unshift(run);
      }
      if (calls.length === 0) return null;
      const texts = calls.map((run) => {
        const printed = run.logs.trimEnd();
        if (run.timedOut) {
          return `The code did not finish within ${seconds(state.codeTimeoutMs)}, so it was stopped.`;
        }
        if (run.error) {
          return `${printed ? `${printed}\n` : ''}The code raised an exception:\n${run.error.trimEnd()}`;
        }
        return printed || 'The code ran without output.';
      });
      const files = [...new Map(calls.flatMap((r) => r.written).map((f) => [f.path, f])).values()];
      const names = files.map((f) => f.path.slice('/mnt/data/'.length));
      const links = names.map((name) => `- [${name}](sandbox:/mnt/data/${name})`);
      const text = [texts.join('\n\n'), ...(links.length ? [`Files:\n${links.join('\n')}`] : [])].join(
        '\n\n',
      );
      return message({ type: 'message', text, ...(names.length ? { cite: names } : {}) });
    },
  };
}

function reusedContainer(state: CodeInterpreterHost, context: readonly WireItem[]): Container | undefined {
  for (let i = context.length - 1; i >= 0; i--) {
    const item = context[i]!;
    if (item.type !== 'code_interpreter_call' || typeof item.container_id !== 'string') continue;
    const found = state.containers.containers.get(item.container_id);
    if (found) return found;
  }
  return undefined;
}

/**
 * A `container_file_citation` for a container file: it spans the first `sandbox:/mnt/data/NAME`
 * of the text (as in the recording), else the first `/mnt/data/NAME`, else the name, else `0..0`
 * (as a real image citation shows). Indexes count UTF-16 code units, as JavaScript strings do.
 */
function citation(container: Container, name: string, text: string): JsonObject {
  const path = name.startsWith('/mnt/data/') ? name : `/mnt/data/${name}`;
  const file =
    container.files.get(path) ??
    [...container.files.values()].find((f) => f.path.split('/').at(-1) === name.split('/').at(-1));
  if (!file) {
    throw scriptError(`the message cites '${name}', but container ${container.id} has no such file`);
  }
  const relative = file.path.slice('/mnt/data/'.length);
  const filename = file.path.split('/').at(-1)!;
  let start = 0;
  let end = 0;
  for (const needle of [`sandbox:${file.path}`, file.path, relative, filename]) {
    const at = text.indexOf(needle);
    if (at >= 0) {
      start = at;
      end = at + needle.length;
      break;
    }
  }
  return {
    type: 'container_file_citation',
    container_id: container.id,
    end_index: end,
    file_id: file.id,
    filename,
    start_index: start,
  };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function scriptError(problem: string): HttpError {
  return new HttpError(
    500,
    { message: `Script error: ${problem}.`, type: 'server_error', param: null, code: null },
    { 'x-should-retry': 'false' },
  );
}

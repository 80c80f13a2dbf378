import type { AnyDeps } from '@turnkit/tools';
import { clientOf } from '../client/resolve-client.js';
import type { ClientSource } from '../connection/client-source.js';
import { ConfigurationError } from '../errors/input-errors.js';
import type { AgentConfig } from '../run/agent-config.js';
import type { EmitFn, RunEvent, RunEventType } from '../run/events.js';
import type { ObservedRun, RunObservation, RunObserver } from '../run/run-observer.js';
import type { RunInput } from '../run/run-options.js';
import type { RunResult } from '../run/run-result.js';
import { ListenerError, RunError } from '../run-errors/run-errors.js';

/**
 * Checks an `observers` option: an array of objects with an `observe` function.
 * @throws {ConfigurationError} naming `option` and what an observer is.
 */
export function observersOption(value: unknown, option: string): readonly RunObserver[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ConfigurationError(
      option,
      `\`${option}\` must be an array of run observers, e.g. [createTracing({ tracer }), createRunLog('runs.jsonl')].`,
    );
  }
  for (const [index, observer] of value.entries()) {
    if (!observer || typeof (observer as RunObserver).observe !== 'function') {
      throw new ConfigurationError(
        `${option}[${index}]`,
        `\`${option}[${index}]\` is not a run observer (an object with an observe(run) method), e.g. createTracing({ tracer }).`,
      );
    }
  }
  return Object.freeze([...value]);
}

/** The model and base URL a run will use, as far as its options tell before it starts. */
function target(
  agent: AgentConfig<AnyDeps>,
  source: ClientSource | undefined,
): Pick<ObservedRun, 'model' | 'baseURL'> {
  const chosen = source ?? agent.client;
  let baseURL: string | undefined;
  try {
    baseURL = chosen === undefined ? undefined : String(clientOf(chosen).baseURL);
  } catch {
    baseURL = undefined; // the run itself reports a bad client
  }
  const connectionModel =
    chosen && typeof chosen === 'object' && 'mode' in chosen && 'model' in chosen ? chosen.model : undefined;
  return { model: agent.model ?? connectionModel, baseURL };
}

/**
 * Runs `run` with the observers of the agent and of the run watching it: each observer's
 * observation sees every event before the listeners do, may wrap the run (`around`), and is ended
 * (`end`) before the run's promise settles. Without observers it is `run(emit)` and nothing else.
 */
export function observeRun(
  agent: AgentConfig<AnyDeps>,
  input: RunInput,
  options: { observers?: readonly RunObserver[]; client?: ClientSource },
  emit: EmitFn,
  run: (emit: EmitFn) => Promise<RunResult>,
): Promise<RunResult> {
  if (agent.observers.length === 0 && options.observers === undefined) return run(emit);
  let observations: RunObservation[];
  try {
    const observers = [...agent.observers, ...observersOption(options.observers, 'run.observers')];
    const observed: ObservedRun = { agent, input, ...target(agent, options.client) };
    observations = observers.flatMap((observer) => observer.observe(observed) ?? []);
  } catch (error) {
    return Promise.reject(error);
  }
  if (observations.length === 0) return run(emit);
  return watched(observations, emit, run);
}

async function watched(
  observations: RunObservation[],
  emit: EmitFn,
  run: (emit: EmitFn) => Promise<RunResult>,
): Promise<RunResult> {
  const wanted = (type: RunEventType): boolean =>
    observations.some((o) => (o.wants ? o.wants(type) : type !== 'raw'));
  const listened = emit.wants;
  const watchedEmit: EmitFn = Object.assign(
    (event: RunEvent): void => {
      let failure: { error: unknown } | undefined;
      for (const observation of observations) {
        if (observation.wants ? !observation.wants(event.type) : event.type === 'raw') continue;
        try {
          observation.event(event);
        } catch (error) {
          failure ??= { error };
        }
      }
      // A stream's emit keeps what its listeners throw rather than throwing: thrown on from here
      // (the run guards this emit), a listener's failure stays first, as an observer's does.
      const before = emit.failure;
      emit(event);
      if (emit.failure !== before) throw emit.failure!.error;
      if (failure) throw failure.error;
    },
    { wants: (type: RunEventType) => (listened ? listened(type) : true) || wanted(type) },
  );
  const wrapped = observations.reduce<() => Promise<RunResult>>(
    (inner, observation) => (observation.around ? () => observation.around!(inner) : inner),
    () => run(watchedEmit),
  );
  let result: RunResult;
  try {
    result = await wrapped();
  } catch (error) {
    const failure = await endAll(observations);
    if (failure && error instanceof RunError && !error.listenerError) {
      error.listenerError = new ListenerError('run_failed', failure.error);
    }
    throw error;
  }
  const failure = await endAll(observations);
  if (failure) throw new ListenerError('run_finished', failure.error, result);
  return result;
}

/** Ends every observation, each even when another fails; the first failure, if any. */
async function endAll(observations: RunObservation[]): Promise<{ error: unknown } | undefined> {
  let failure: { error: unknown } | undefined;
  for (const observation of observations) {
    try {
      await observation.end?.();
    } catch (error) {
      failure ??= { error };
    }
  }
  return failure;
}

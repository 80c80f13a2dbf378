import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  type RunToolContext,
  runTool,
  type Tool,
  ToolAbortedError,
  type ToolContext,
  ToolExecutionError,
  ToolInputError,
  ToolTimeoutError,
} from '../src/index.js';
import { callContext } from './fixtures/call-context.js';

const context = (overrides: Partial<RunToolContext> = {}): RunToolContext =>
  callContext({ toolName: 'get_weather', ...overrides });

function weatherTool(execute: Tool['execute'], timeoutMs?: number): Tool {
  return defineTool({
    name: 'get_weather',
    description: 'Get the weather for a city.',
    input: z.object({ city: z.string(), units: z.enum(['c', 'f']).optional() }),
    execute,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/** A tool that never settles and ignores its signal. */
const stubborn = () => new Promise<never>(() => {});

describe('runTool', () => {
  it('runs the tool with the validated input and the context, and returns its output', async () => {
    const execute = vi.fn(
      (input: { city: string }, ctx: ToolContext) => `sunny in ${input.city} (${ctx.callId})`,
    );
    const result = await runTool(
      weatherTool(execute),
      '{"city":"Oslo","units":null}',
      context({ deps: { db: 1 } }),
    );
    expect(result).toEqual({ ok: true, output: 'sunny in Oslo (call_1)' });
    expect(execute).toHaveBeenCalledWith(
      { city: 'Oslo' },
      expect.objectContaining({
        callId: 'call_1',
        toolName: 'get_weather',
        runId: 'run_1',
        turn: 1,
        deps: { db: 1 },
      }),
    );
  });

  it('gives the tool the fields of its context, a caller’s own extra ones too, but never onProgress', async () => {
    const seen: ToolContext[] = [];
    const keep = (_input: unknown, ctx: ToolContext) => {
      seen.push(ctx);
      return 'ok';
    };
    const channel = Symbol('channel');
    const given = context({ deps: { db: 1 }, onProgress: () => {} });
    await runTool(weatherTool(keep), '{"city":"Oslo"}', given);
    await runTool(weatherTool(keep), '{"city":"Oslo"}', {
      ...given,
      tenant: 'acme',
      [channel]: 7,
    } as RunToolContext);
    await runTool(weatherTool(keep, 1000), '{"city":"Oslo"}', { ...given, [channel]: 8 } as RunToolContext);
    const fields = ['signal', 'callId', 'toolName', 'runId', 'turn', 'deps', 'progress'];
    expect(seen.map((ctx) => Reflect.ownKeys(ctx))).toEqual([
      fields,
      [...fields.slice(0, -1), 'tenant', 'progress', channel], // (symbols come last in ownKeys)
      [...fields, channel],
    ]);
    expect(seen[0]).toMatchObject({ signal: given.signal, callId: 'call_1', deps: { db: 1 } });
    expect(seen[1]).toMatchObject({ tenant: 'acme', [channel]: 7 });
    expect(seen[2]?.signal).not.toBe(given.signal); // the time limit's own signal
    for (const ctx of seen) expect(ctx.progress({ progress: 1 })).toBe(false); // the call is over
  });

  it('formats a non-string output as JSON', async () => {
    const result = await runTool(
      weatherTool(() => ({ temperature: 21, sky: 'clear' })),
      '{"city":"Oslo"}',
      context(),
    );
    expect(result).toEqual({ ok: true, output: '{"temperature":21,"sky":"clear"}' });
  });

  it('reports invalid arguments to the model without running the tool', async () => {
    const execute = vi.fn();
    const result = await runTool(weatherTool(execute), '{"units":"k"}', context());
    expect(execute).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolInputError);
    expect(result.output).toBe(
      'Error: invalid arguments for tool "get_weather": city: Required; units: Invalid option: expected one of "c"|"f"',
    );
  });

  it('reports invalid JSON to the model, quoting the parse problem', async () => {
    const result = await runTool(weatherTool(vi.fn()), '{"city": Oslo', context());
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(
      /^Error: invalid arguments for tool "get_weather": not valid JSON \(Unexpected token/,
    );
  });

  it('turns a throw into a ToolExecutionError whose model message has the message but not the stack', async () => {
    const thrown = new Error('weather service returned 503');
    const result = await runTool(
      weatherTool(async () => {
        throw thrown;
      }),
      '{"city":"Oslo"}',
      context(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolExecutionError);
    expect(result.error.cause).toBe(thrown);
    expect(result.output).toBe('Error: tool "get_weather" failed: weather service returned 503');
    expect(result.output).not.toContain('at ');
  });

  it('catches a synchronous throw and a thrown non-Error value', async () => {
    const sync = await runTool(
      weatherTool(() => {
        throw new TypeError('bad city');
      }),
      '{"city":"x"}',
      context(),
    );
    expect(sync.output).toBe('Error: tool "get_weather" failed: bad city');
    const stringly = await runTool(
      weatherTool(() => Promise.reject('just a string')),
      '{"city":"x"}',
      context(),
    );
    expect(stringly.output).toBe('Error: tool "get_weather" failed: just a string');
  });

  it('keeps a ToolExecutionError the tool threw itself, telling the model its cause', async () => {
    const own = new ToolExecutionError('get_weather', 'Upstream refused the city.', {
      cause: new Error('no such city'),
    });
    const result = await runTool(
      weatherTool(() => {
        throw own;
      }),
      '{"city":"x"}',
      context(),
    );
    expect(result).toEqual({
      ok: false,
      error: own,
      output: 'Error: tool "get_weather" failed: no such city',
    });
  });

  it('keeps a ToolInputError the tool threw for its own validation', async () => {
    const own = new ToolInputError('get_weather', [{ path: 'city', message: 'unknown city' }]);
    const result = await runTool(
      weatherTool(() => {
        throw own;
      }),
      '{"city":"Atlantis"}',
      context(),
    );
    expect(result).toEqual({
      ok: false,
      error: own,
      output: 'Error: invalid arguments for tool "get_weather": city: unknown city',
    });
  });

  it('keeps a ToolTimeoutError the tool threw for a time limit of its own, reported as a timeout', async () => {
    const own = new ToolTimeoutError('get_weather', 250, { cause: new Error('upstream request timed out') });
    const result = await runTool(
      weatherTool(() => Promise.reject(own)),
      '{"city":"Oslo"}',
      context(),
    );
    expect(result).toEqual({
      ok: false,
      error: own,
      output: 'Error: tool "get_weather" timed out after 250 ms.',
    });
  });

  it('times out a tool that ignores its signal, and aborts that signal', async () => {
    let seen: AbortSignal | undefined;
    const started = performance.now();
    const result = await runTool(
      weatherTool((_input, ctx) => {
        seen = ctx.signal;
        return stubborn();
      }, 30),
      '{"city":"Oslo"}',
      context(),
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolTimeoutError);
    expect((result.error as ToolTimeoutError).timeoutMs).toBe(30);
    expect(result.output).toBe('Error: tool "get_weather" timed out after 30 ms.');
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(ToolTimeoutError);
  });

  it('reports a timeout, not a failure, when the tool rejects because its signal aborted', async () => {
    const result = await runTool(
      weatherTool(
        (_input, { signal }) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
          ),
        20,
      ),
      '{"city":"Oslo"}',
      context(),
    );
    expect(result.ok === false && result.error).toBeInstanceOf(ToolTimeoutError);
  });

  it('does not time out a tool that finishes in time, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    try {
      const pending = runTool(
        weatherTool(async () => 'done', 60_000),
        '{"city":"Oslo"}',
        context(),
      );
      const result = await pending;
      expect(result).toEqual({ ok: true, output: 'done' });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops waiting when the run is aborted, even for a tool that ignores its signal', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const pending = runTool(
      weatherTool((_input, ctx) => {
        seen = ctx.signal;
        return stubborn();
      }, 60_000),
      '{"city":"Oslo"}',
      context({ signal: controller.signal }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('user cancelled'));
    const result = await pending;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolAbortedError);
    expect(result.error.cause).toEqual(new Error('user cancelled'));
    expect(result.output).toBe('Error: tool "get_weather" was cancelled before it finished.');
    expect(seen?.aborted).toBe(true);
  });

  it('passes the run signal itself when the tool has no time limit', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    await runTool(
      weatherTool((_input, ctx) => {
        seen = ctx.signal;
        return 'ok';
      }),
      '{"city":"Oslo"}',
      context({ signal: controller.signal }),
    );
    expect(seen).toBe(controller.signal);
  });

  it('does not start a tool when the run is already aborted', async () => {
    const execute = vi.fn();
    const result = await runTool(
      weatherTool(execute),
      '{"city":"Oslo"}',
      context({ signal: AbortSignal.abort() }),
    );
    expect(execute).not.toHaveBeenCalled();
    expect(result.ok === false && result.error).toBeInstanceOf(ToolAbortedError);
  });

  it('ignores a late rejection of a tool it stopped waiting for', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const result = await runTool(
        weatherTool(() => new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30)), 5),
        '{"city":"Oslo"}',
        context(),
      );
      expect(result.ok === false && result.error).toBeInstanceOf(ToolTimeoutError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('turns an output that cannot be serialized into a ToolExecutionError result', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const result = await runTool(
      weatherTool(() => cyclic),
      '{"city":"Oslo"}',
      context(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolExecutionError);
    expect(result.output).toMatch(
      /^Error: tool "get_weather" returned an output that cannot be sent to the model: the value cannot be serialized to JSON/,
    );
    const big = await runTool(
      weatherTool(() => ({ n: 10n })),
      '{"city":"Oslo"}',
      context(),
    );
    expect(big.ok === false && big.error).toBeInstanceOf(ToolExecutionError);
  });

  it('checks async refinements of the input', async () => {
    const tool = defineTool({
      name: 'lookup',
      description: 'Look up.',
      input: z.object({ id: z.string().refine(async (id) => id.startsWith('A-'), 'ids start with A-') }),
      execute: ({ id }) => id,
    });
    expect(await runTool(tool, '{"id":"A-1"}', context())).toEqual({ ok: true, output: 'A-1' });
    expect((await runTool(tool, '{"id":"B-1"}', context())).output).toBe(
      'Error: invalid arguments for tool "lookup": id: ids start with A-',
    );
  });

  it('never throws, even for a tool whose input schema throws', async () => {
    const broken = {
      ...weatherTool(() => 'x'),
      input: {
        safeParseAsync: () => {
          throw new Error('schema exploded');
        },
      },
    } as unknown as Tool;
    const result = await runTool(broken, '{"city":"Oslo"}', context());
    expect(result.ok === false && result.error).toBeInstanceOf(ToolExecutionError);
  });
});

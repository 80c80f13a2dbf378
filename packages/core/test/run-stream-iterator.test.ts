import { describe, expect, it } from 'vitest';
import { ConfigurationError, type RunEvent, type RunResult, RunStream } from '../src/index.js';
import type { EmitFn } from '../src/run/events.js';

/** A run driven by hand: the test emits its events and settles it. */
function handRun() {
  let emit: EmitFn | undefined;
  let settle: { resolve: (r: RunResult) => void; reject: (e: unknown) => void } | undefined;
  const stream = new RunStream(
    (e) =>
      new Promise<RunResult>((resolve, reject) => {
        emit = e;
        settle = { resolve, reject };
      }),
  );
  return {
    stream,
    emit: (delta: string) => emit!(textDelta(delta)),
    wants: (type: RunEvent['type']) => emit!.wants!(type),
    finish: (output: string) => settle!.resolve({ output } as RunResult),
    fail: (error: unknown) => settle!.reject(error),
  };
}

const textDelta = (delta: string): RunEvent => ({
  type: 'text_delta',
  delta,
  itemId: 'msg_1',
  runId: 'r',
  turn: 1,
  agent: 'a',
  depth: 0,
});
const deltaOf = (step: IteratorResult<RunEvent>) =>
  step.done ? 'done' : (step.value as { delta: string }).delta;

describe('a RunStream iterated by hand', () => {
  it('hands the events that arrived while nobody waited to the next callers, in order', async () => {
    const run = handRun();
    const iterator = run.stream[Symbol.asyncIterator]();
    const first = iterator.next();
    run.emit('a');
    run.emit('b');
    run.emit('c');
    expect(deltaOf(await first)).toBe('a');
    expect(deltaOf(await iterator.next())).toBe('b');
    run.emit('d');
    expect(deltaOf(await iterator.next())).toBe('c');
    expect(deltaOf(await iterator.next())).toBe('d');
    run.finish('abcd');
    expect((await iterator.next()).done).toBe(true);
    expect((await run.stream.result).output).toBe('abcd');
  });

  it("gives callers waiting past the end the end, the first of them the run's error", async () => {
    const run = handRun();
    const iterator = run.stream[Symbol.asyncIterator]();
    const steps = Array.from({ length: 4 }, () => iterator.next());
    run.emit('only');
    const failure = new Error('the run failed');
    run.fail(failure);
    const settled = await Promise.allSettled(steps);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: { done: false, value: textDelta('only') } });
    expect(settled[1]).toEqual({ status: 'rejected', reason: failure });
    expect(settled.slice(2)).toEqual([
      { status: 'fulfilled', value: { done: true, value: undefined } },
      { status: 'fulfilled', value: { done: true, value: undefined } },
    ]);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await expect(run.stream.result).rejects.toBe(failure);
  });

  it('ends the callers still waiting when the loop is left, stops taking events, and lets the run go on', async () => {
    const run = handRun();
    const iterator = run.stream[Symbol.asyncIterator]();
    const waiting = [iterator.next(), iterator.next()];
    expect(run.wants('text_delta')).toBe(true);
    expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    expect(await Promise.all(waiting)).toEqual([
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(run.wants('text_delta')).toBe(false);
    const heard: string[] = [];
    run.stream.on('text_delta', (e) => heard.push(e.delta));
    expect(run.wants('text_delta')).toBe(true);
    run.emit('later');
    run.finish('later');
    expect(heard).toEqual(['later']);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect((await run.stream.result).output).toBe('later');
  });

  it('rejects throw() with what it is given and ends the iteration as return() does', async () => {
    const run = handRun();
    const iterator = run.stream[Symbol.asyncIterator]();
    const waiting = iterator.next();
    const reason = new Error('the caller gave up');
    await expect(iterator.throw!(reason)).rejects.toBe(reason);
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(run.wants('text_delta')).toBe(false);
    run.finish('unseen');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect((await run.stream.result).output).toBe('unseen');
  });

  it('gives only the end when iterated after the run ended, or its error when it failed', async () => {
    const ok = handRun();
    void ok.stream.result;
    ok.emit('unheard');
    ok.finish('fine');
    await ok.stream.result;
    const steps: string[] = [];
    for await (const event of ok.stream) steps.push(event.type);
    expect(steps).toEqual([]);

    const failed = handRun();
    const failure = new Error('it broke');
    void failed.stream.result.catch(() => {});
    failed.fail(failure);
    await expect(failed.stream.result).rejects.toBe(failure);
    const iterator = failed.stream.events({ types: ['text_delta'] });
    await expect(iterator.next()).rejects.toBe(failure);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('leaves the stream to the iterator that began when another one is returned', async () => {
    const run = handRun();
    const unused = run.stream.events({ types: ['message'] });
    const iterator = run.stream[Symbol.asyncIterator]();
    const first = iterator.next();
    await unused.return!();
    run.emit('kept');
    expect(deltaOf(await first)).toBe('kept');
    expect(await unused.next()).toEqual({ done: true, value: undefined });
    run.finish('kept');
    expect((await iterator.next()).done).toBe(true);
  });

  it('rejects its result with what a producer throws at once, every time it is read, and the iterator throws it', async () => {
    const failure = new Error('no run');
    const stream = new RunStream(() => {
      throw failure;
    });
    const read = () => stream.result;
    expect(read).not.toThrow();
    await expect(stream.result).rejects.toBe(failure);
    await expect(stream.result).rejects.toBe(failure);
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBe(failure);
  });

  it('refuses a producer that is not a function, naming what it takes', () => {
    const refusal = (() => {
      try {
        new RunStream(42 as never);
      } catch (error) {
        return error as ConfigurationError;
      }
      throw new Error('the RunStream was made');
    })();
    expect(refusal).toBeInstanceOf(ConfigurationError);
    expect(refusal.option).toBe('producer');
    expect(refusal.message).toContain('(emit) => Promise<RunResult>');
    expect(refusal.message).toContain('got 42');
  });
});

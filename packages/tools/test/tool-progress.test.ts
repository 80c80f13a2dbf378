import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  type ReportProgress,
  type RunToolContext,
  runTool,
  type ToolContext,
  type ToolProgress,
} from '../src/index.js';
import { callContext } from './fixtures/call-context.js';

const context = (onProgress?: (update: ToolProgress) => void): RunToolContext =>
  callContext({ toolName: 'crawl', ...(onProgress ? { onProgress } : {}) });

/** A tool whose `execute` is `body`, with no arguments. */
function tool(body: (ctx: ToolContext) => unknown, timeoutMs?: number) {
  return defineTool({
    name: 'crawl',
    description: 'Crawls pages.',
    input: z.object({}),
    execute: (_input, ctx) => body(ctx),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

describe('ctx.progress in runTool', () => {
  it('passes every report to onProgress in order, while the tool runs, as a copy of its three fields', async () => {
    const heard: ToolProgress[] = [];
    const answers: boolean[] = [];
    const report = { progress: 1, total: 3, message: 'fetched page 1', extra: 'dropped' };
    const result = await runTool(
      tool(async ({ progress }) => {
        answers.push(progress(report));
        report.message = 'changed afterwards';
        await new Promise((resolve) => setImmediate(resolve));
        answers.push(progress({ progress: 2.5, total: 3 }));
        answers.push(progress({ progress: 3, message: 'done' }));
        return `heard ${heard.length}`;
      }),
      '{}',
      context((update) => heard.push(update)),
    );
    expect(result).toEqual({ ok: true, output: 'heard 3' });
    expect(answers).toEqual([true, true, true]);
    expect(heard).toEqual([
      { progress: 1, total: 3, message: 'fetched page 1' },
      { progress: 2.5, total: 3 },
      { progress: 3, message: 'done' },
    ]);
  });

  it.each<[string, unknown]>([
    ['a progress that is not a number', { progress: '2' }],
    ['a progress of NaN', { progress: Number.NaN }],
    ['an infinite progress', { progress: Number.POSITIVE_INFINITY }],
    ['a missing progress', { total: 10 }],
    ['a total of NaN', { progress: 2, total: Number.NaN }],
    ['a total that is not a number', { progress: 2, total: '10' }],
    ['a message that is not a string', { progress: 2, message: 42 }],
    ['the same progress again', { progress: 1 }],
    ['a lower progress', { progress: 0.5 }],
    ['null', null],
    ['a number', 2],
    ['an array', [2]],
  ])('refuses %s: false, nothing passed on, and the next valid report is taken', async (_, bad) => {
    const heard: ToolProgress[] = [];
    let answers: boolean[] = [];
    await runTool(
      tool(({ progress }) => {
        answers = [progress({ progress: 1 }), progress(bad as ToolProgress), progress({ progress: 2 })];
      }),
      '{}',
      context((update) => heard.push(update)),
    );
    expect(answers).toEqual([true, false, true]);
    expect(heard).toEqual([{ progress: 1 }, { progress: 2 }]);
  });

  it('never throws into the tool: not for a report whose getter throws, nor a Proxy, nor a listener that throws', async () => {
    const hostile = {
      get progress(): number {
        throw new Error('getter');
      },
    };
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    let answers: boolean[] = [];
    const result = await runTool(
      tool(({ progress }) => {
        answers = [
          progress(hostile as ToolProgress),
          progress(proxy as ToolProgress),
          progress({ progress: 1, message: 'the listener throws on this one' }),
          progress({ progress: 2 }),
        ];
        return 'finished';
      }),
      '{}',
      context(() => {
        throw new Error('listener bug');
      }),
    );
    expect(answers).toEqual([false, false, true, true]);
    expect(result).toEqual({ ok: true, output: 'finished' });
  });

  it('refuses reports once the call is over: after it returned, and after its time limit passed', async () => {
    const heard: ToolProgress[] = [];
    let kept: ReportProgress | undefined;
    await runTool(
      tool(({ progress }) => {
        kept = progress;
        return 'done';
      }),
      '{}',
      context((update) => heard.push(update)),
    );
    expect(kept?.({ progress: 1 })).toBe(false);

    const timedOut = await runTool(
      tool(({ progress }) => {
        progress({ progress: 1, message: 'before the limit' });
        kept = progress;
        return new Promise(() => {}); // never settles, so the limit passes while it still runs
      }, 20),
      '{}',
      context((update) => heard.push(update)),
    );
    expect(timedOut.ok ? undefined : timedOut.error.code).toBe('tool_timeout');
    expect(kept?.({ progress: 2, message: 'after the limit' })).toBe(false);
    expect(heard).toEqual([{ progress: 1, message: 'before the limit' }]);
  });

  it('checks reports without onProgress too, and the tool runs as usual', async () => {
    let answers: boolean[] = [];
    const result = await runTool(
      tool(({ progress }) => {
        answers = [progress({ progress: 1 }), progress({ progress: 1 })];
        return 'ok';
      }),
      '{}',
      context(),
    );
    expect(answers).toEqual([true, false]);
    expect(result).toEqual({ ok: true, output: 'ok' });
  });

  it('gives the tool its own progress even when the caller passes a whole ToolContext', async () => {
    const heard: ToolProgress[] = [];
    const passed: ToolContext & RunToolContext = {
      ...context((update) => heard.push(update)),
      progress: () => {
        throw new Error('never called');
      },
    };
    const result = await runTool(
      tool(({ progress }) => String(progress({ progress: 1 }))),
      '{}',
      passed,
    );
    expect(result).toEqual({ ok: true, output: 'true' });
    expect(heard).toEqual([{ progress: 1 }]);
  });
});

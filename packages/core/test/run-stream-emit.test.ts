import { describe, expect, it } from 'vitest';
import { type RunEvent, type RunResult, RunStream } from '../src/index.js';
import type { EmitFn } from '../src/run/events.js';

const event = (type: 'text_delta' | 'message', text: string): RunEvent =>
  type === 'text_delta'
    ? { type, delta: text, itemId: 'msg_1', runId: 'r', turn: 1, agent: 'a', depth: 0 }
    : { type, text, itemId: 'msg_1', runId: 'r', turn: 1, agent: 'a', depth: 0 };

describe("a RunStream's emit", () => {
  it('never throws: it keeps the first listener failure and its event type, and every listener still hears each event', async () => {
    let emit: EmitFn | undefined;
    let finish: ((result: RunResult) => void) | undefined;
    const stream = new RunStream(
      (e) =>
        new Promise<RunResult>((resolve) => {
          emit = e;
          finish = resolve;
        }),
    );
    const first = new Error('first listener bug');
    const heard: string[] = [];
    stream.on('text_delta', () => {
      throw first;
    });
    stream.on('text_delta', (e) => heard.push(e.delta));
    stream.on('message', () => {
      throw new Error('a later bug');
    });
    stream.on('message', (e) => heard.push(e.text));
    void stream.result;
    expect(emit!.failure).toBeNull();
    expect(() => emit!(event('text_delta', 'Hi'))).not.toThrow();
    expect(() => emit!(event('message', 'Hi there'))).not.toThrow();
    expect(heard).toEqual(['Hi', 'Hi there']);
    expect(emit!.failure).toEqual({ error: first, eventType: 'text_delta' });
    finish!({ output: 'Hi there' } as RunResult);
    expect((await stream.result).output).toBe('Hi there');
  });

  it('leaves a listener throw to the caller of emit() on the stream itself, as an EventEmitter does', () => {
    const stream = new RunStream(() => new Promise<RunResult>(() => {}));
    const bug = new Error('listener bug');
    stream.on('text_delta', () => {
      throw bug;
    });
    expect(() => stream.emit('text_delta', event('text_delta', 'x') as never)).toThrow(bug);
  });
});

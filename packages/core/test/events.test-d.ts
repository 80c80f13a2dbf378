import { describe, expectTypeOf, it } from 'vitest';
import {
  type ComputerAction,
  createAgent,
  type RunEvent,
  type RunResult,
  type RunStream,
  type TextDeltaEvent,
  type ToolCallFinishedEvent,
} from '../src/index.js';

declare const stream: RunStream;

describe('typed run events', () => {
  it('gives each listener the event of its name', () => {
    stream.on('text_delta', (e) => expectTypeOf(e.delta).toEqualTypeOf<string>());
    stream.on('tool_call_finished', (e) => {
      expectTypeOf(e.ok).toEqualTypeOf<boolean>();
      expectTypeOf(e.errorCode).toEqualTypeOf<string | undefined>();
    });
    stream.on('approval_requested', (e) =>
      expectTypeOf(e.request.kind).toEqualTypeOf<'mcp' | 'function' | 'computer'>(),
    );
    stream.on('computer_action', (e) => expectTypeOf(e.action).toEqualTypeOf<ComputerAction>());
    stream.on('computer_screenshot', (e) => {
      expectTypeOf(e.base64).toEqualTypeOf<string>();
      expectTypeOf(e.currentUrl).toEqualTypeOf<string | null>();
    });
    stream.on('compaction', (e) => expectTypeOf(e.source).toEqualTypeOf<'server' | 'explicit'>());
    stream.on('tool_progress', (e) => {
      expectTypeOf(e.progress).toEqualTypeOf<number>();
      expectTypeOf(e.total).toEqualTypeOf<number | undefined>();
      expectTypeOf(e.message).toEqualTypeOf<string | undefined>();
    });
    // @ts-expect-error: not an event name
    stream.on('text-delta', () => {});
  });

  it('narrows iterated events by type, and result is a RunResult', async () => {
    for await (const event of stream) {
      expectTypeOf(event).toEqualTypeOf<RunEvent>();
      if (event.type === 'usage') expectTypeOf(event.total.totalTokens).toEqualTypeOf<number>();
    }
    expectTypeOf(stream.result).toEqualTypeOf<Promise<RunResult>>();
  });

  it('narrows stream.events({ types }) to the events of those types, and takes only event names', async () => {
    for await (const event of stream.events({ types: ['text_delta', 'tool_call_finished'] })) {
      expectTypeOf(event).toEqualTypeOf<TextDeltaEvent | ToolCallFinishedEvent>();
      if (event.type === 'tool_call_finished') expectTypeOf(event.ok).toEqualTypeOf<boolean>();
    }
    for await (const event of stream.events()) expectTypeOf(event).toEqualTypeOf<RunEvent>();
    // @ts-expect-error: not an event name
    stream.events({ types: ['text-delta'] });
  });

  it('types tool deps through the agent', () => {
    const agent = createAgent<{ db: string }>({ model: 'm' });
    expectTypeOf(agent.run).parameter(1).toMatchTypeOf<{ deps?: { db: string } } | undefined>();
  });
});

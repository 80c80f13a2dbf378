import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  createAgent,
  ListenerError,
  type ObservedRun,
  type RunEvent,
  type RunObserver,
  RunState,
} from '../src/index.js';
import { deleteInvoice } from './fixtures/invoice-tools.js';
import { getWeather, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** An observer that keeps what it saw, in order. */
function recorder(wants?: (type: RunEvent['type']) => boolean) {
  const seen: string[] = [];
  const runs: ObservedRun[] = [];
  const observer: RunObserver = {
    observe: (run) => {
      runs.push(run);
      seen.push('observe');
      return {
        ...(wants ? { wants } : {}),
        event: (event) => void seen.push(event.type),
        around: async (run) => {
          seen.push('around:start');
          const result = await run();
          seen.push('around:end');
          return result;
        },
        end: () => void seen.push('end'),
      };
    },
  };
  return { observer, seen, runs };
}

describe('run observers', () => {
  it('see the run start, every event but raw, and end before the result settles', async () => {
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Sunny.'));
    const { observer, seen, runs } = recorder();
    const agent = createAgent({ name: 'w', model: 'm', client, tools: [getWeather], observers: [observer] });
    const stream = agent.stream('Weather?');
    const raws: unknown[] = [];
    stream.on('raw', (e) => raws.push(e)); // a listener wants raw events; the observer still gets none
    const result = await stream.result;
    expect(seen[0]).toBe('observe');
    expect(seen[1]).toBe('around:start');
    expect(seen.slice(-3)).toEqual(['run_finished', 'around:end', 'end']);
    expect(seen).not.toContain('raw');
    expect(raws.length).toBeGreaterThan(0);
    expect(seen).toContain('tool_call_finished');
    expect(runs[0]).toMatchObject({ model: 'm', baseURL: emu.url, input: 'Weather?' });
    expect(runs[0]!.agent.name).toBe('w');
    expect(result.output).toBe('Sunny.');
  });

  it("get only the events their wants() asks for, and a run's observers come after the agent's", async () => {
    emu.enqueue(reply.text('Hello there.'));
    const agentLevel = recorder((type) => type === 'run_started');
    const runLevel = recorder((type) => type === 'text_delta');
    const order: string[] = [];
    const agent = createAgent({ model: 'm', client, observers: [agentLevel.observer] });
    await agent.run('Hi', {
      observers: [
        runLevel.observer,
        {
          observe: () => {
            order.push(`third after ${agentLevel.runs.length + runLevel.runs.length}`);
            return undefined;
          },
        },
      ],
    });
    expect(agentLevel.seen.filter((s) => !s.includes(':') && s !== 'observe' && s !== 'end')).toEqual([
      'run_started',
    ]);
    expect(new Set(runLevel.seen.filter((s) => !s.includes(':') && s !== 'observe' && s !== 'end'))).toEqual(
      new Set(['text_delta']),
    );
    expect(order).toEqual(['third after 2']);
  });

  it('see a resumed run as such', async () => {
    emu.enqueue(reply.toolCall('delete_invoice', { number: 'INV-7' }), reply.text('Done.'));
    const { observer, runs } = recorder();
    const agent = createAgent({
      name: 'billing',
      model: 'm',
      client,
      tools: [deleteInvoice],
      observers: [observer],
    });
    const paused = await agent.run('Delete INV-7');
    const state = RunState.fromJSON(JSON.parse(JSON.stringify(paused.state)));
    await agent.run(state.withDecisions({ [state.approvals[0]!.id]: true }));
    expect(runs[1]!.input).toMatchObject({ kind: 'turnkit.resume', state: { runId: paused.runId } });
  });

  it('turn a failing end() into a ListenerError that carries the result', async () => {
    emu.enqueue(reply.text('Done.'));
    const failing: RunObserver = {
      observe: () => ({
        event: () => {},
        end: () => Promise.reject(new Error('flush failed')),
      }),
    };
    const error = (await createAgent({ model: 'm', client, observers: [failing] })
      .run('Hi')
      .catch((e: unknown) => e)) as ListenerError;
    expect(error).toBeInstanceOf(ListenerError);
    expect(error.partial?.output).toBe('Done.');
    expect((error.cause as Error).message).toBe('flush failed');
  });

  it("leave a stream listener's throw the run's failure: the turn finishes, then the run rejects with it", async () => {
    emu.enqueue(reply.text('Done.'));
    const seen: string[] = [];
    const watching: RunObserver = { observe: () => ({ event: (event) => void seen.push(event.type) }) };
    const stream = createAgent({ model: 'm', client, observers: [watching] }).stream('Hi');
    const messages: string[] = [];
    stream.on('text_delta', () => {
      throw new Error('listener bug');
    });
    stream.on('message', (e) => messages.push(e.text));
    const error = (await stream.result.catch((e: unknown) => e)) as ListenerError;
    expect(error).toBeInstanceOf(ListenerError);
    expect(error.eventType).toBe('text_delta');
    expect((error.cause as Error).message).toBe('listener bug');
    expect(error.partial?.output).toBe('Done.');
    expect(messages).toEqual(['Done.']);
    expect(seen).toContain('run_finished');
  });

  it('treat a throwing event() as a listener failure: the turn finishes, then the run rejects', async () => {
    emu.enqueue(reply.text('Done.'));
    const throwing: RunObserver = {
      observe: () => ({
        event: (event) => {
          if (event.type === 'text_delta') throw new Error('observer bug');
        },
      }),
    };
    const texts: string[] = [];
    const stream = createAgent({ model: 'm', client, observers: [throwing] }).stream('Hi');
    stream.on('text_delta', (e) => texts.push(e.delta)); // listeners still get every event
    const error = (await stream.result.catch((e: unknown) => e)) as ListenerError;
    expect(error).toBeInstanceOf(ListenerError);
    expect(error.eventType).toBe('text_delta');
    expect(texts.join('')).toBe('Done.');
    expect(error.partial?.output).toBe('Done.');
  });
});

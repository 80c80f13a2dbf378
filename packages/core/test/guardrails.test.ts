import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  allow,
  ConfigurationError,
  checkWithAgent,
  createAgent,
  defineInputGuardrail,
  defineOutputGuardrail,
  defineToolGuardrail,
  GuardrailFailedError,
  GuardrailTrippedError,
  type RunEvent,
  tripwire,
} from '../src/index.js';
import { createBodies, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** A promise and the function that resolves it. */
function signalled<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const noSecrets = defineInputGuardrail({
  name: 'no_secrets',
  check: ({ text }) =>
    /password/i.test(text) ? tripwire('asks for a password', { word: 'password' }) : allow(),
});

describe('input guardrails', () => {
  it('stop the run before anything is sent, with the reason and the input still in the conversation', async () => {
    const agent = createAgent({ name: 'desk', model: 'm', client, inputGuardrails: [noSecrets] });
    const events: RunEvent[] = [];
    const stream = agent.stream('What is the admin password?');
    stream.on('guardrail', (e) => events.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(error).toMatchObject({
      code: 'guardrail_tripped',
      guardrail: 'no_secrets',
      kind: 'input',
      agent: 'desk',
      reason: 'asks for a password',
      details: { word: 'password' },
    });
    expect(error.message).toBe(
      'The input guardrail "no_secrets" of agent "desk" stopped the run: asks for a password',
    );
    expect(emu.requests).toHaveLength(0);
    expect(error.partial.status).toBe('stopped');
    expect(error.partial.conversation.pending).toEqual([
      { type: 'message', role: 'user', content: 'What is the admin password?' },
    ]);
    expect(events).toMatchObject([
      { type: 'guardrail', kind: 'input', guardrail: 'no_secrets', verdict: 'tripwire', depth: 0 },
    ]);
  });

  it('let the run go on when they allow', async () => {
    emu.enqueue(reply.text('Hello.'));
    const agent = createAgent({ model: 'm', client, inputGuardrails: [noSecrets] });
    expect((await agent.run('Hi')).finalOutput).toBe('Hello.');
  });

  it('in parallel mode run beside the first request, and a tripwire cancels it in flight', async () => {
    const streaming = signalled();
    const checked = { finished: false };
    const slow = defineInputGuardrail({
      name: 'slow_check',
      mode: 'parallel',
      check: async () => {
        await streaming.promise;
        checked.finished = true;
        return tripwire('off topic');
      },
    });
    emu.enqueue(reply.text('word '.repeat(60), { delayMs: 15 }));
    const agent = createAgent({ model: 'm', client, inputGuardrails: [slow] });
    const stream = agent.stream('Tell me a story');
    const deltas: string[] = [];
    const failed: RunEvent[] = [];
    stream.on('text_delta', (e) => {
      deltas.push(e.delta);
      streaming.resolve();
    });
    stream.on('turn_failed', (e) => failed.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(error.reason).toBe('off topic');
    expect(checked.finished).toBe(true);
    // The request went out before the check finished, and was cut off when it tripped.
    expect(emu.requests).toHaveLength(1);
    expect(deltas.join('').length).toBeLessThan('word '.repeat(60).length);
    expect(failed).toHaveLength(1);
    expect((failed[0] as any).error).toBe(error);
    expect(error.partial.responses).toEqual([]);
  });

  it('in parallel mode keep the tools of the first turn from running when they trip after its response completed', async () => {
    const finished = signalled();
    const ran: string[] = [];
    const act = defineTool({
      name: 'act',
      description: 'Acts.',
      input: z.object({}),
      execute: () => {
        ran.push('act');
        return 'acted';
      },
    });
    const late = defineInputGuardrail({
      name: 'late_check',
      mode: 'parallel',
      check: async () => {
        await finished.promise;
        return tripwire('not allowed');
      },
    });
    emu.enqueue(reply.toolCall('act', {}));
    const agent = createAgent({ model: 'm', client, tools: [act], inputGuardrails: [late] });
    const stream = agent.stream('Do it');
    stream.on('raw', (e) => {
      if (e.event.type === 'response.completed') finished.resolve();
    });
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(ran).toEqual([]);
    expect(error.partial.responses).toHaveLength(1);
    expect(error.partial.conversation.unansweredCalls.map((c: any) => c.name)).toEqual(['act']);
  });

  it('in parallel mode that allow leave the run as it was', async () => {
    const streaming = signalled();
    const beside = defineInputGuardrail({
      name: 'beside',
      mode: 'parallel',
      check: async () => {
        await streaming.promise;
        return allow();
      },
    });
    emu.enqueue(reply.text('All good.'));
    const stream = createAgent({ model: 'm', client, inputGuardrails: [beside] }).stream('Hi');
    stream.on('text_delta', () => streaming.resolve());
    expect((await stream.result).finalOutput).toBe('All good.');
  });

  it('that throw stop the run with GuardrailFailedError, before anything is sent', async () => {
    const broken = defineInputGuardrail({
      name: 'broken',
      check: () => {
        throw new Error('moderation service down');
      },
    });
    const error = await createAgent({ model: 'm', client, inputGuardrails: [broken] })
      .run('Hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailFailedError);
    expect(error.message).toBe(
      'The input guardrail "broken" of agent "agent" failed, so the run stopped: its check threw: moderation service down',
    );
    expect(error.cause.message).toBe('moderation service down');
    expect(emu.requests).toHaveLength(0);
  });

  it('that return something else than a verdict stop the run, saying what to return', async () => {
    const sloppy = defineInputGuardrail({ name: 'sloppy', check: () => true as never });
    const error = await createAgent({ model: 'm', client, inputGuardrails: [sloppy] })
      .run('Hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailFailedError);
    expect(error.message).toMatch(/its check returned true; return allow\(\) or tripwire\(reason\)\.$/);
  });
});

describe('output guardrails', () => {
  const refund = z.object({ invoice: z.string(), amount: z.number() });
  const cap = defineOutputGuardrail<z.output<typeof refund>>({
    name: 'refund_cap',
    check: (out, { text }) =>
      out.amount > 500 ? tripwire(`refund of ${out.amount} is above the cap`, { text }) : allow(),
  });

  it('check the typed final output, and a tripwire stops the run with it in the partial result', async () => {
    emu.enqueue(reply.text('{"invoice":"INV-7","amount":900}'));
    const agent = createAgent({ model: 'm', client, output: refund, outputGuardrails: [cap] });
    const error = await agent.run('Refund INV-7').catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(error.kind).toBe('output');
    expect(error.reason).toBe('refund of 900 is above the cap');
    expect(error.details).toEqual({ text: '{"invoice":"INV-7","amount":900}' });
    expect(error.partial.output).toBe('{"invoice":"INV-7","amount":900}');
  });

  it('let an output through when they allow', async () => {
    emu.enqueue(reply.text('{"invoice":"INV-7","amount":90}'));
    const agent = createAgent({ model: 'm', client, output: refund, outputGuardrails: [cap] });
    expect((await agent.run('Refund INV-7')).finalOutput).toEqual({ invoice: 'INV-7', amount: 90 });
  });

  it('that throw stop the run with GuardrailFailedError', async () => {
    emu.enqueue(reply.text('Done.'));
    const broken = defineOutputGuardrail({
      name: 'broken_out',
      check: async () => {
        throw new TypeError('no');
      },
    });
    const error = await createAgent({ model: 'm', client, outputGuardrails: [broken] })
      .run('Hi')
      .catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailFailedError);
    expect(error.kind).toBe('output');
  });
});

describe('tool guardrails', () => {
  function refundTool(ran: string[]) {
    return defineTool({
      name: 'refund_invoice',
      description: 'Refund.',
      input: z.object({ number: z.string(), amount: z.number() }),
      execute: ({ number, amount }) => {
        ran.push(number);
        return { number, refunded: amount, card: '4111 1111 1111 1111' };
      },
    });
  }
  const limit = defineToolGuardrail({
    name: 'refund_limit',
    before: (call) =>
      call.name === 'refund_invoice' && JSON.parse(call.arguments).amount > 500
        ? tripwire('refund above 500')
        : allow(),
  });
  const noCards = defineToolGuardrail({
    name: 'no_card_numbers',
    after: (_call, output) =>
      /\d{4} \d{4} \d{4} \d{4}/.test(String(output)) ? tripwire('a card number') : allow(),
  });

  it('block a call before it runs: it does not run, the model is told, and the run stops', async () => {
    const ran: string[] = [];
    emu.enqueue(reply.toolCall('refund_invoice', { number: 'INV-7', amount: 900 }));
    const agent = createAgent({ model: 'm', client, tools: [refundTool(ran)], toolGuardrails: [limit] });
    const error = await agent.run('Refund 900').catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(error).toMatchObject({ kind: 'tool', guardrail: 'refund_limit', callId: expect.any(String) });
    expect(ran).toEqual([]);
    // The conversation is valid to continue: the call has an output the model can read.
    expect(error.partial.conversation.pending).toEqual([
      {
        type: 'function_call_output',
        call_id: error.callId,
        output: 'Error: the guardrail "refund_limit" blocked this call, so it was not run: refund above 500',
      },
    ]);
    emu.enqueue(reply.text('I cannot refund that much.'));
    const next = await agent.run([], { conversation: error.partial.conversation });
    expect(next.finalOutput).toBe('I cannot refund that much.');
    expect(ran).toEqual([]);
  });

  it('withhold an output from the model: the tool ran once, the run stops', async () => {
    const ran: string[] = [];
    emu.enqueue(reply.toolCall('refund_invoice', { number: 'INV-8', amount: 20 }));
    const agent = createAgent({
      model: 'm',
      client,
      tools: [refundTool(ran)],
      toolGuardrails: [limit, noCards],
    });
    const error = await agent.run('Refund 20').catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(error.guardrail).toBe('no_card_numbers');
    expect(ran).toEqual(['INV-8']);
    expect(error.partial.conversation.pending[0].output).toBe(
      'Error: the guardrail "no_card_numbers" withheld the output of this call: a card number',
    );
    expect(JSON.stringify(error.partial.conversation.pending)).not.toContain('4111');
  });

  it('leave the other calls of the turn alone when they allow, and do not start calls after a tripwire', async () => {
    const ran: string[] = [];
    emu.enqueue(
      reply.toolCalls([
        { name: 'refund_invoice', arguments: { number: 'A', amount: 900 } },
        { name: 'refund_invoice', arguments: { number: 'B', amount: 10 } },
      ]),
    );
    const agent = createAgent({
      model: 'm',
      client,
      tools: [refundTool(ran)],
      toolGuardrails: [limit],
      toolConcurrency: 1,
    });
    const error = await agent.run('Two refunds').catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(ran).toEqual([]);
    expect(error.partial.conversation.pending.map((o: any) => o.output)).toEqual([
      'Error: the guardrail "refund_limit" blocked this call, so it was not run: refund above 500',
      'Error: this call was not run: the run stopped (a guardrail tripped) before it started.',
    ]);
  });

  it('that throw stop the run with GuardrailFailedError and the call unrun', async () => {
    const ran: string[] = [];
    const broken = defineToolGuardrail({
      name: 'broken_tool_check',
      before: () => {
        throw new Error('policy engine down');
      },
    });
    emu.enqueue(reply.toolCall('refund_invoice', { number: 'C', amount: 1 }));
    const error = await createAgent({
      model: 'm',
      client,
      tools: [refundTool(ran)],
      toolGuardrails: [broken],
    })
      .run('Refund')
      .catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailFailedError);
    expect(error.message).toContain('policy engine down');
    expect(ran).toEqual([]);
  });
});

describe('guardrails made of agents', () => {
  const classifier = () =>
    createAgent({
      name: 'topic_check',
      instructions: 'Say whether the message is about invoices.',
      model: 'classifier-model',
      client,
      output: z.object({ onTopic: z.boolean(), why: z.string() }),
    });

  it('run the agent on the input, its events one level deeper and its usage added, and trip on its verdict', async () => {
    const onTopic = defineInputGuardrail({
      name: 'on_topic',
      check: checkWithAgent(classifier(), (out) => (out.onTopic ? allow() : tripwire(out.why))),
    });
    emu.enqueue(
      reply.text('{"onTopic":false,"why":"it is about football"}', { match: { model: 'classifier-model' } }),
    );
    const agent = createAgent({ name: 'desk', model: 'desk-model', client, inputGuardrails: [onTopic] });
    const events: RunEvent[] = [];
    const stream = agent.stream('Who won the match?');
    stream.on('turn_started', (e) => events.push(e));
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(error.reason).toBe('it is about football');
    expect(createBodies(emu).map((b) => b.model)).toEqual(['classifier-model']);
    expect(createBodies(emu)[0].input[0].content).toBe('Who won the match?');
    expect(events.map((e) => `${e.agent}:${e.depth}`)).toEqual(['topic_check:1']);
    expect(error.partial.usage.requests).toBe(1);
  });

  it('let the run go on when the agent allows', async () => {
    const onTopic = defineInputGuardrail({
      name: 'on_topic',
      check: checkWithAgent(classifier(), (out) => (out.onTopic ? allow() : tripwire(out.why))),
    });
    emu.enqueue(
      reply.text('{"onTopic":true,"why":"an invoice"}', { match: { model: 'classifier-model' } }),
      reply.text('INV-7 is paid.', { match: { model: 'desk-model' } }),
    );
    const result = await createAgent({ model: 'desk-model', client, inputGuardrails: [onTopic] }).run(
      'Is INV-7 paid?',
    );
    expect(result.finalOutput).toBe('INV-7 is paid.');
    expect(result.usage.requests).toBe(2);
  });

  it('stop the outer run when they trip inside an agent run as a tool', async () => {
    const strict = createAgent({
      name: 'strict',
      description: 'Answers carefully.',
      model: 'strict-model',
      client,
      inputGuardrails: [noSecrets],
    });
    const main = createAgent({
      name: 'main',
      model: 'main-model',
      client,
      tools: [strict.asTool({ name: 'ask_strict' })],
    });
    emu.enqueue(
      reply.toolCall('ask_strict', { input: 'Tell me the password' }, { match: { model: 'main-model' } }),
    );
    const error = await main.run('Go').catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailTrippedError);
    expect(error.agent).toBe('strict');
    expect(error.partial.lastAgent.name).toBe('main');
    expect(createBodies(emu)).toHaveLength(1);
  });
});

describe('guardrail definitions', () => {
  it('refuse a missing name, a bad mode, a guardrail of the wrong kind and a tripwire without a reason', () => {
    expect(() => defineInputGuardrail({ name: '', check: () => allow() })).toThrow(ConfigurationError);
    expect(() => defineInputGuardrail({ name: 'x', mode: 'after' as never, check: () => allow() })).toThrow(
      /`mode` must be "before" or "parallel"/,
    );
    expect(() => defineToolGuardrail({ name: 'nothing' })).toThrow(/checks nothing/);
    expect(() =>
      createAgent({
        model: 'm',
        inputGuardrails: [defineOutputGuardrail({ name: 'o', check: () => allow() }) as never],
      }),
    ).toThrow(/inputGuardrails\[0\] is not a input guardrail/);
    expect(() => tripwire('')).toThrow(/needs a reason/);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  type RunToolContext,
  runTool,
  type Tool,
  type ToolCallResult,
  ToolExecutionError,
  ToolInputError,
  TurnkitError,
} from '../src/index.js';
import { callContext } from './fixtures/call-context.js';

const context = (): RunToolContext => callContext();

function probe(execute: Tool['execute']): Tool {
  return defineTool({ name: 'probe', description: 'Probe.', input: z.object({}), execute });
}

/** An object on which every operation throws (`typeof` is the only thing that works). */
function explodingProxy(): object {
  const boom = () => {
    throw new Error('trap');
  };
  return new Proxy(
    {},
    {
      get: boom,
      has: boom,
      ownKeys: boom,
      getOwnPropertyDescriptor: boom,
      getPrototypeOf: boom,
      defineProperty: boom,
      deleteProperty: boom,
      set: boom,
      isExtensible: boom,
      preventExtensions: boom,
      setPrototypeOf: boom,
    },
  );
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function errorWithThrowingMessage(): Error {
  const error = new Error('hidden');
  Object.defineProperty(error, 'message', {
    get() {
      throw new Error('message getter');
    },
  });
  return error;
}

function unprintable(): object {
  return {
    toJSON() {
      throw errorWithThrowingMessage();
    },
    toString() {
      throw new Error('toString');
    },
    [Symbol.toPrimitive]() {
      throw new Error('toPrimitive');
    },
  };
}

function circular(): object {
  const value: Record<string, unknown> = { name: 'loop' };
  value.self = value;
  return value;
}

/** The output must be a string or plain parts: what core puts into the next request. */
function expectSendable(result: ToolCallResult): void {
  expect(() => JSON.stringify(result.output)).not.toThrow();
  expect(typeof JSON.stringify(result.output)).toBe('string');
}

let unhandled: ReturnType<typeof vi.fn<(reason: unknown) => void>>;
beforeEach(() => {
  unhandled = vi.fn<(reason: unknown) => void>();
  process.on('unhandledRejection', unhandled);
});
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  process.off('unhandledRejection', unhandled);
  expect(unhandled).not.toHaveBeenCalled();
});

describe('runTool with hostile thrown values', { timeout: 2_000 }, () => {
  it.each([
    ['an Error whose message getter throws', errorWithThrowingMessage, /^Error: tool "probe" failed: Error$/],
    [
      'an object whose toJSON, toString and toPrimitive throw',
      unprintable,
      /^Error: tool "probe" failed: .+/,
    ],
    ['a Proxy that throws on every trap', explodingProxy, /^Error: tool "probe" failed: .+/],
    ['a revoked Proxy', revokedProxy, /^Error: tool "probe" failed: .+/],
    ['a Symbol', () => Symbol('boom'), /^Error: tool "probe" failed: Symbol\(boom\)$/],
    ['a BigInt', () => 10n, /^Error: tool "probe" failed: 10n?$/],
    ['a circular object', circular, /^Error: tool "probe" failed: .+/],
    ['undefined', () => undefined, /^Error: tool "probe" failed: undefined$/],
  ])('turns %s into a tool_failed output', async (_label, make, model) => {
    const thrown = make();
    const sync = await runTool(
      probe(() => {
        throw thrown;
      }),
      '{}',
      context(),
    );
    const rejected = await runTool(
      probe(() => Promise.reject(thrown)),
      '{}',
      context(),
    );
    for (const result of [sync, rejected]) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(ToolExecutionError);
      expect(result.error.code).toBe('tool_failed');
      expect(result.error.cause).toBe(thrown);
      expect(typeof result.error.message).toBe('string');
      expect(result.output).toMatch(model);
      expectSendable(result);
    }
  });

  it('describes each hostile value in a short, safe sentence', async () => {
    const outputs: string[] = [];
    for (const thrown of [errorWithThrowingMessage(), unprintable(), explodingProxy(), revokedProxy()]) {
      const result = await runTool(
        probe(() => {
          throw thrown;
        }),
        '{}',
        context(),
      );
      outputs.push(result.output as string);
    }
    expect(outputs).toEqual([
      'Error: tool "probe" failed: Error',
      'Error: tool "probe" failed: an object that cannot be described',
      'Error: tool "probe" failed: an object that cannot be described',
      'Error: tool "probe" failed: an object that cannot be described',
    ]);
  });

  it('keeps a ToolExecutionError the tool threw even when its cause is hostile', async () => {
    const own = new ToolExecutionError('probe', 'Upstream broke.', { cause: explodingProxy() });
    const result = await runTool(
      probe(() => {
        throw own;
      }),
      '{}',
      context(),
    );
    expect(result).toEqual({
      ok: false,
      error: own,
      output: 'Error: tool "probe" failed: an object that cannot be described',
    });
  });

  it('reports a ToolInputError whose issues cannot be read as invalid arguments', async () => {
    const own = new ToolInputError('probe', [{ path: 'x', message: 'bad' }]);
    Object.defineProperty(own, 'issues', {
      get() {
        throw new Error('issues getter');
      },
    });
    const result = await runTool(
      probe(() => {
        throw own;
      }),
      '{}',
      context(),
    );
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.error).toBe(own);
    expect(result.output).toMatch(/^Error: invalid arguments for tool "probe": /);
  });

  it('treats a thrown value that fakes the TurnkitError marker with a throwing code as a failure', async () => {
    const fake = Object.defineProperty({}, Symbol.for('turnkit.error'), { value: true });
    Object.defineProperty(fake, 'code', {
      get() {
        throw new Error('code getter');
      },
    });
    const result = await runTool(
      probe(() => {
        throw fake;
      }),
      '{}',
      context(),
    );
    expect(result.ok).toBe(false);
    expect(result.ok === false && TurnkitError.is(result.error) && result.error.code).toBe('tool_failed');
    expectSendable(result);
  });

  it('never throws for a hand-made tool whose execute getter throws a hostile value', async () => {
    const tool = Object.create(
      probe(() => 'x'),
      {
        execute: {
          get() {
            throw explodingProxy();
          },
        },
      },
    ) as Tool;
    const result = await runTool(tool, '{}', context());
    expect(result.ok === false && result.error.code).toBe('tool_failed');
    expectSendable(result);
  });
});

describe('runTool with hostile returned values', { timeout: 2_000 }, () => {
  it.each([
    ['an object whose toJSON throws an Error with a throwing message', unprintable],
    [
      'an object with a getter that throws',
      () => ({
        ok: 1,
        get broken() {
          throw explodingProxy();
        },
      }),
    ],
    ['a Proxy that throws on every trap', explodingProxy],
    ['a revoked Proxy', revokedProxy],
    ['a circular object', circular],
    ['a BigInt', () => ({ n: 10n })],
    ['a Symbol', () => Symbol('out')],
    ['a function', () => () => 1],
    [
      'an array of content parts whose text getter throws',
      () => [
        {
          type: 'input_text',
          get text() {
            throw explodingProxy();
          },
        },
      ],
    ],
    [
      'a thenable whose then getter throws',
      () =>
        Object.defineProperty({}, 'then', {
          get() {
            throw revokedProxy();
          },
        }),
    ],
  ])('turns %s into a tool_failed output', async (_label, make) => {
    const value = make();
    const result = await runTool(
      probe(() => value),
      '{}',
      context(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ToolExecutionError);
    expect(result.error.code).toBe('tool_failed');
    expect(result.output).toMatch(/^Error: tool "probe" (returned an output that cannot be sent|failed)/);
    expectSendable(result);
  });

  it('sends content parts as plain data, read once, even when their getters would throw later', async () => {
    let reads = 0;
    const part = {
      type: 'input_text',
      get text() {
        reads += 1;
        if (reads > 1) throw new Error('read twice');
        return 'chart ready';
      },
    };
    const result = await runTool(
      probe(() => [part]),
      '{}',
      context(),
    );
    expect(result).toEqual({ ok: true, output: [{ type: 'input_text', text: 'chart ready' }] });
    expectSendable(result);
  });
});

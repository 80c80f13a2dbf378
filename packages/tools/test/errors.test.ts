import { describe, expect, it } from 'vitest';
import {
  ToolAbortedError,
  ToolDefinitionError,
  ToolExecutionError,
  ToolInputError,
  ToolTimeoutError,
  TurnkitError,
} from '../src/index.js';

describe('TurnkitError', () => {
  it('carries its code, message and cause, and is named after its class', () => {
    const cause = new Error('socket closed');
    const error = new TurnkitError('something_failed', 'It failed.', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('something_failed');
    expect(error.message).toBe('It failed.');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('TurnkitError');
  });

  it('names subclasses after themselves, including ones defined elsewhere', () => {
    class RateLimitedError extends TurnkitError {
      constructor() {
        super('rate_limited', 'Slow down.');
      }
    }
    expect(new RateLimitedError().name).toBe('RateLimitedError');
    expect(new ToolTimeoutError('t', 5).name).toBe('ToolTimeoutError');
  });

  it('recognises its instances with is()', () => {
    expect(TurnkitError.is(new ToolInputError('t', []))).toBe(true);
    expect(TurnkitError.is(new Error('plain'))).toBe(false);
    expect(TurnkitError.is({ code: 'tool_failed', name: 'TurnkitError' })).toBe(false);
    expect(TurnkitError.is(null)).toBe(false);
    expect(TurnkitError.is('tool_failed')).toBe(false);
  });

  it('recognises an error from a duplicate copy of the package by its Symbol.for marker', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'tool_failed' });
    Object.defineProperty(foreign, Symbol.for('turnkit.error'), { value: true });
    expect(foreign instanceof TurnkitError).toBe(false);
    expect(TurnkitError.is(foreign)).toBe(true);
  });

  it('keeps the marker out of enumerable keys and JSON', () => {
    const error = new ToolTimeoutError('slow', 100);
    expect(Object.keys(error)).not.toContain(Symbol.for('turnkit.error'));
    expect(JSON.stringify(error)).not.toContain('turnkit.error');
  });
});

describe('tool errors', () => {
  it('give each kind a literal code and structured fields', () => {
    const definition = new ToolDefinitionError('t', 'bad', { path: 'properties.a' });
    expect([definition.code, definition.toolName, definition.path]).toEqual([
      'tool_definition_invalid',
      't',
      'properties.a',
    ]);

    const input = new ToolInputError('t', [{ path: 'city', message: 'Required' }]);
    expect([input.code, input.toolName, input.issues]).toEqual([
      'tool_input_invalid',
      't',
      [{ path: 'city', message: 'Required' }],
    ]);

    const timeout = new ToolTimeoutError('t', 250);
    expect([timeout.code, timeout.toolName, timeout.timeoutMs]).toEqual(['tool_timeout', 't', 250]);

    const cause = new Error('boom');
    const execution = new ToolExecutionError('t', undefined, { cause });
    expect([execution.code, execution.toolName, execution.cause]).toEqual(['tool_failed', 't', cause]);

    const aborted = new ToolAbortedError('t');
    expect([aborted.code, aborted.toolName]).toEqual(['tool_aborted', 't']);
  });

  it('say who is at fault and how to fix it', () => {
    expect(new ToolInputError('get_weather', [{ path: 'city', message: 'Required' }]).message).toMatch(
      /model called tool "get_weather" with invalid arguments \(city: Required\)/,
    );
    expect(new ToolTimeoutError('get_weather', 5000).message).toMatch(/5000 ms.*raise `timeoutMs`/);
    expect(new ToolExecutionError('get_weather', undefined, { cause: new Error('HTTP 503') }).message).toBe(
      'Tool "get_weather" failed: HTTP 503',
    );
  });
});

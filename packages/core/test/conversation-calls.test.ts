import type { Response } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { Conversation } from '../src/index.js';

/** A response whose output is function calls with these ids (only what `commit` reads). */
const callsResponse = (id: string, callIds: string[]): Response =>
  ({
    id,
    output: callIds.map((callId) => ({
      type: 'function_call',
      id: `fc_${callId}`,
      call_id: callId,
      name: `tool_${callId}`,
      arguments: '{}',
      status: 'completed',
    })),
  }) as unknown as Response;

const output = (callId: string) => ({ type: 'function_call_output' as const, call_id: callId, output: 'ok' });

describe("a conversation's unanswered calls", () => {
  it('are the calls of the last response, in order, until each gets its output', () => {
    const conversation = new Conversation();
    conversation.push([{ type: 'message', role: 'user', content: 'go' }]);
    conversation.commit(callsResponse('resp_1', ['a', 'b', 'c']), 1);
    expect(conversation.unansweredCalls.map((c) => c.callId)).toEqual(['a', 'b', 'c']);
    conversation.push([output('b')]);
    expect(conversation.unansweredCalls).toEqual([
      { callId: 'a', name: 'tool_a' },
      { callId: 'c', name: 'tool_c' },
    ]);
    conversation.push([output('unknown'), output('a'), output('c')]);
    expect(conversation.unansweredCalls).toEqual([]);
    expect(conversation.history).toEqual([]);
  });

  it('hold one entry per call id, the last one a response gives', () => {
    const conversation = new Conversation();
    conversation.push([{ type: 'message', role: 'user', content: 'go' }]);
    const response = callsResponse('resp_1', ['a', 'a']);
    (response.output[1] as { name: string }).name = 'second';
    conversation.commit(response, 1);
    expect(conversation.unansweredCalls).toEqual([{ callId: 'a', name: 'second' }]);
  });

  it('are copies the caller cannot change, and survive toJSON and fromJSON', () => {
    const conversation = new Conversation();
    conversation.push([{ type: 'message', role: 'user', content: 'go' }]);
    conversation.commit(callsResponse('resp_1', ['a', 'b']), 1);
    (conversation.unansweredCalls[0] as { name: string }).name = 'changed';
    const restored = Conversation.fromJSON(JSON.parse(JSON.stringify(conversation)));
    expect(restored.unansweredCalls).toEqual([
      { callId: 'a', name: 'tool_a' },
      { callId: 'b', name: 'tool_b' },
    ]);
    restored.push([output('a')]);
    expect(restored.unansweredCalls.map((c) => c.callId)).toEqual(['b']);
    expect(conversation.unansweredCalls.map((c) => c.callId)).toEqual(['a', 'b']);
  });
});

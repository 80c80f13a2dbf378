import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ConversationBusyError, createAgent, createConversation } from '../src/index.js';
import { createBodies, sleeper, useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** The user messages of each request's input, one list per request. */
const userMessages = () =>
  createBodies(emu).map((body) =>
    (body.input as any[]).filter((i) => i.role === 'user').map((i) => i.content),
  );

for (const strategy of ['server', 'stateless'] as const) {
  describe(`one run at a time per conversation (${strategy})`, () => {
    it('refuses a second run while the first runs, naming the running run, and sends each message once', async () => {
      emu.enqueue(reply.toolCall('wait', {}), reply.text('First done.'), reply.text('Third done.'));
      const agent = createAgent({ model: 'm', client, tools: [sleeper('wait', 50)], strategy });
      const conversation = createConversation({ strategy });
      const first = agent.stream('first', { conversation });
      let runId = '';
      first.on('run_started', (e) => {
        runId = e.runId;
      });
      const firstResult = first.result;
      const second = agent.run('second', { conversation });
      await expect(second).rejects.toBeInstanceOf(ConversationBusyError);
      const error = (await second.catch((e: unknown) => e)) as ConversationBusyError;
      expect(error).toMatchObject({ code: 'conversation_busy', runningRunId: runId });
      expect(error.message).toContain(runId);
      const done = await firstResult;
      expect(done.status).toBe('completed');
      expect(done.runId).toBe(runId);
      expect(conversation.runningRunId).toBeUndefined();

      const third = await agent.run('third', { conversation });
      expect(third.output).toBe('Third done.');
      // Turns 1 and 2 of the first run, then the third run; "second" was never sent.
      const sent = userMessages();
      expect(sent).toHaveLength(3);
      expect(sent.flat()).not.toContain('second');
      if (strategy === 'server') expect(sent).toEqual([['first'], [], ['third']]);
      else expect(sent).toEqual([['first'], ['first'], ['first', 'third']]);
    });

    it('frees the conversation when the run fails', async () => {
      emu.enqueue(reply.fault({ type: 'http', status: 400, error: { message: 'nope' } }), reply.text('ok'));
      const agent = createAgent({ model: 'm', client, strategy });
      const conversation = createConversation({ strategy });
      await expect(agent.run('hi', { conversation })).rejects.toThrow(/nope/);
      expect(conversation.runningRunId).toBeUndefined();
      expect((await agent.run('again', { conversation })).status).toBe('completed');
    });

    it('refuses to compact a conversation while a run uses it', async () => {
      emu.enqueue(reply.toolCall('wait', {}), reply.text('done'));
      const agent = createAgent({ model: 'm', client, tools: [sleeper('wait', 50)], strategy });
      const conversation = createConversation({ strategy });
      await agent.run('hello', { conversation });
      const running = agent.run('again', { conversation });
      await expect(agent.compact(conversation)).rejects.toBeInstanceOf(ConversationBusyError);
      await running;
    });
  });
}

import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  Conversation,
  createAgent,
  createConversation,
  createFileSession,
  createMemorySession,
} from '../src/index.js';
import { getWeather } from './helpers.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/resume-child.ts', import.meta.url));
const API_KEY = 'sk-session-secret-123';

let emu: Emulator;
let client: OpenAI;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: API_KEY });
  client = new OpenAI({ baseURL: emu.url, apiKey: API_KEY, maxRetries: 0 });
  dir = await mkdtemp(join(tmpdir(), 'turnkit-session-'));
});
afterAll(() => emu.close());

describe('sessions', () => {
  for (const strategy of ['server', 'stateless'] as const) {
    it(`restores a ${strategy} conversation from a memory session exactly`, async () => {
      const session = createMemorySession();
      const conversation = createConversation({ strategy, session });
      emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Mild.'));
      const agent = createAgent({ model: 'm', client, tools: [getWeather], strategy });
      await agent.run('Weather?', { conversation });
      await agent.run('Thanks.', { conversation });
      const restored = await Conversation.resume(session, { strategy });
      expect(restored.toJSON()).toEqual(conversation.toJSON());
      expect(session.entries.length).toBeGreaterThan(3);
    });

    it(`continues a ${strategy} conversation in another process from a file session`, async () => {
      const file = join(dir, `${strategy}.jsonl`);
      const conversation = createConversation({ strategy, session: createFileSession(file) });
      await createAgent({ model: 'm', client, strategy }).run('My name is Ada.', { conversation });
      const { stdout } = await run(process.execPath, [child, file, strategy, 'What do you remember?'], {
        env: { ...process.env, EMULATOR_URL: emu.url, API_KEY },
        timeout: 50_000,
      });
      expect(JSON.parse(stdout).output).toContain('My name is Ada.');
      const last = emu.requests.at(-1)!.body as any;
      if (strategy === 'server') expect(last.previous_response_id).toBe(conversation.lastResponseId);
      else expect(last.input[0]).toEqual({ type: 'message', role: 'user', content: 'My name is Ada.' });
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain(API_KEY);
      const resumed = await Conversation.resume(createFileSession(file), { strategy });
      expect(resumed.pending).toHaveLength(0);
      expect(resumed.lastResponseId).not.toBe(conversation.lastResponseId);
      // A second Node process loads core and openai: seconds on a loaded machine, not the 20 s of a test.
    }, 60_000);
  }

  it('ignores a last line cut short by a crash, and refuses a damaged line with its number', async () => {
    const file = join(dir, 'torn.jsonl');
    const conversation = createConversation({ session: createFileSession(file) });
    await createAgent({ model: 'm', client }).run('hello', { conversation });
    await appendFile(file, '{"strategy":"server","record":{"op":"pu');
    const resumed = await Conversation.resume(createFileSession(file));
    expect(resumed.toJSON()).toEqual(conversation.toJSON());
    await writeFile(file, `not json\n${await readFile(file, 'utf8')}`);
    await expect(Conversation.resume(createFileSession(file))).rejects.toThrow(/torn\.jsonl:1 is not JSON/);
    await writeFile(file, '{"strategy":"server","record":{"op":"explode"}}\n');
    await expect(Conversation.resume(createFileSession(file))).rejects.toThrow(ConfigurationError);
  });

  it('refuses valid JSON with wrong fields, naming the line and the field', async () => {
    const file = join(dir, 'wrong-fields.jsonl');
    const cases: Array<[string, RegExp]> = [
      ['{"strategy":"server","record":{"op":"push","items":"abc"}}', /:2: record\.items: expected an array/],
      [
        '{"strategy":"server","record":{"op":"push","items":[42]}}',
        /:2: record\.items\.0: expected an object/,
      ],
      [
        '{"strategy":"server","record":{"op":"push","items":[{"content":"no type"}]}}',
        /:2: record\.items\.0/,
      ],
      [
        '{"strategy":"server","record":{"op":"commit","responseId":7,"sent":0,"output":[],"calls":[]}}',
        /:2: record\.responseId/,
      ],
      [
        '{"strategy":"server","record":{"op":"commit","responseId":"resp_1","sent":-1,"output":[],"calls":[]}}',
        /:2: record\.sent/,
      ],
      ['{"strategy":"server","record":{"op":"commit","responseId":"resp_1","sent":0}}', /:2: record\.output/],
      ['{"strategy":"elsewhere","record":{"op":"push","items":[]}}', /:2: strategy/],
      ['42', /:2: expected an object/],
    ];
    for (const [line, message] of cases) {
      await writeFile(file, `{"strategy":"server","record":{"op":"push","items":[]}}\n${line}\n`);
      const resumed = Conversation.resume(createFileSession(file));
      await expect(resumed).rejects.toBeInstanceOf(ConfigurationError);
      await expect(resumed).rejects.toThrow(message);
    }
  });

  it('refuses a record that does not fit the conversation so far, naming it', async () => {
    const file = join(dir, 'misfit.jsonl');
    await writeFile(
      file,
      '{"strategy":"server","record":{"op":"commit","responseId":"resp_1","sent":3,"output":[],"calls":[]}}\n',
    );
    await expect(Conversation.resume(createFileSession(file))).rejects.toThrow(
      /:1: record\.sent: the record acknowledges 3 pending items but 0 are pending/,
    );
  });

  it('validates the records of any session, naming the record', async () => {
    const session = {
      load: async () => [{ strategy: 'server', record: { op: 'push', items: 'abc' } }] as any,
      append: async () => {},
    };
    await expect(Conversation.resume(session)).rejects.toThrow(/record 0: record\.items: expected an array/);
  });

  it('refuses to resume a session under the other strategy', async () => {
    const session = createMemorySession();
    const conversation = createConversation({ strategy: 'stateless', session });
    await createAgent({ model: 'm', client, strategy: 'stateless' }).run('hello', { conversation });
    await expect(Conversation.resume(session, { strategy: 'server' })).rejects.toThrow(
      /"stateless" conversation/,
    );
  });

  it('starts empty from a file that does not exist yet, and refuses a bad path or session', async () => {
    const empty = await Conversation.resume(createFileSession(join(dir, 'none', 'new.jsonl')));
    expect(empty.toJSON().pending).toEqual([]);
    expect(() => createFileSession('')).toThrow(/path/);
    expect(() => createConversation({ session: {} as any })).toThrow(/load\(\) and append\(\)/);
  });
});

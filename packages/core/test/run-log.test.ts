import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createAgent,
  createRunLog,
  hostedMcpTool,
  imageGenerationTool,
  RUN_LOG_VERSION,
  type RunLogEntry,
} from '../src/index.js';
import { deleteInvoice } from './fixtures/invoice-tools.js';
import { startTestMcpServer } from './fixtures/mcp-server.js';
import { useEmulator } from './helpers.js';

const API_KEY = 'sk-runlog-secret-9911';
let emu: Emulator;
let client: OpenAI;
useEmulator(
  (e) => {
    emu = e;
    client = new OpenAI({ baseURL: e.url, apiKey: API_KEY, maxRetries: 0 });
  },
  { apiKey: API_KEY },
);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'turnkit-runlog-'));
  return () => rm(dir, { recursive: true, force: true });
});

async function entries(path: string): Promise<RunLogEntry[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as RunLogEntry);
}

const getWeather = defineTool({
  name: 'get_weather',
  description: 'Weather.',
  input: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: 'clear' }),
});

describe('run logs', () => {
  it('writes every event of a run as a JSON line, with the request and response of each turn', async () => {
    const path = join(dir, 'runs.jsonl');
    emu.enqueue(
      reply.toolCall('get_weather', { city: 'Paris' }, { reasoning: 'The user wants the weather.' }),
      reply.text('Clear in Paris.'),
    );
    const agent = createAgent({
      name: 'weather',
      instructions: 'Be brief.',
      model: 'gpt-5.1',
      client,
      tools: [getWeather],
      settings: { reasoning: { effort: 'low', summary: 'auto' } },
      observers: [createRunLog(path)],
    });
    const result = await agent.run('Weather in Paris?'); // no listeners: the log still sees everything
    const log = await entries(path);
    expect(new Set(log.map((e) => e.v))).toEqual(new Set([RUN_LOG_VERSION]));
    expect(log.every((e) => e.runId === result.runId && typeof e.time === 'number')).toBe(true);
    expect(log.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'run_started',
        'turn_started',
        'reasoning_delta',
        'reasoning',
        'output_item',
        'usage',
        'turn_finished',
        'tool_call_started',
        'tool_call_finished',
        'text_delta',
        'message',
        'run_finished',
      ]),
    );
    expect(log.some((e) => (e.type as string) === 'raw')).toBe(false);
    expect(log[0]).toMatchObject({
      type: 'run_started',
      definition: { name: 'weather', model: 'gpt-5.1', instructions: 'Be brief.', tools: ['get_weather'] },
      baseURL: emu.url,
    });
    const started = log.filter((e) => e.type === 'turn_started');
    const finished = log.filter((e) => e.type === 'turn_finished');
    expect(started).toHaveLength(2);
    expect(started[0]).toMatchObject({
      turn: 1,
      request: {
        model: 'gpt-5.1',
        instructions: 'Be brief.',
        stream: true,
        input: [{ role: 'user', content: 'Weather in Paris?' }],
      },
    });
    expect(started[0]!.type === 'turn_started' && started[0]!.requestBytes).toBe(
      Buffer.byteLength(JSON.stringify(started[0]!.type === 'turn_started' && started[0]!.request)),
    );
    expect(finished.map((e) => e.type === 'turn_finished' && e.response.id)).toEqual(
      result.responses.map((r) => r.id),
    );
    expect(
      log
        .filter((e) => e.type === 'text_delta')
        .map((e) => e.type === 'text_delta' && e.delta)
        .join(''),
    ).toBe('Clear in Paris.');
    expect(log.at(-1)).toMatchObject({
      type: 'run_finished',
      result: { status: 'completed', output: 'Clear in Paris.', turns: 2, usage: result.usage },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).not.toContain(API_KEY);
  });

  it('appends the runs of several agents to one file, each line naming its run', async () => {
    const path = join(dir, 'shared.jsonl');
    const log = createRunLog(path);
    emu.enqueue(reply.text('One.'), reply.text('Two.'));
    const a = createAgent({ name: 'a', model: 'm', client, observers: [log] });
    const b = createAgent({ name: 'b', model: 'm', client });
    const [first, second] = await Promise.all([a.run('Hi'), b.run('Hi', { observers: [log] })]);
    const lines = await entries(path);
    const runs = new Set(lines.map((e) => e.runId));
    expect(runs).toEqual(new Set([first.runId, second.runId]));
    for (const runId of runs) {
      const own = lines.filter((e) => e.runId === runId);
      expect(own[0]!.type).toBe('run_started');
      expect(own.at(-1)!.type).toBe('run_finished');
    }
  });

  it('records approvals with who decided, a failed run with its error, and redacts hosted MCP headers', async () => {
    const secret = 'mcp-secret-in-the-log-777';
    const mcp = await startTestMcpServer(secret);
    try {
      const path = join(dir, 'approvals.jsonl');
      emu.enqueue(
        reply.toolCall('delete_invoice', { number: 'INV-7' }),
        reply.fault({ type: 'http', status: 500 }),
      );
      const items = hostedMcpTool({
        serverLabel: 'items',
        serverUrl: mcp.url,
        headers: { 'x-api-key': secret },
      });
      const agent = createAgent({
        model: 'm',
        client,
        tools: [deleteInvoice, items],
        approval: { approver: () => ({ approve: true }) },
        observers: [createRunLog(path)],
      });
      const error = (await agent.run('Delete INV-7').catch((e: unknown) => e)) as Error;
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain(secret);
      const log = await entries(path);
      expect(log.find((e) => e.type === 'approval_decided')).toMatchObject({
        approve: true,
        by: 'approver',
        request: { toolName: 'delete_invoice' },
      });
      expect(log.find((e) => e.type === 'turn_started')).toMatchObject({
        request: { tools: [{ type: 'function' }, { type: 'mcp', headers: { 'x-api-key': '[redacted]' } }] },
      });
      expect(log.at(-1)).toMatchObject({
        type: 'run_failed',
        error: { name: 'ApiError', code: 'service_error', status: 500, message: error.message },
      });
      expect(log.find((e) => e.type === 'turn_failed')).toMatchObject({
        turn: 2,
        error: { code: 'service_error' },
      });
    } finally {
      await mcp.close();
    }
  });

  it('keeps image bytes once, in the image_generated line', async () => {
    const path = join(dir, 'images.jsonl');
    emu.enqueue(reply.image('a lighthouse at dusk'));
    const agent = createAgent({
      model: 'm',
      client,
      tools: [imageGenerationTool({ partialImages: 1 })],
      observers: [createRunLog(path)],
    });
    await agent.run('Draw a lighthouse');
    const log = await entries(path);
    const generated = log.find((e) => e.type === 'image_generated');
    expect(generated?.type === 'image_generated' && generated.base64?.length).toBeGreaterThan(100);
    const base64 = generated?.type === 'image_generated' ? generated.base64! : '';
    const text = await readFile(path, 'utf8');
    expect(text.split(base64).length - 1).toBe(1);
    const partial = log.find((e) => e.type === 'image_partial');
    expect(partial).toMatchObject({ bytes: expect.any(Number) });
    expect(partial).not.toHaveProperty('base64');
  });

  it('tells onError when the file cannot be written, and the run still completes', async () => {
    const sub = join(dir, 'gone');
    await mkdir(sub);
    const errors: Error[] = [];
    const log = createRunLog(join(sub, 'runs.jsonl'), { onError: (error) => errors.push(error) });
    await rm(sub, { recursive: true });
    emu.enqueue(reply.text('Fine.'));
    const result = await createAgent({ model: 'm', client, observers: [log] }).run('Hi');
    expect(result.output).toBe('Fine.');
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('refuses a path it cannot write to, naming the fix', async () => {
    expect(() => createRunLog('')).toThrow(ConfigurationError);
    expect(() => createRunLog(join(dir, 'missing', 'runs.jsonl'))).toThrow(/does not exist; create it first/);
    expect(() => createRunLog(dir)).toThrow(/is a folder; give the path of a file in it/);
    expect(() => createRunLog(join(dir, 'x.jsonl'), { onError: 'warn' } as never)).toThrow(/onError/);
  });
});

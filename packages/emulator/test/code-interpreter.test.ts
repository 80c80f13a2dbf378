import type OpenAI from 'openai';
import { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor, jsonOf, post } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
const AUTO = [{ type: 'code_interpreter', container: { type: 'auto' } }] as OpenAI.Responses.Tool[];
const OUTPUTS = ['code_interpreter_call.outputs'] as OpenAI.Responses.ResponseIncludable[];

beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
  // Loads Pyodide once for the whole file.
  emu.enqueue(reply.code('1'));
  await client.responses.create({ model: 'm', input: 'warm up', tools: AUTO });
}, 60_000);
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function streamed(body: Record<string, unknown>): Promise<{ events: AnyJson[]; response: AnyJson }> {
  const params = { model: 'm', ...body, stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming;
  const stream = await client.responses.create(params);
  const events: AnyJson[] = [];
  for await (const event of stream) events.push(event);
  return { events, response: events.at(-1).response };
}

function create(body: Record<string, unknown>): Promise<AnyJson> {
  return client.responses.create({
    model: 'm',
    ...body,
  } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
}

describe('code interpreter turns', () => {
  it('runs the code in an auto container and streams the call in the real event order', async () => {
    emu.enqueue(reply.code('print(sum(range(10)))', { message: 'The sum is 45.' }));
    const { events, response } = await streamed({ input: 'Sum 0..9', tools: AUTO, include: OUTPUTS });
    expect(response.output.map((i: AnyJson) => i.type)).toEqual(['code_interpreter_call', 'message']);
    const types = events.filter((e) => e.output_index === 0).map((e) => e.type);
    expect(types[0]).toBe('response.output_item.added');
    expect(types[1]).toBe('response.code_interpreter_call.in_progress');
    expect(types.slice(-5)).toEqual([
      'response.code_interpreter_call_code.delta',
      'response.code_interpreter_call_code.done',
      'response.code_interpreter_call.interpreting',
      'response.code_interpreter_call.completed',
      'response.output_item.done',
    ]);
    const call = response.output[0];
    expect(call.id).toMatch(/^ci_[0-9a-f]{50}$/);
    expect(call.container_id).toMatch(/^cntr_[0-9a-f]{48}$/);
    expect(events[2].item).toEqual({
      id: call.id,
      type: 'code_interpreter_call',
      status: 'in_progress',
      code: '',
      container_id: call.container_id,
      outputs: [],
    });
    const deltas = events.filter((e) => e.type === 'response.code_interpreter_call_code.delta');
    expect(deltas.map((e) => e.delta).join('')).toBe('print(sum(range(10)))');
    expect(deltas[0].obfuscation).toEqual(expect.any(String));
    expect(call).toEqual({
      id: call.id,
      type: 'code_interpreter_call',
      status: 'completed',
      code: 'print(sum(range(10)))',
      container_id: call.container_id,
      outputs: [{ type: 'logs', logs: '45\n' }],
    });
    expect(response.output[1].content[0].text).toBe('The sum is 45.');
    expect(response.tools).toEqual([{ type: 'code_interpreter', container: { type: 'auto' } }]);
    const container = await client.containers.retrieve(call.container_id);
    expect(container.status).toBe('running');
  });

  it('shows the repr of the last expression like the real logs, and outputs null without include', async () => {
    emu.enqueue(reply.code('x = 6\n(x, x * 7)'));
    const withOutputs = await create({ input: 'go', tools: AUTO, include: OUTPUTS });
    expect(withOutputs.output[0].outputs).toEqual([{ type: 'logs', logs: '(6, 42)' }]);
    expect(withOutputs.output[1].content[0].text).toBe('(6, 42)');
    emu.enqueue(reply.code('print("hi")'));
    const without = await create({ input: 'go', tools: AUTO });
    expect(without.output[0].outputs).toBeNull();
  });

  it('keeps Python state across calls in the container the chain reuses', async () => {
    emu.enqueue(reply.code('counter = 41'), reply.code('counter += 1\nprint(counter)'));
    const first = await create({ input: 'set', tools: AUTO, include: OUTPUTS });
    const second = await create({
      input: 'increment',
      previous_response_id: first.id,
      tools: AUTO,
      include: OUTPUTS,
    });
    expect(second.output[0].container_id).toBe(first.output[0].container_id);
    expect(second.output[0].outputs).toEqual([{ type: 'logs', logs: '42\n' }]);

    emu.enqueue(reply.code('print("counter" in globals())'));
    const fresh = await create({ input: 'new chain', tools: AUTO, include: OUTPUTS });
    expect(fresh.output[0].container_id).not.toBe(first.output[0].container_id);
    expect(fresh.output[0].outputs[0].logs).toBe('False\n');
  });

  it('turns a file written to /mnt/data into an assistant container file and cites it', async () => {
    const code = "with open('/mnt/data/sums.csv', 'w') as f:\n    f.write('sum\\n2\\n12\\n')";
    const text = 'Download it: [sums](sandbox:/mnt/data/sums.csv)';
    emu.enqueue(reply.code(code, { message: text, cite: 'sums.csv' }));
    const { events, response } = await streamed({ input: 'write', tools: AUTO, include: OUTPUTS });
    const containerId = response.output[0].container_id;
    const files = await client.containers.files.list(containerId);
    expect(files.data).toHaveLength(1);
    const file = files.data[0]!;
    expect(file).toMatchObject({ path: '/mnt/data/sums.csv', source: 'assistant', bytes: 9 });
    const content = await client.containers.files.content.retrieve(file.id, { container_id: containerId });
    expect(Buffer.from(await content.arrayBuffer()).toString()).toBe('sum\n2\n12\n');

    const annotation = {
      type: 'container_file_citation',
      container_id: containerId,
      end_index: text.indexOf(')'),
      file_id: file.id,
      filename: 'sums.csv',
      start_index: text.indexOf('sandbox:'),
    };
    expect(response.output[1].content[0].annotations).toEqual([annotation]);
    const messageTypes = events.filter((e) => e.output_index === 1).map((e) => e.type);
    expect(messageTypes.slice(-4)).toEqual([
      'response.output_text.annotation.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ]);
    const added = events.find((e) => e.type === 'response.output_text.annotation.added');
    expect(added).toMatchObject({ content_index: 0, annotation_index: 0, annotation });
  });

  it('lets the code read a file uploaded to the container', async () => {
    const container = await client.containers.create({ name: 'data' });
    await client.containers.files.create(container.id, {
      file: await toFile(Buffer.from('3\n4\n5\n'), 'numbers.txt'),
    });
    emu.enqueue(reply.code("print(sum(int(n) for n in open('/mnt/data/numbers.txt')))"));
    const res = await create({
      input: 'add',
      tools: [{ type: 'code_interpreter', container: container.id }],
      include: OUTPUTS,
    });
    expect(res.output[0].container_id).toBe(container.id);
    expect(res.output[0].outputs).toEqual([{ type: 'logs', logs: '12\n' }]);
    expect(res.tools).toEqual([{ type: 'code_interpreter', container: container.id }]);
    // Unchanged input files stay user files; nothing new was written.
    const files = await client.containers.files.list(container.id);
    expect(files.data.map((f) => f.source)).toEqual(['user']);
  });

  it('copies the auto container file_ids into the new container', async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from('hello'), 'greeting.txt'),
      purpose: 'user_data',
    });
    emu.enqueue(reply.code("print(open('/mnt/data/greeting.txt').read())"));
    const res = await create({
      input: 'read',
      tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: [file.id] } }],
      include: OUTPUTS,
    });
    expect(res.output[0].outputs).toEqual([{ type: 'logs', logs: 'hello\n' }]);
  });

  it('completes a call whose code raised, with what it printed, and reports the traceback in the answer', async () => {
    emu.enqueue(reply.code('print("before")\nundefined_name + 1'));
    const res = await create({ input: 'boom', tools: AUTO, include: OUTPUTS });
    expect(res.output[0].status).toBe('completed');
    expect(res.output[0].outputs).toEqual([{ type: 'logs', logs: 'before\n' }]);
    const answer = res.output[1].content[0].text;
    expect(answer).toContain('The code raised an exception:');
    expect(answer).toContain('Traceback (most recent call last):');
    expect(answer).toContain("NameError: name 'undefined_name' is not defined");
    expect(answer).not.toContain('pyodide');

    emu.enqueue(reply.code('import numpy'));
    const silent = await create({ input: 'numpy', tools: AUTO, include: OUTPUTS });
    expect(silent.output[0].outputs).toEqual([]);
    expect(silent.output[1].content[0].text).toContain("ModuleNotFoundError: No module named 'numpy'");
  });

  it('has no network access', async () => {
    emu.enqueue(reply.code('import socket\nsocket.create_connection(("example.com", 80))'));
    const res = await create({ input: 'net', tools: AUTO });
    expect(res.output[1].content[0].text).toContain('Network is unreachable');
  });

  it('runs a fenced python block of the user message with the default model', async () => {
    const res = await create({
      input: 'Please run:\n```python\nimport statistics\nprint(statistics.mean([1, 2, 3, 6]))\n```',
      tools: AUTO,
      include: OUTPUTS,
    });
    expect(res.output.map((i: AnyJson) => i.type)).toEqual(['code_interpreter_call', 'message']);
    expect(res.output[0].code).toBe('import statistics\nprint(statistics.mean([1, 2, 3, 6]))\n');
    expect(res.output_text).toBe('3\n'.trimEnd());

    const written = await create({
      input: "```python\nopen('/mnt/data/out.txt', 'w').write('ok')\n```",
      tools: AUTO,
    });
    expect(written.output_text).toBe('2\n\nFiles:\n- [out.txt](sandbox:/mnt/data/out.txt)');
    expect(written.output[1].content[0].annotations[0]).toMatchObject({
      type: 'container_file_citation',
      filename: 'out.txt',
    });
    const echo = await create({ input: 'no code here', tools: AUTO });
    expect(echo.output_text).toBe('You said: "no code here"');
  });
});

describe('code interpreter tool validation', () => {
  it.each([
    [{ type: 'code_interpreter' }, 'tools[0].container', 'missing_required_parameter'],
    [{ type: 'code_interpreter', container: 'abc' }, 'tools[0].container', 'invalid_value'],
    [{ type: 'code_interpreter', container: 7 }, 'tools[0].container', 'invalid_type'],
    [{ type: 'code_interpreter', container: { type: 'manual' } }, 'tools[0].container.type', 'invalid_value'],
    [
      { type: 'code_interpreter', container: { type: 'auto', memory_limit: '2g' } },
      'tools[0].container.memory_limit',
      'invalid_value',
    ],
    [
      { type: 'code_interpreter', container: { type: 'auto', file_ids: 'x' } },
      'tools[0].container.file_ids',
      'invalid_type',
    ],
    [
      { type: 'code_interpreter', container: { type: 'auto', network_policy: { type: 'allowlist' } } },
      'tools[0].container.network_policy.type',
      'unsupported_parameter',
    ],
    [
      { type: 'code_interpreter', container: { type: 'auto' }, extra: 1 },
      'tools[0].extra',
      'unknown_parameter',
    ],
  ])('rejects %j with a 400 naming the param', async (tool, param, code) => {
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'x', tools: [tool] });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toMatchObject({ type: 'invalid_request_error', param, code });
  });

  it('answers 404 for an unknown container or file id in the tool', async () => {
    const unknown = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'x',
      tools: [{ type: 'code_interpreter', container: 'cntr_nope' }],
    });
    expect(unknown.status).toBe(404);
    expect((await jsonOf(unknown)).error).toMatchObject({
      message: "No container found with id 'cntr_nope'.",
      param: 'tools[0].container',
    });
    const file = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'x',
      tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-nope'] } }],
    });
    expect(file.status).toBe(404);
    expect((await jsonOf(file)).error.param).toBe('tools[0].container.file_ids[0]');
  });

  it('answers a 500 script error for a citation before any code ran, or a code call without the tool', async () => {
    emu.enqueue(reply.items([{ type: 'message', text: 'see x.csv', cite: 'x.csv' }]));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'x', tools: AUTO });
    expect(res.status).toBe(500);
    expect((await jsonOf(res)).error.message).toContain("cites 'x.csv'");
    emu.enqueue(reply.code('1'));
    const noTool = await post(`${emu.url}/responses`, { model: 'm', input: 'x' });
    expect(noTool.status).toBe(500);
    expect((await jsonOf(noTool)).error.message).toContain("needs a 'code_interpreter' tool");
  });

  it('runs code in a background response', async () => {
    emu.enqueue(reply.code('print(6 * 7)'));
    const queued = await create({ input: 'bg', tools: AUTO, include: OUTPUTS, background: true });
    let done: AnyJson = queued;
    for (let i = 0; i < 100 && done.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      done = await client.responses.retrieve(queued.id);
    }
    expect(done.output[0].outputs).toEqual([{ type: 'logs', logs: '42\n' }]);
    expect(done.output_text).toBe('42');
  });
});

describe('code interpreter limits', () => {
  let strict: Emulator;
  let strictClient: OpenAI;
  beforeAll(async () => {
    strict = await startEmulator({ codeTimeoutMs: 1000, codeTracebackInLogs: true });
    strictClient = clientFor(strict);
  });
  afterAll(() => strict.close());

  const run = (code: string, container: string) => {
    strict.enqueue(reply.code(code));
    return strictClient.responses.create({
      model: 'm',
      input: 'run',
      tools: [{ type: 'code_interpreter', container }],
      include: OUTPUTS,
    }) as Promise<AnyJson>;
  };

  it('puts the traceback in the logs when codeTracebackInLogs is set', async () => {
    const container = await strictClient.containers.create({ name: 'tb' });
    const res = await run('1 / 0', container.id);
    expect(res.output[0].status).toBe('completed');
    const logs = res.output[0].outputs[0].logs;
    expect(logs).toMatch(
      /^Traceback \(most recent call last\):\n {2}File "<code>", line 1, in <module>\nZeroDivisionError: division by zero\n$/,
    );
    expect(logs).toContain('ZeroDivisionError: division by zero');
  }, 30_000);

  it('stops a run past the time limit, says so in the logs and resets the container state', async () => {
    const container = await strictClient.containers.create({ name: 'slow' });
    await run('kept = 1', container.id);
    const started = Date.now();
    const slow = await run('print("started")\nwhile True:\n    pass', container.id);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(slow.output[0].status).toBe('completed');
    expect(slow.output[0].outputs[0].logs).toBe(
      "started\nExecution timed out after 1 s; the container's Python state was reset.",
    );
    expect(slow.output[1].content[0].text).toBe('The code did not finish within 1 s, so it was stopped.');
    const after = await run('print("kept" in globals())', container.id);
    expect(after.output[0].outputs[0].logs).toBe('False\n');
  }, 30_000);

  it('terminates code that ignores the interrupt and loads Python again for the next run', async () => {
    const container = await strictClient.containers.create({ name: 'sleepy' });
    const slow = await run('import time\ntime.sleep(30)', container.id);
    expect(slow.output[0].outputs[0].logs).toContain('Execution timed out after 1 s');
    const next = await run('print(2 + 2)', container.id);
    expect(next.output[0].outputs).toEqual([{ type: 'logs', logs: '4\n' }]);
  }, 30_000);
});

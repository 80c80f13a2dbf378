import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  codeInterpreterTool,
  containerFiles,
  createAgent,
  hostedMcpTool,
  MaxTurnsExceededError,
  type RunEvent,
  RunState,
  readResponseStream,
} from '../src/index.js';

const recordings = fileURLToPath(new URL('../../../fixtures/recordings/', import.meta.url));
const chunks = (name: string) =>
  readFileSync(`${recordings}${name}.chunks.txt`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/**
 * What a stateless request carries of the kept items of these recordings (docs/conversations.md,
 * "What a replayed item carries"): a function call without its `status`, and without its `id`
 * unless it follows a reasoning item; the other items (user input, reasoning, outputs) as kept.
 */
const onTheWire = (items: any[]) =>
  items.map((item, i) => {
    if (item.type !== 'function_call') return item;
    const { status: _status, id, ...call } = item;
    return items[i - 1]?.type === 'reasoning' ? { id, ...call } : call;
  });

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = new OpenAI({ baseURL: emu.azureUrl, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => emu.close());

describe('real recorded Azure streams', () => {
  it('assembles azure-text.1 into the text and usage the service reported', async () => {
    const events = chunks('azure-text.1');
    const completed = events.find((e) => e.type === 'response.completed').response;
    const deltas = events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    emu.enqueue(reply.recording(`${recordings}azure-text.1`));
    const seen: RunEvent[] = [];
    const stream = createAgent({ model: 'gpt-4.1-mini', client }).stream('Hello');
    stream.on('text_delta', (e) => seen.push(e));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(result.output).toBe(deltas);
    expect(result.output).toBe(completed.output[0].content[0].text);
    expect(seen.map((e: any) => e.delta).join('')).toBe(deltas);
    expect(result.lastResponse!.id).toBe(completed.id);
    expect(result.usage.inputTokens).toBe(completed.usage.input_tokens);
    expect(result.usage.outputTokens).toBe(completed.usage.output_tokens);
    // Azure's extra field passes through untouched.
    expect((result.lastResponse as any).content_filters).toEqual(completed.content_filters);
  });

  it('turns azure-tool-call.1 into one tool run and the exact next-turn input', async () => {
    const events = chunks('azure-tool-call.1');
    const call = events.find((e) => e.type === 'response.output_item.done').item;
    const responseId = events.find((e) => e.type === 'response.completed').response.id;
    let received: unknown;
    const weather = defineTool({
      name: 'weather',
      description: 'Weather for a location.',
      input: z.object({ location: z.string() }),
      execute: ({ location }) => {
        received = location;
        return { location, temperature: 16 };
      },
    });
    emu.enqueue(reply.recording(`${recordings}azure-tool-call.1`));
    const agent = createAgent({ model: 'gpt-5.1', client, tools: [weather], maxTurns: 1 });
    const error = await agent.run('Weather in San Francisco?').catch((e) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(received).toBe('San Francisco');
    const next = error.partial.conversation.nextRequest();
    expect(next.previous_response_id).toBe(responseId);
    expect(next.input).toEqual([
      {
        type: 'function_call_output',
        call_id: call.call_id,
        output: '{"location":"San Francisco","temperature":16}',
      },
    ]);
    expect(error.partial.items[1]).toEqual(call);
  });
});

/** The responses of a multi-turn recording, one event list each. */
function segments(name: string): any[][] {
  const all: any[][] = [];
  for (const event of chunks(name)) {
    if (event.type === 'response.created') all.push([]);
    all.at(-1)!.push(event);
  }
  return all;
}

async function* replay(events: any[]) {
  for (const event of events) yield event;
}

describe('real recorded stateless streams', () => {
  it('openai-compaction.1: the next input is the full compaction item and the new message, nothing before', async () => {
    const events = chunks('openai-compaction.1');
    const added = events.find(
      (e) => e.type === 'response.output_item.added' && e.item.type === 'compaction',
    ).item;
    const doneEvent = events.find(
      (e) => e.type === 'response.output_item.done' && e.item.type === 'compaction',
    ).item;
    // The service encrypts each serialization afresh: the final response's blob has the same
    // length as output_item.done's but other bytes. Both are complete; added's is a short prefix.
    const done = events.find((e) => e.type === 'response.completed').response.output[1];
    expect(done.encrypted_content).toHaveLength(doneEvent.encrypted_content.length);
    expect(added.encrypted_content.length).toBeLessThan(done.encrypted_content.length);
    emu.enqueue(reply.recording(`${recordings}openai-compaction.1`));
    const compactions: RunEvent[] = [];
    const agent = createAgent({ model: 'gpt-5.2', client, strategy: 'stateless', compactThreshold: 50_000 });
    const stream = agent.stream('Summarize our chat so far.');
    stream.on('compaction', (e) => compactions.push(e));
    const result = await stream.result;
    expect(compactions).toMatchObject([{ source: 'server', itemId: done.id, droppedItems: 2, keptItems: 1 }]);
    result.conversation.push([{ type: 'message', role: 'user', content: 'And now?' }]);
    expect(result.conversation.nextRequest()).toEqual({
      input: [done, { type: 'message', role: 'user', content: 'And now?' }],
      store: false,
    });
  });

  for (const name of ['azure-reasoning-encrypted-content.1', 'openai-reasoning-encrypted-content.1']) {
    it(`${name}: every next input carries the full reasoning, each call's output, and nothing twice`, async () => {
      const turns = segments(name);
      expect(turns).toHaveLength(4);
      const calls: string[] = [];
      const calculator = defineTool({
        name: 'calculator',
        description: 'Arithmetic.',
        input: z.object({ a: z.number(), b: z.number(), op: z.string() }),
        execute: ({ a, b, op }) => {
          calls.push(op);
          return op === 'add' ? a + b : op === 'multiply' ? a * b : op === 'subtract' ? a - b : a / b;
        },
      });
      // Turn 1 goes over HTTP through the emulator and the SDK; its reasoning blob is the service's,
      // so the later turns (which send it back) are fed to the same stream reader directly.
      const file = `${recordings}${name}`;
      const firstEvents = turns[0]!;
      emu.enqueue(reply.recording(file));
      const agent = createAgent({
        model: 'gpt-5.1',
        client,
        tools: [calculator],
        strategy: 'stateless',
        maxTurns: 1,
      });
      const error = await agent.run('Compute it step by step.').catch((e) => e);
      expect(error).toBeInstanceOf(MaxTurnsExceededError);
      const conversation = error.partial.conversation;
      const doneItems = (events: any[]) =>
        events.find((e) => e.type === 'response.completed').response.output;
      const rs = doneItems(firstEvents)[0];
      const firstCallId = doneItems(firstEvents)[1].id;
      expect(rs.type).toBe('reasoning');
      const partialRs = firstEvents.find((e) => e.type === 'response.output_item.added').item;
      const doneRs = firstEvents.find((e) => e.type === 'response.output_item.done').item;
      expect(partialRs.encrypted_content.length).toBeLessThan(rs.encrypted_content.length);
      expect(rs.encrypted_content).toHaveLength(doneRs.encrypted_content.length);

      let expected: any[] = [
        { type: 'message', role: 'user', content: 'Compute it step by step.' },
        ...doneItems(firstEvents),
      ];
      for (let t = 1; t < turns.length; t++) {
        const request = conversation.nextRequest();
        const outputs = request.input.slice(expected.length);
        expect(outputs.map((o: any) => o.type)).toEqual(['function_call_output']);
        expected = [...expected, ...outputs];
        expect(request).toEqual({ input: onTheWire(expected), store: false });
        expect(request.input.filter((i: any) => i.type === 'reasoning')).toEqual([rs]);
        // The call that follows the reasoning keeps its id (it is the reasoning's following item);
        // the later calls go without, and no call carries its output status.
        const sentCalls: any[] = request.input.filter((i: any) => i.type === 'function_call');
        expect(sentCalls.map((c: any) => c.id)).toEqual(
          sentCalls.map((_c, i) => (i === 0 ? firstCallId : undefined)),
        );
        expect(sentCalls.every((c: any) => !('status' in c))).toBe(true);
        const response = await readResponseStream(replay(turns[t]!), () => {}, { runId: 'r', turn: t + 1 });
        conversation.commit(response, conversation.pending.length);
        expected = [...expected, ...doneItems(turns[t]!)];
        const fc = response.output.find((i) => i.type === 'function_call') as any;
        if (fc) conversation.push([{ type: 'function_call_output', call_id: fc.call_id, output: 'ok' }]);
      }
      expect(conversation.history).toEqual(expected);
      const ids = expected.filter((i) => i.id).map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(calls).toHaveLength(1);
    });
  }
});

/**
 * A `responses.create` that answers each call with the next recorded stream and keeps the
 * requests the loop made, and a `responses.retrieve` of the responses served so far (they were
 * stored: a resume checks its approvals against the stored response). (The emulator cannot
 * serve these: for a hosted MCP tool it would connect to the recorded server itself.)
 */
function recordedService(names: string[]) {
  const requests: any[] = [];
  const stored = new Map<string, unknown>();
  const client = {
    responses: {
      create: async (body: unknown) => {
        requests.push(structuredClone(body));
        const name = names.shift();
        if (!name) throw new Error('no recording left for this request');
        const events = chunks(name);
        const done = events.find((e) => e.type === 'response.completed')?.response;
        if (done) stored.set(done.id, done);
        return replay(events);
      },
      retrieve: async (id: string) => {
        if (!stored.has(id)) throw new Error(`no stored response ${id}`);
        return structuredClone(stored.get(id));
      },
    },
  } as unknown as OpenAI;
  return { client, requests };
}

describe('real recorded hosted-MCP approval streams', () => {
  it('openai-mcp-tool-approval.1-4: a rejection, then a paused run approved after a JSON round trip', async () => {
    const [first, second, third, fourth] = [1, 2, 3, 4].map((n) => chunks(`openai-mcp-tool-approval.${n}`));
    const requestOf = (events: any[]) =>
      events.find((e) => e.type === 'response.output_item.done' && e.item.type === 'mcp_approval_request')
        .item;
    const zip1 = hostedMcpTool({ serverLabel: 'zip1', serverUrl: 'https://zip1.io/mcp' });
    const service = recordedService([1, 2, 3, 4].map((n) => `openai-mcp-tool-approval.${n}`));
    const agent = createAgent({ name: 'shortener', model: 'gpt-5.1', client: service.client, tools: [zip1] });

    // 1 → 2: the approver rejects; the next request answers exactly that request, once.
    const rejected = await agent.run('Shorten https://example.com', {
      approver: (r) => (r.serverLabel === 'zip1' ? { approve: false, reason: 'not now' } : undefined),
    });
    expect(rejected.status).toBe('completed');
    expect(service.requests).toHaveLength(2);
    expect(service.requests[0].tools).toEqual([zip1.definition]);
    expect(service.requests[1].input).toEqual([
      {
        type: 'mcp_approval_response',
        approval_request_id: requestOf(first!).id,
        approve: false,
        reason: 'not now',
      },
    ]);
    const answer = second!.find((e) => e.type === 'response.completed').response.output.at(-1)
      .content[0].text;
    expect(rejected.output).toBe(answer);

    // 3: nobody decides, so the run pauses; 4: resumed from JSON with an approval.
    const paused = await agent.run('Try again, please', { conversation: rejected.conversation });
    expect(paused.status).toBe('interrupted');
    const pending = requestOf(third!);
    expect(paused.interruptions).toEqual([
      {
        kind: 'mcp',
        id: pending.id,
        serverLabel: 'zip1',
        toolName: 'create_short_url',
        arguments: pending.arguments,
      },
    ]);
    const calls: RunEvent[] = [];
    const state = RunState.fromJSON(JSON.stringify(paused.state));
    const resumed = agent.stream(state.withDecisions({ [pending.id]: true }));
    resumed.on('mcp_call', (e) => calls.push(e));
    const done = await resumed.result;
    expect(service.requests).toHaveLength(4);
    expect(service.requests[3].input).toEqual([
      { type: 'mcp_approval_response', approval_request_id: pending.id, approve: true },
    ]);
    expect(service.requests[3].previous_response_id).toBe(
      third!.find((e) => e.type === 'response.completed').response.id,
    );
    const call = fourth!.find(
      (e) => e.type === 'response.output_item.done' && e.item.type === 'mcp_call',
    ).item;
    expect(calls).toMatchObject([
      { name: 'create_short_url', approvalRequestId: pending.id, output: call.output },
    ]);
    expect(done.status).toBe('completed');
    expect(done.output).toBe(
      fourth!.find((e) => e.type === 'response.completed').response.output.at(-1).content[0].text,
    );
  });
});

describe('real recorded code interpreter streams', () => {
  for (const name of ['openai-code-interpreter-tool.1', 'azure-code-interpreter-tool.1']) {
    it(`${name}: reports each call with its code and logs, and finds the cited files`, async () => {
      const events = chunks(name);
      const done = events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
      const ci = done.filter((i) => i.type === 'code_interpreter_call');
      const service = recordedService([name]);
      const agent = createAgent({ model: 'gpt-5', client: service.client, tools: [codeInterpreterTool()] });
      const calls: RunEvent[] = [];
      let code = '';
      const stream = agent.stream('Roll two dice 10000 times and save the sums.');
      stream.on('code_interpreter_call', (e) => calls.push(e));
      stream.on('code_delta', (e) => (code += e.delta));
      const result = await stream.result;
      expect(service.requests[0].tools).toEqual([{ type: 'code_interpreter', container: { type: 'auto' } }]);
      expect(service.requests[0].include).toEqual(['code_interpreter_call.outputs']);
      expect(calls.map((c: any) => c.code)).toEqual(ci.map((i) => i.code));
      expect(calls.map((c: any) => c.logs)).toEqual(
        ci.map((i) => i.outputs.filter((o: any) => o.type === 'logs').map((o: any) => o.logs)),
      );
      expect(code).toBe(ci.map((i) => i.code).join(''));
      const cited = done
        .filter((i) => i.type === 'message')
        .flatMap((m) => m.content.flatMap((p: any) => p.annotations))
        .filter((a: any) => a.type === 'container_file_citation');
      expect(containerFiles(result)).toEqual(
        cited.map((a: any) => ({ containerId: a.container_id, fileId: a.file_id, filename: a.filename })),
      );
    });
  }
});

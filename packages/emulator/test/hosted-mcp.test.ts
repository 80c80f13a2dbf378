import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor, eventsOf, jsonOf, post, readFrames } from './helpers.js';
import { API_KEY, startTestMcpServer, type TestMcpServer, TOKEN } from './mcp-test-server.js';

let mcp: TestMcpServer;
let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  mcp = await startTestMcpServer();
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(async () => {
  await emu.close();
  await mcp.close();
});
beforeEach(() => {
  emu.reset();
  mcp.methods.length = 0;
  mcp.calls.length = 0;
  mcp.refused = 0;
});

type Tool = OpenAI.Responses.Tool;

/** The hosted MCP tool of the test ledger server. */
function ledger(extra: Record<string, unknown> = {}): Tool {
  return {
    type: 'mcp',
    server_label: 'ledger',
    server_url: mcp.url,
    headers: { 'x-api-key': API_KEY },
    ...extra,
  } as Tool;
}

/** Creates a streamed response and collects its events. */
async function streamed(body: Record<string, unknown>): Promise<{ events: AnyJson[]; response: AnyJson }> {
  const params = { model: 'm', ...body, stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming;
  const stream = await client.responses.create(params);
  const events: AnyJson[] = [];
  for await (const event of stream) events.push(event);
  return { events, response: events.at(-1).response };
}

/** The event types of one output item, from `output_item.added` to `output_item.done`. */
function itemEventTypes(events: AnyJson[], outputIndex: number): string[] {
  return events.filter((e) => e.output_index === outputIndex).map((e) => e.type);
}

const count = (methods: string[], method: string) => methods.filter((m) => m === method).length;

describe('hosted MCP tool listing', () => {
  it('lists the tools of a server once per conversation, in the real event order', async () => {
    const first = await streamed({ input: 'Hello', tools: [ledger({ require_approval: 'never' })] });
    expect(first.response.status).toBe('completed');
    expect(first.response.output.map((i: AnyJson) => i.type)).toEqual(['mcp_list_tools', 'message']);
    expect(itemEventTypes(first.events, 0)).toEqual([
      'response.output_item.added',
      'response.mcp_list_tools.in_progress',
      'response.mcp_list_tools.completed',
      'response.output_item.done',
    ]);
    expect(first.events.find((e) => e.type === 'response.output_item.added').item.tools).toEqual([]);
    const list = first.response.output[0];
    expect(list.id).toMatch(/^mcpl_[0-9a-f]{50}$/);
    expect(list.server_label).toBe('ledger');
    expect(list.tools[0]).toEqual({
      annotations: { read_only: true },
      description: 'Adds two numbers.',
      input_schema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      name: 'add',
    });
    expect(list.tools.map((t: AnyJson) => t.name)).toEqual(['add', 'delete_invoice', 'fail', 'audit_log']);
    expect(list.tools[3].description).toBeNull();

    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.response.id,
      input: 'And now?',
      tools: [ledger({ require_approval: 'never' })],
    });
    expect(second.output.map((i) => i.type)).toEqual(['message']);
    expect(second.output_text).toBe('You said: "And now?"');
    expect(count(mcp.methods, 'tools/list')).toBe(1);
    expect(count(mcp.methods, 'initialize')).toBeLessThanOrEqual(1);
  });

  it('lists again when the full item list sent as input lacks the tool list', async () => {
    await client.responses.create({ model: 'm', input: 'One', tools: [ledger()] });
    const again = await client.responses.create({ model: 'm', input: 'Two', tools: [ledger()] });
    expect(again.output[0]?.type).toBe('mcp_list_tools');
    expect(count(mcp.methods, 'tools/list')).toBe(2);
  });

  it.each([
    ['a list of names', ['add', 'fail'], ['add', 'fail']],
    ['tool_names', { tool_names: ['delete_invoice'] }, ['delete_invoice']],
    ['read_only', { read_only: true }, ['add', 'audit_log']],
  ])('filters the listed tools by allowed_tools given as %s', async (_name, allowed, expected) => {
    const res = await client.responses.create({
      model: 'm',
      input: 'Hi',
      tools: [ledger({ allowed_tools: allowed })],
    });
    const list = res.output[0] as AnyJson;
    expect(list.tools.map((t: AnyJson) => t.name)).toEqual(expected);
  });

  it('echoes the tool with its defaults and without its credentials', async () => {
    const res = await client.responses.create({
      model: 'm',
      input: 'Hi',
      tools: [ledger({ authorization: TOKEN })],
    });
    expect(res.tools[0]).toEqual({
      type: 'mcp',
      allowed_tools: null,
      authorization: '<redacted>',
      headers: { 'x-api-key': '<redacted>' },
      require_approval: 'always',
      server_description: null,
      server_label: 'ledger',
      server_url: mcp.url,
    });
  });
});

describe('hosted MCP approvals', () => {
  it('asks for approval by default and ends the response with the request', async () => {
    emu.enqueue(
      reply.items([
        { type: 'mcp_call', server_label: 'ledger', name: 'delete_invoice', arguments: { number: 'INV-7' } },
        { type: 'message', text: 'never sent' },
      ]),
    );
    const { events, response } = await streamed({ input: 'Delete INV-7', tools: [ledger()] });
    expect(response.status).toBe('completed');
    expect(response.output.map((i: AnyJson) => i.type)).toEqual(['mcp_list_tools', 'mcp_approval_request']);
    const request = response.output[1];
    expect(request).toEqual({
      id: expect.stringMatching(/^mcpr_[0-9a-f]{50}$/),
      type: 'mcp_approval_request',
      arguments: '{"number":"INV-7"}',
      name: 'delete_invoice',
      server_label: 'ledger',
    });
    expect(itemEventTypes(events, 1)).toEqual(['response.output_item.added', 'response.output_item.done']);
    expect(events.at(-1).type).toBe('response.completed');
    expect(mcp.calls).toEqual([]);
  });

  it('calls the tool with approval_request_id once a chained request approves it', async () => {
    emu.enqueue(
      reply.mcpCall('ledger', 'delete_invoice', { number: 'INV-7' }),
      reply.text('INV-7 is gone.', { match: { approvalFor: 'delete_invoice' } }),
    );
    const first = await client.responses.create({ model: 'm', input: 'Delete INV-7', tools: [ledger()] });
    const request = first.output.at(-1) as AnyJson;
    const { events, response } = await streamed({
      previous_response_id: first.id,
      input: [{ type: 'mcp_approval_response', approval_request_id: request.id, approve: true }],
      tools: [ledger()],
    });
    expect(response.output.map((i: AnyJson) => i.type)).toEqual(['mcp_call', 'message']);
    const call = response.output[0];
    expect(call).toEqual({
      id: expect.stringMatching(/^mcp_[0-9a-f]{50}$/),
      type: 'mcp_call',
      status: 'completed',
      approval_request_id: request.id,
      arguments: '{"number":"INV-7"}',
      error: null,
      name: 'delete_invoice',
      output: 'Deleted INV-7',
      server_label: 'ledger',
    });
    expect(response.output[1].content[0].text).toBe('INV-7 is gone.');
    expect(itemEventTypes(events, 0)).toEqual([
      'response.output_item.added',
      'response.mcp_call.in_progress',
      'response.mcp_call_arguments.delta',
      'response.mcp_call_arguments.done',
      'response.mcp_call.completed',
      'response.output_item.done',
    ]);
    const added = events.find((e) => e.type === 'response.output_item.added' && e.output_index === 0).item;
    expect(added).toMatchObject({ status: 'in_progress', arguments: '', error: null, output: null });
    expect(added.approval_request_id).toBe(request.id);
    const delta = events.find((e) => e.type === 'response.mcp_call_arguments.delta');
    expect(delta.delta).toBe('{"number":"INV-7"}');
    expect(mcp.calls).toEqual([{ name: 'delete_invoice', arguments: { number: 'INV-7' } }]);
    expect(count(mcp.methods, 'tools/list')).toBe(1);
  });

  it('calls the approved tool when the whole item list is sent as input', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'delete_invoice', { number: 'INV-8' }));
    const first = await client.responses.create({
      model: 'm',
      input: 'Delete INV-8',
      tools: [ledger()],
      store: false,
    });
    const request = first.output.at(-1) as AnyJson;
    const second = await client.responses.create({
      model: 'm',
      input: [
        { role: 'user', content: 'Delete INV-8' },
        ...(first.output as AnyJson[]),
        { type: 'mcp_approval_response', approval_request_id: request.id, approve: true },
      ],
      tools: [ledger()],
      store: false,
    });
    expect(second.output.map((i) => i.type)).toEqual(['mcp_call', 'message']);
    expect((second.output[0] as AnyJson).approval_request_id).toBe(request.id);
    expect(second.output_text).toBe('MCP tool delete_invoice returned: Deleted INV-8');
    expect(count(mcp.methods, 'tools/list')).toBe(1);
  });

  it('answers a rejection without calling the tool, quoting the reason', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'delete_invoice', { number: 'INV-9' }));
    const first = await client.responses.create({ model: 'm', input: 'Delete INV-9', tools: [ledger()] });
    const request = first.output.at(-1) as AnyJson;
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: [
        {
          type: 'mcp_approval_response',
          approval_request_id: request.id,
          approve: false,
          reason: 'INV-9 is still open',
        },
      ],
      tools: [ledger()],
    });
    expect(second.output.map((i) => i.type)).toEqual(['message']);
    expect(second.output_text).toBe('MCP tool delete_invoice was not approved: INV-9 is still open.');
    expect(mcp.calls).toEqual([]);
  });

  it('answers a rejection without a reason', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'delete_invoice', { number: 'INV-9' }));
    const first = await client.responses.create({ model: 'm', input: 'Delete INV-9', tools: [ledger()] });
    const request = first.output.at(-1) as AnyJson;
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: [{ type: 'mcp_approval_response', approval_request_id: request.id, approve: false }],
      tools: [ledger()],
    });
    expect(second.output_text).toBe('MCP tool delete_invoice was not approved.');
  });

  it('rejects an approval response whose approval request is not in the context', async () => {
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: [
        { role: 'user', content: 'Delete INV-7' },
        { type: 'mcp_approval_response', approval_request_id: 'mcpr_unknown', approve: true },
      ],
      tools: [ledger()],
    });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toEqual({
      message:
        "The following MCP approval requests have approval responses but weren't passed as input: mcpr_unknown.",
      type: 'invalid_request_error',
      param: 'input',
      code: null,
    });
    expect(mcp.methods).toEqual([]);
  });

  it('calls at once when require_approval is never, then reports the output', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'add', { a: 2, b: 3 }));
    const { events, response } = await streamed({
      input: 'Add 2 and 3',
      tools: [ledger({ require_approval: 'never' })],
    });
    expect(response.output.map((i: AnyJson) => i.type)).toEqual(['mcp_list_tools', 'mcp_call', 'message']);
    expect(response.output[1]).toMatchObject({ status: 'completed', approval_request_id: null, output: '5' });
    expect(response.output[2].content[0].text).toBe('MCP tool add returned: 5');
    expect(itemEventTypes(events, 1)).toEqual([
      'response.output_item.added',
      'response.mcp_call.in_progress',
      'response.mcp_call_arguments.delta',
      'response.mcp_call_arguments.done',
      'response.mcp_call.completed',
      'response.output_item.done',
    ]);
    const delta = events.find((e) => e.type === 'response.mcp_call_arguments.delta');
    expect(delta.obfuscation).toHaveLength(16 - delta.delta.length);
  });

  it('follows the call with the items the turn scripts after it', async () => {
    emu.enqueue(
      reply.items([
        { type: 'mcp_call', server_label: 'ledger', name: 'add', arguments: { a: 1, b: 1 } },
        { type: 'message', text: 'One and one make two.' },
      ]),
    );
    const res = await client.responses.create({
      model: 'm',
      input: 'Add',
      tools: [ledger({ require_approval: 'never' })],
    });
    expect(res.output.map((i) => i.type)).toEqual(['mcp_list_tools', 'mcp_call', 'message']);
    expect(res.output_text).toBe('One and one make two.');
  });

  it('needs no approval for the tools require_approval.never names', async () => {
    emu.enqueue(
      reply.items([
        { type: 'mcp_call', server_label: 'ledger', name: 'add', arguments: { a: 4, b: 4 } },
        { type: 'mcp_call', server_label: 'ledger', name: 'delete_invoice', arguments: { number: 'INV-1' } },
      ]),
    );
    const res = await client.responses.create({
      model: 'm',
      input: 'Add, then delete',
      tools: [ledger({ require_approval: { never: { tool_names: ['add'] } } })],
    });
    expect(res.output.map((i) => i.type)).toEqual(['mcp_list_tools', 'mcp_call', 'mcp_approval_request']);
    expect((res.output[1] as AnyJson).output).toBe('8');
    expect(mcp.calls.map((c) => c.name)).toEqual(['add']);
  });

  it('needs no approval for read-only tools under require_approval.never.read_only', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'audit_log'));
    const res = await client.responses.create({
      model: 'm',
      input: 'Audit',
      tools: [ledger({ require_approval: { never: { read_only: true } } })],
    });
    expect(res.output.map((i) => i.type)).toEqual(['mcp_list_tools', 'mcp_call', 'message']);
  });
});

describe('hosted MCP failures', () => {
  it('reports a tool error as mcp_tool_execution_error with mcp_call.failed', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'fail'));
    const { events, response } = await streamed({
      input: 'Fail',
      tools: [ledger({ require_approval: 'never' })],
    });
    expect(response.status).toBe('completed');
    expect(response.output[1]).toMatchObject({
      type: 'mcp_call',
      status: 'failed',
      output: null,
      error: { type: 'mcp_tool_execution_error', content: [{ type: 'text', text: 'the ledger is locked' }] },
    });
    expect(itemEventTypes(events, 1)).toContain('response.mcp_call.failed');
    expect(itemEventTypes(events, 1)).not.toContain('response.mcp_call.completed');
    expect(response.output[2].content[0].text).toBe('MCP tool fail failed: the ledger is locked');
  });

  it('reports a JSON-RPC error of the server as mcp_protocol_error', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'no_such_tool'));
    const res = await client.responses.create({
      model: 'm',
      input: 'Call it',
      tools: [ledger({ require_approval: 'never' })],
    });
    expect((res.output[1] as AnyJson).error).toEqual({
      type: 'mcp_protocol_error',
      code: -32602,
      message: 'Tool no_such_tool not found',
    });
  });

  it('answers 424 when the server refuses the credentials while listing tools', async () => {
    emu.enqueue(reply.text('unused'));
    for (const stream of [false, true]) {
      const res = await post(`${emu.url}/responses`, {
        model: 'm',
        input: 'Hi',
        stream,
        tools: [ledger({ headers: { 'x-api-key': 'wrong-key-value' } })],
      });
      expect(res.status).toBe(424);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect((await jsonOf(res)).error).toEqual({
        message: "Error retrieving tool list from MCP server: 'ledger'. Http status code: 401 (Unauthorized)",
        type: 'external_connector_error',
        param: 'tools',
        code: 'http_error',
      });
    }
    expect(mcp.refused).toBeGreaterThan(0);
    expect(emu.pendingTurns).toBe(1);
  });

  it('reports http_error when the server refuses a call after the tools were listed', async () => {
    const first = await client.responses.create({ model: 'm', input: 'Hi', tools: [ledger()] });
    emu.enqueue(reply.mcpCall('ledger', 'add', { a: 1, b: 2 }));
    const wrong = ledger({ require_approval: 'never', headers: { 'x-api-key': 'expired-key-value' } });
    const res = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: 'Add',
      tools: [wrong],
    });
    expect(res.output.map((i) => i.type)).toEqual(['mcp_call', 'message']);
    expect(res.output[0]).toMatchObject({
      status: 'failed',
      output: null,
      error: { type: 'http_error', code: 401, message: 'Http status code: 401 (Unauthorized)' },
    });
    expect(res.output_text).toBe('MCP tool add failed: Http status code: 401 (Unauthorized)');
  });

  it('answers 424 when the server cannot be reached', async () => {
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      tools: [ledger({ server_url: 'http://127.0.0.1:1/mcp' })],
    });
    expect(res.status).toBe(424);
    expect((await jsonOf(res)).error.message).toMatch(
      /^Error retrieving tool list from MCP server: 'ledger'\. Could not reach the MCP server/,
    );
  });

  it('fails with a script error when a turn calls a server that is not in tools', async () => {
    emu.enqueue(reply.mcpCall('crm', 'add'));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', tools: [ledger()] });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect((await jsonOf(res)).error.message).toContain("server 'crm'");
  });

  it('fails with a script error when a turn calls MCP and the request has no mcp tool', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'add'));
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi' });
    expect(res.status).toBe(500);
    expect((await jsonOf(res)).error.message).toContain('no mcp tool with that server_label');
  });

  it('fails with a script error when a turn calls a tool that allowed_tools excludes', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'delete_invoice', { number: 'INV-1' }));
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: 'Hi',
      tools: [ledger({ allowed_tools: ['add'] })],
    });
    expect(res.status).toBe(500);
    expect((await jsonOf(res)).error.message).toContain('allowed_tools');
  });
});

describe('hosted MCP credentials', () => {
  it('never shows the header value or the authorization token', async () => {
    emu.enqueue(reply.mcpCall('ledger', 'add', { a: 1, b: 2 }));
    const tools = [ledger({ require_approval: 'never' })];
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Add', stream: true, tools });
    const { text, frames } = await readFrames(res);
    expect(eventsOf(frames).at(-1)?.type).toBe('response.completed');
    const bearer = { type: 'mcp', server_label: 'ledger', server_url: mcp.url, authorization: TOKEN };
    const viaToken = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', tools: [bearer] });
    expect(viaToken.status).toBe(200);
    const tokenBody = await viaToken.text();
    const seen = [text, tokenBody, JSON.stringify(emu.requests), JSON.stringify(emu.responses)].join('\n');
    expect(seen).not.toContain(API_KEY);
    expect(seen).not.toContain(TOKEN);
    expect(JSON.stringify(emu.requests)).toContain('<redacted>');
  });
});

describe('hosted MCP tool validation', () => {
  async function errorFor(tool: unknown, more: unknown[] = []): Promise<AnyJson> {
    const res = await post(`${emu.url}/responses`, { model: 'm', input: 'Hi', tools: [...more, tool] });
    expect(res.status).toBe(400);
    return (await jsonOf(res)).error;
  }

  const base = () => ({ type: 'mcp', server_label: 'ledger', server_url: 'http://127.0.0.1:9/mcp' });

  it.each([
    ['a missing server_label', { type: 'mcp', server_url: 'http://x/mcp' }, 'tools[1].server_label'],
    ['a server_label with spaces', { ...base(), server_label: 'my ledger' }, 'tools[1].server_label'],
    ['no server_url', { type: 'mcp', server_label: 'ledger' }, 'tools[1].server_url'],
    ['an ftp server_url', { ...base(), server_url: 'ftp://example.com/mcp' }, 'tools[1].server_url'],
    ['a non-string header', { ...base(), headers: { 'x-api-key': 42 } }, 'tools[1].headers.x-api-key'],
    ['headers that are not an object', { ...base(), headers: ['x'] }, 'tools[1].headers'],
    ['allowed_tools of numbers', { ...base(), allowed_tools: [1] }, 'tools[1].allowed_tools[0]'],
    [
      'an unknown require_approval',
      { ...base(), require_approval: 'sometimes' },
      'tools[1].require_approval',
    ],
    [
      'an unknown require_approval filter',
      { ...base(), require_approval: { maybe: {} } },
      'tools[1].require_approval.maybe',
    ],
    [
      'a connector_id',
      { type: 'mcp', server_label: 'box', connector_id: 'connector_dropbox' },
      'tools[1].connector_id',
    ],
    [
      'both server_url and connector_id',
      { ...base(), connector_id: 'connector_gmail' },
      'tools[1].connector_id',
    ],
    ['an unknown key', { ...base(), timeout: 5 }, 'tools[1].timeout'],
  ])('rejects %s with a 400 naming the field', async (_name, tool, param) => {
    const error = await errorFor(tool, [{ type: 'code_interpreter', container: { type: 'auto' } }]);
    expect(error.param).toBe(param);
    expect(error.type).toBe('invalid_request_error');
  });

  it('rejects a duplicate server_label', async () => {
    const error = await errorFor(base(), [base()]);
    expect(error).toMatchObject({ param: 'tools[1].server_label', code: 'invalid_value' });
    expect(error.message).toContain('tools[0]');
  });

  it('words the errors like the API', async () => {
    expect((await errorFor({ ...base(), server_label: 'a b' })).message).toBe(
      "Invalid 'tools[0].server_label': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
    );
    expect((await errorFor({ ...base(), headers: { k: 1 } })).message).toBe(
      "Invalid type for 'tools[0].headers.k': expected a string, but got an integer instead.",
    );
  });

  it('never echoes a header value in a validation error', async () => {
    const error = await errorFor({ ...base(), server_url: 'ftp://x', headers: { 'x-api-key': API_KEY } });
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(JSON.stringify(emu.requests)).not.toContain(API_KEY);
  });

  it('rejects an mcp_approval_response without approve', async () => {
    const res = await post(`${emu.url}/responses`, {
      model: 'm',
      input: [{ type: 'mcp_approval_response', approval_request_id: 'mcpr_1' }],
    });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toMatchObject({
      param: 'input[0].approve',
      code: 'missing_required_parameter',
    });
  });
});

describe('hosted MCP connections', () => {
  it('keeps one connection per server and credentials, and closes it with the emulator', async () => {
    const own = await startEmulator();
    const ownClient = clientFor(own);
    const before = count(mcp.methods, 'initialize');
    await ownClient.responses.create({ model: 'm', input: 'a', tools: [ledger()] });
    await ownClient.responses.create({ model: 'm', input: 'b', tools: [ledger()] });
    expect(count(mcp.methods, 'initialize') - before).toBe(1);
    await ownClient.responses.create({
      model: 'm',
      input: 'c',
      tools: [{ type: 'mcp', server_label: 'ledger', server_url: mcp.url, authorization: TOKEN } as Tool],
    });
    expect(count(mcp.methods, 'initialize') - before).toBe(2);
    await expect.poll(() => mcp.openStreams()).toBeGreaterThanOrEqual(2);
    const streamsBefore = mcp.openStreams();
    await own.close();
    await expect.poll(() => mcp.openStreams()).toBe(streamsBefore - 2);
  });

  it('reconnects when the server has forgotten the session', async () => {
    await client.responses.create({ model: 'm', input: 'a', tools: [ledger()] });
    await mcp.forgetSessions();
    const before = count(mcp.methods, 'initialize');
    const res = await client.responses.create({ model: 'm', input: 'b', tools: [ledger()] });
    expect(res.output[0]?.type).toBe('mcp_list_tools');
    expect(count(mcp.methods, 'initialize') - before).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  isInitializeRequest,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';

/** The `x-api-key` the test server requires (or `Authorization: Bearer <TOKEN>`). */
export const API_KEY = 'k3y-only-the-ledger-knows';
export const TOKEN = 'tok3n-only-the-ledger-knows';

/** The tools of the test "ledger" server. */
export const LEDGER_TOOLS = [
  {
    name: 'add',
    description: 'Adds two numbers.',
    inputSchema: {
      type: 'object' as const,
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'delete_invoice',
    description: 'Deletes an invoice.',
    inputSchema: {
      type: 'object' as const,
      properties: { number: { type: 'string' } },
      required: ['number'],
    },
    annotations: { destructiveHint: true },
  },
  {
    name: 'fail',
    description: 'Always fails.',
    inputSchema: { type: 'object' as const, properties: {} },
  },
  {
    name: 'audit_log',
    inputSchema: { type: 'object' as const, properties: {} },
    annotations: { readOnlyHint: true },
  },
];

/** A running test MCP server: what it received, and how to stop it. */
export interface TestMcpServer {
  /** The Streamable HTTP endpoint, `http://127.0.0.1:PORT/mcp`. */
  url: string;
  /** JSON-RPC methods received with accepted credentials, in order (e.g. `initialize`, `tools/list`). */
  methods: string[];
  /** `tools/call` requests received: name and arguments. */
  calls: Array<{ name: string; arguments: unknown }>;
  /** HTTP requests refused with 401. */
  refused: number;
  /** Open GET (SSE) streams. */
  openStreams(): number;
  /** Ends every session, as a restarted server would (later requests on them get 404). */
  forgetSessions(): Promise<void>;
  close(): Promise<void>;
}

function makeServer(server: TestMcpServer): Server {
  const mcp = new Server({ name: 'ledger', version: '1.0.0' }, { capabilities: { tools: {} } });
  mcp.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: LEDGER_TOOLS }));
  mcp.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: args = {} } = request.params;
    server.calls.push({ name, arguments: args });
    switch (name) {
      case 'add':
        return { content: [{ type: 'text', text: String(Number(args.a) + Number(args.b)) }] };
      case 'delete_invoice':
        return { content: [{ type: 'text', text: `Deleted ${String(args.number)}` }] };
      case 'audit_log':
        return { content: [{ type: 'text', text: 'no entries' }] };
      case 'fail':
        return { isError: true, content: [{ type: 'text', text: 'the ledger is locked' }] };
      default:
        throw new McpError(ErrorCode.InvalidParams, `Tool ${name} not found`);
    }
  });
  return mcp;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(text === '' ? undefined : JSON.parse(text));
    });
    req.on('error', reject);
  });
}

/**
 * Starts an in-process MCP server over Streamable HTTP (stateful sessions) on 127.0.0.1 that
 * requires `x-api-key: API_KEY` or `Authorization: Bearer TOKEN` (401 otherwise).
 */
export async function startTestMcpServer(): Promise<TestMcpServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  let streams = 0;
  const state: TestMcpServer = {
    url: '',
    methods: [],
    calls: [],
    refused: 0,
    openStreams: () => streams,
    forgetSessions: async () => {
      const open = [...transports.values()];
      transports.clear();
      await Promise.all(open.map((t) => t.close()));
    },
    close: async () => {},
  };
  const http = createServer(async (req, res) => {
    const authorized =
      req.headers['x-api-key'] === API_KEY || req.headers.authorization === `Bearer ${TOKEN}`;
    if (!authorized) {
      state.refused++;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    for (const message of Array.isArray(body) ? body : [body]) {
      const method = (message as { method?: unknown } | undefined)?.method;
      if (typeof method === 'string') state.methods.push(method);
    }
    const sessionId = req.headers['mcp-session-id'];
    let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (req.method !== 'POST' || !isInitializeRequest(body)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no session"}');
        return;
      }
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, created);
        },
      });
      created.onclose = () => {
        if (created.sessionId) transports.delete(created.sessionId);
      };
      await makeServer(state).connect(created);
      transport = created;
    }
    if (req.method === 'GET') {
      streams++;
      res.once('close', () => {
        streams--;
      });
    }
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/mcp`;
  state.close = async () => {
    await Promise.all([...transports.values()].map((t) => t.close()));
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  };
  return state;
}

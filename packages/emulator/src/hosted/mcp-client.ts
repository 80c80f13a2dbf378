import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { JsonObject } from '../wire/wire-types.js';

/** Where a hosted MCP server lives: its Streamable HTTP URL and the headers every request carries. */
export interface McpEndpoint {
  url: string;
  /** Sent on every request to the server (credentials included); never logged or echoed. */
  headers: Readonly<Record<string, string>>;
}

/**
 * A tool as an MCP server lists it (`tools/list`).
 *
 * @example
 * import type { McpServerTool } from './mcp-client.js';
 * const tool: McpServerTool = { name: 'add', description: 'Adds', inputSchema: { type: 'object' }, readOnly: false };
 */
export interface McpServerTool {
  name: string;
  description: string | null;
  inputSchema: JsonObject;
  /** The tool's `annotations.readOnlyHint`. */
  readOnly: boolean;
}

/**
 * What a `tools/call` gave: the output text, or the content of a result with `isError: true`.
 *
 * @example
 * import type { McpToolResult } from './mcp-client.js';
 * const result: McpToolResult = { ok: true, output: '3' };
 */
export type McpToolResult = { ok: true; output: string } | { ok: false; content: unknown };

/**
 * Why talking to an MCP server failed: an HTTP error status (e.g. 401 for a wrong credential), a
 * JSON-RPC error from the server, or no connection at all. Messages never contain header values.
 */
export type McpFailure =
  | { kind: 'http'; status: number; message: string }
  | { kind: 'protocol'; code: number; message: string }
  | { kind: 'network'; message: string };

const FAILURE_MARKER = Symbol.for('turnkit.emulator.McpFailureError');

/**
 * Thrown by {@link McpConnections} when a server cannot be reached or answers with an error.
 *
 * @example
 * import { McpConnections, McpFailureError } from './mcp-client.js';
 * const connections = new McpConnections();
 * const endpoint = { url: 'http://127.0.0.1:3000/mcp', headers: {} };
 * try { await connections.listTools(endpoint); } catch (e) { if (McpFailureError.is(e)) console.log(e.failure.kind); }
 */
export class McpFailureError extends Error {
  readonly failure: McpFailure;

  constructor(failure: McpFailure, options?: ErrorOptions) {
    super(failure.message, options);
    this.name = 'McpFailureError';
    this.failure = failure;
    Object.defineProperty(this, FAILURE_MARKER, { value: true });
  }

  /** Tells whether a value is an `McpFailureError`, also across duplicate copies of this package. */
  static is(value: unknown): value is McpFailureError {
    return typeof value === 'object' && value !== null && FAILURE_MARKER in value;
  }
}

/** How long one MCP request may take before it fails (a hung server must not hang a test). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The MCP client connections of one emulator instance, over Streamable HTTP through the official
 * SDK. A connection is opened on first use and kept per (URL, headers), so the same server with the
 * same credentials is initialized once; a connection that fails at the transport level is dropped
 * and reopened on next use, and a kept connection whose session the server forgot (HTTP 404) is
 * reopened at once. {@link McpConnections.close} closes them all.
 *
 * @example
 * import { McpConnections } from './mcp-client.js';
 * declare const key: string;
 * const connections = new McpConnections();
 * const tools = await connections.listTools({ url: 'http://127.0.0.1:3000/mcp', headers: { 'x-api-key': key } });
 * await connections.close();
 */
export class McpConnections {
  readonly #clients = new Map<string, Promise<Client>>();
  #closed = false;

  /**
   * Lists every tool of a server (following `nextCursor` pages).
   *
   * @throws {McpFailureError} when the server cannot be reached or answers with an error. Aborting
   * `signal` fails the request the same way.
   */
  listTools(endpoint: McpEndpoint, signal?: AbortSignal): Promise<McpServerTool[]> {
    return this.#use(endpoint, signal, async (client) => {
      const tools: McpServerTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor }, requestOptions(signal));
        for (const tool of page.tools) {
          tools.push({
            name: tool.name,
            description: tool.description ?? null,
            inputSchema: tool.inputSchema as JsonObject,
            readOnly: tool.annotations?.readOnlyHint === true,
          });
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return tools;
    });
  }

  /**
   * Calls a tool. A result with `isError: true` is a normal answer (`{ok: false, content}`); only
   * transport and protocol failures throw.
   *
   * @throws {McpFailureError} when the server cannot be reached, answers with an HTTP error status
   * or a JSON-RPC error (e.g. an unknown tool).
   */
  callTool(
    endpoint: McpEndpoint,
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<McpToolResult> {
    return this.#use(endpoint, signal, async (client) => {
      const result = await client.callTool({ name, arguments: args }, undefined, requestOptions(signal));
      if (result.isError === true) return { ok: false, content: result.content };
      return { ok: true, output: outputText(result as { content?: unknown; structuredContent?: unknown }) };
    });
  }

  /** Closes every connection; later calls fail. Never throws. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(pending.map((p) => p.then((client) => client.close()).catch(() => undefined)));
  }

  async #use<T>(
    endpoint: McpEndpoint,
    signal: AbortSignal | undefined,
    work: (client: Client) => Promise<T>,
  ): Promise<T> {
    if (this.#closed) throw new McpFailureError({ kind: 'network', message: 'The emulator is closing.' });
    const key = connectionKey(endpoint);
    const cached = this.#clients.get(key);
    try {
      return await this.#attempt(key, cached ?? this.#open(key, endpoint, signal), work);
    } catch (error) {
      const failure = (error as McpFailureError).failure;
      // A 404 on a kept connection means the server forgot the session: reconnect once.
      if (!cached || failure.kind !== 'http' || failure.status !== 404) throw error;
      return this.#attempt(key, this.#open(key, endpoint, signal), work);
    }
  }

  #open(key: string, endpoint: McpEndpoint, signal: AbortSignal | undefined): Promise<Client> {
    const pending = connect(endpoint, signal);
    this.#clients.set(key, pending);
    return pending;
  }

  async #attempt<T>(key: string, pending: Promise<Client>, work: (client: Client) => Promise<T>): Promise<T> {
    let client: Client;
    try {
      client = await pending;
    } catch (error) {
      if (this.#clients.get(key) === pending) this.#clients.delete(key);
      throw toFailureError(error);
    }
    try {
      return await work(client);
    } catch (error) {
      const failure = toFailureError(error);
      if (failure.failure.kind !== 'protocol' || failure.failure.code === -32000) {
        if (this.#clients.get(key) === pending) this.#clients.delete(key);
        void client.close().catch(() => undefined);
      }
      throw failure;
    }
  }
}

async function connect(endpoint: McpEndpoint, signal: AbortSignal | undefined): Promise<Client> {
  const client = new Client({ name: 'turnkit-emulator', version: '0.1.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), {
    requestInit: { headers: { ...endpoint.headers } },
  });
  try {
    await client.connect(transport, requestOptions(signal));
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return client;
}

function requestOptions(signal: AbortSignal | undefined): { timeout: number; signal?: AbortSignal } {
  return signal ? { timeout: REQUEST_TIMEOUT_MS, signal } : { timeout: REQUEST_TIMEOUT_MS };
}

/** A key for the connection cache that holds no credential in clear. */
function connectionKey(endpoint: McpEndpoint): string {
  const headers = Object.entries(endpoint.headers)
    .map(([name, value]) => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([endpoint.url, headers]))
    .digest('hex');
}

/**
 * The text of a tool result: its text content parts joined with newlines; without text, the
 * structured content or the content as JSON.
 */
function outputText(result: { content?: unknown; structuredContent?: unknown }): string {
  const content = Array.isArray(result.content) ? (result.content as Array<Record<string, unknown>>) : [];
  const texts = content.filter((part) => part.type === 'text' && typeof part.text === 'string');
  if (texts.length > 0) return texts.map((part) => part.text as string).join('\n');
  if (result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return JSON.stringify(content);
}

/**
 * Maps an SDK error to an {@link McpFailure}. HTTP errors keep only their status (the server's body
 * may echo what it was sent); JSON-RPC errors keep their code and message.
 */
function toFailureError(error: unknown): McpFailureError {
  if (McpFailureError.is(error)) return error;
  if (error instanceof StreamableHTTPError && typeof error.code === 'number' && error.code > 0) {
    return new McpFailureError({ kind: 'http', status: error.code, message: httpMessage(error.code) });
  }
  if (error instanceof McpError) {
    const message = error.message.replace(/^(MCP error -?\d+: )+/, '');
    return new McpFailureError({ kind: 'protocol', code: error.code, message });
  }
  if (error instanceof Error && error.name === 'UnauthorizedError') {
    return new McpFailureError({ kind: 'http', status: 401, message: httpMessage(401) });
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const detail = typeof code === 'string' ? ` (${code})` : '';
  return new McpFailureError({ kind: 'network', message: `Could not reach the MCP server${detail}.` });
}

/**
 * The message of an HTTP failure, worded like the real service's:
 * `Http status code: 401 (Unauthorized)`.
 *
 * @example
 * import { httpMessage } from './mcp-client.js';
 * httpMessage(401); // 'Http status code: 401 (Unauthorized)'
 */
export function httpMessage(status: number): string {
  return `Http status code: ${status} (${STATUS_CODES[status] ?? 'Unknown'})`;
}

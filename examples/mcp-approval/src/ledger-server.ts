// A small MCP server over Streamable HTTP on 127.0.0.1: the "ledger" the agent works on.
// It wants an x-api-key header, so the example shows a secret that never reaches saved state.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const invoices = new Map([
  ['INV-7', { customer: 'Contoso', amount: 1200 }],
  ['INV-8', { customer: 'Fabrikam', amount: 90 }],
]);

function ledger(): McpServer {
  const server = new McpServer({ name: 'ledger', version: '1.0.0' });
  server.registerTool(
    'list_invoices',
    { description: 'List open invoices.', inputSchema: {}, annotations: { readOnlyHint: true } },
    async () => ({ content: [{ type: 'text', text: JSON.stringify(Object.fromEntries(invoices)) }] }),
  );
  server.registerTool(
    'delete_invoice',
    { description: 'Delete an invoice by number.', inputSchema: { number: z.string() } },
    async ({ number }) => {
      if (!invoices.delete(number))
        return { isError: true, content: [{ type: 'text', text: `No invoice ${number}.` }] };
      return { content: [{ type: 'text', text: `Deleted ${number}.` }] };
    },
  );
  return server;
}

/** Starts the ledger on a free port with a fresh key; requests must carry `x-api-key: <apiKey>`. */
export async function startLedger(): Promise<{ url: string; apiKey: string; close(): Promise<void> }> {
  const apiKey = `ledger-${randomUUID()}`;
  const http: Server = createServer(async (req, res) => {
    if (req.headers['x-api-key'] !== apiKey) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    // Stateless Streamable HTTP: a fresh server and transport per request.
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const server = ledger();
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    apiKey,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

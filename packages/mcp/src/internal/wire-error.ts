/**
 * A JSON-RPC error as a request handler throws it, with a bare `message`. The SDK sends a thrown
 * error's `code` and `message` as they are, and the client side turns what it receives into an
 * `McpError`, whose constructor puts `MCP error <code>: ` in front. Throwing the SDK's `McpError`
 * from a handler would put that prefix on the wire too, and the client would read it twice
 * (`MCP error -32602: MCP error -32602: Unknown tool …`).
 *
 * @see https://www.jsonrpc.org/specification#error_object
 */
export class WireError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

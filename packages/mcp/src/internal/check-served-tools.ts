import type { Tool } from '@turnkit/tools';
import { McpToolkitError } from '../contract/errors.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return typeof value;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' ? `a tool of kind "${kind}"` : 'an object that is not a turnkit tool';
}

/**
 * Checks that `tools` can be served: an array of turnkit function tools (made with `defineTool` or
 * `defineJsonTool`) with unique names. Returns them by name, in order.
 *
 * @throws {McpToolkitError} `mcp_serve_invalid`, naming the position and what is wrong.
 */
export function checkServedTools(tools: readonly Tool[], server: string): Map<string, Tool> {
  if (!Array.isArray(tools)) {
    throw new McpToolkitError(
      'mcp_serve_invalid',
      server,
      `createMcpServer: \`tools\` must be an array of turnkit tools (from defineTool or defineJsonTool), got ${describe(tools)}.`,
    );
  }
  const byName = new Map<string, Tool>();
  tools.forEach((tool: unknown, index) => {
    const candidate = tool as Partial<Tool> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      candidate.kind !== 'function' ||
      typeof candidate.name !== 'string' ||
      typeof candidate.execute !== 'function' ||
      typeof candidate.parameters !== 'object' ||
      candidate.parameters === null ||
      typeof candidate.input !== 'object' ||
      candidate.input === null
    ) {
      const hosted =
        candidate !== null && typeof candidate === 'object' && candidate.kind !== undefined
          ? ' Hosted tools (hosted MCP, code interpreter …) run in the Responses API service and cannot be served.'
          : '';
      throw new McpToolkitError(
        'mcp_serve_invalid',
        server,
        `createMcpServer: tools[${index}] is ${describe(tool)}, not a turnkit function tool. ` +
          `Make it with defineTool or defineJsonTool from @turnkit/tools.${hosted}`,
      );
    }
    if (byName.has(candidate.name)) {
      throw new McpToolkitError(
        'mcp_serve_invalid',
        server,
        `createMcpServer: two tools are named "${candidate.name}" (tools[${tools.indexOf(byName.get(candidate.name)!)}] ` +
          `and tools[${index}]). MCP clients call tools by name, so names must be unique.`,
      );
    }
    byName.set(candidate.name, candidate as Tool);
  });
  return byName;
}

import type { HostedMcpTool } from '@turnkit/tools';
import type { ResponseCreateParamsStreaming, Tool } from 'openai/resources/responses/responses';

/**
 * The request body as events show it: hosted MCP tools in their redacted form (header values, and
 * user info and query values of the server URL, replaced by `"[redacted]"`), everything else as
 * sent. The body itself is returned when the agent has no hosted MCP tool.
 *
 * @example
 * ```ts
 * import type { Agent, EventBase, RunEvent } from '@turnkit/core';
 * import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
 * import { visibleRequest } from './visible-request.js';
 * declare const agent: Agent;
 * declare const body: ResponseCreateParamsStreaming;
 * declare const base: EventBase;
 * declare function emit(event: RunEvent): void;
 * emit({ type: 'turn_started', request: visibleRequest(body, agent.config.hostedTools), ...base });
 * ```
 */
export function visibleRequest(
  body: ResponseCreateParamsStreaming,
  hosted: ReadonlyMap<string, HostedMcpTool>,
): ResponseCreateParamsStreaming {
  if (hosted.size === 0 || !body.tools) return body;
  const tools = body.tools.map((tool) =>
    tool.type === 'mcp' ? ((hosted.get(tool.server_label)?.toJSON() as Tool | undefined) ?? tool) : tool,
  );
  return { ...body, tools };
}

import type { Response, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { RunEvent } from '../run/events.js';
import type { ObservedRun } from '../run/run-observer.js';
import type { ResumeInput } from '../run-state/run-state.js';
import { REDACTED, safeUrl } from '../values/redact.js';
import { RUN_LOG_VERSION, type RunLogEntry, type RunLogError } from './run-log-format.js';

/** What stands in for image bytes that are kept elsewhere in the log. */
export function omittedImage(base64: string): string {
  return `[image omitted from this line: ${base64.length} bytes of base64, kept in the image_generated line]`;
}

/** An item with an image generation call's bytes replaced (they are logged once, in `image_generated`). */
function loggedItem(item: ResponseOutputItem): ResponseOutputItem {
  if (item.type === 'image_generation_call' && typeof item.result === 'string') {
    return { ...item, result: omittedImage(item.result) };
  }
  return item;
}

/** A hosted MCP tool's echo with header values, `authorization` and URL secrets redacted. */
function loggedTool(tool: Record<string, unknown>): Record<string, unknown> {
  if (tool.type !== 'mcp') return tool;
  const shown: Record<string, unknown> = { ...tool };
  if (shown.headers && typeof shown.headers === 'object') {
    shown.headers = Object.fromEntries(Object.keys(shown.headers).map((name) => [name, REDACTED]));
  }
  if (typeof shown.authorization === 'string') shown.authorization = REDACTED;
  if (typeof shown.server_url === 'string') shown.server_url = safeUrl(shown.server_url);
  return shown;
}

/** A response as logged: images once, hosted MCP secrets redacted. */
function loggedResponse(response: Response): Response {
  return {
    ...response,
    output: response.output.map(loggedItem),
    tools: (response.tools ?? []).map((tool) =>
      loggedTool(tool as unknown as Record<string, unknown>),
    ) as unknown as Response['tools'],
  };
}

/** What a log keeps of an error. */
export function loggedError(error: unknown): RunLogError {
  const value = (error ?? {}) as Record<string, unknown>;
  return {
    name: typeof value.name === 'string' ? value.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof value.code === 'string' ? { code: value.code } : {}),
    ...(typeof value.status === 'number' ? { status: value.status } : {}),
    ...(typeof value.requestId === 'string' ? { requestId: value.requestId } : {}),
  };
}

/** The tools an agent offers, by name (function tools), label (hosted MCP) or type (built-ins). */
function toolNames(run: ObservedRun): string[] {
  return [
    ...run.agent.tools.keys(),
    ...[...run.agent.hostedTools.keys()].map((label) => `mcp:${label}`),
    ...run.agent.builtinTools.map((tool) => tool.definition.type),
  ];
}

/**
 * The log line of an event (without the trailing newline); `undefined` for `raw` events, which
 * logs leave out.
 *
 * @example
 * ```ts
 * import type { ObservedRun, RunEvent } from '@turnkit/core';
 * import { logLine } from './log-entry.js';
 * declare const event: RunEvent;
 * declare const run: ObservedRun;
 * const lines: string[] = [];
 * const line = logLine(event, run, Date.now());
 * if (line) lines.push(line);
 * ```
 */
export function logLine(event: RunEvent, run: ObservedRun, time: number): string | undefined {
  const head = { v: RUN_LOG_VERSION, time };
  let entry: RunLogEntry;
  switch (event.type) {
    case 'raw':
      return undefined;
    case 'run_started': {
      const resume = run.input as ResumeInput;
      const resumed = typeof resume === 'object' && resume !== null && resume.kind === 'turnkit.resume';
      entry = {
        ...head,
        ...event,
        definition: {
          name: run.agent.name,
          ...(run.model ? { model: run.model } : {}),
          ...(run.agent.instructions ? { instructions: run.agent.instructions } : {}),
          tools: toolNames(run),
        },
        ...(run.baseURL ? { baseURL: safeUrl(run.baseURL) } : {}),
        ...(resumed
          ? { resumedFrom: { runId: resume.state.runId, resumeToken: resume.state.resumeToken } }
          : {}),
      };
      break;
    }
    case 'turn_started': {
      const request = JSON.stringify(event.request);
      const line = JSON.stringify({
        ...head,
        ...event,
        request: undefined,
        requestBytes: Buffer.byteLength(request),
      });
      // Splice the request in as serialized once, rather than serializing it twice.
      return `${line.slice(0, -1)},"request":${request}}`;
    }
    case 'output_item':
      entry = { ...head, ...event, item: loggedItem(event.item) };
      break;
    case 'turn_finished':
      entry = { ...head, ...event, response: loggedResponse(event.response) };
      break;
    case 'image_partial': {
      const { base64, ...rest } = event;
      entry = { ...head, ...rest, bytes: base64.length };
      break;
    }
    case 'turn_failed':
    case 'run_failed':
      entry = { ...head, ...event, error: loggedError(event.error) };
      break;
    case 'run_finished': {
      const result = event.result;
      entry = {
        ...head,
        ...event,
        result: {
          status: result.status,
          output: result.output,
          usage: result.usage,
          turns: result.turns,
          interruptions: result.interruptions,
          ...(result.incompleteReason ? { incompleteReason: result.incompleteReason } : {}),
          ...(result.lastResponse ? { lastResponseId: result.lastResponse.id } : {}),
          ...(result.state ? { resumeToken: result.state.resumeToken } : {}),
        },
      };
      break;
    }
    default:
      entry = { ...head, ...event };
  }
  return JSON.stringify(entry);
}

// The fault matrix: one multi-turn run (parallel function calls, a hosted MCP call, a final
// answer) with one fault injected per case, in server, stateless and background mode. Every
// case must end as the fault-free run does, directly or through the documented recovery
// (running the agent again on error.partial.conversation), with every function call executed
// exactly once and the MCP server called exactly as often as the wire allows (see expectedMcpCalls).
import type { Emulator, ModelRequest, ScriptFault, ScriptTurn } from '@turnkit/emulator';
import { reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { z } from 'zod';
import {
  createAgent,
  createConversation,
  hostedMcpTool,
  type RunEvent,
  TurnkitError,
} from '../../src/index.js';

export type Mode = 'server' | 'stateless' | 'background';
export const MODES: readonly Mode[] = ['server', 'stateless', 'background'];

/** One injected fault: on the `request`-th `POST /responses` of the case (1-based). */
export interface FaultCase {
  mode: Mode;
  request: number;
  fault: ScriptFault;
  /** For stream faults: the number of events sent before the fault. */
  at?: number;
  label: string;
}

/** What the MCP server of the scenario exposes. */
export interface McpServer {
  url: string;
  /** The `x-api-key` it wants. */
  key: string;
  calls: unknown[];
}

/** The request of the turn that makes the hosted MCP call. */
const MCP_REQUEST = 2;
/** Events a client can lose right before a dropped connection (unread data is discarded with it). */
const LOSS_MARGIN = 5;

const sentTo = (request: ModelRequest, callId: string) =>
  request.context.find((item) => item.type === 'function_call_output' && item.call_id === callId) as
    | { output: string }
    | undefined;
const mcpCall = (request: ModelRequest) =>
  request.context.find((item) => item.type === 'mcp_call' && item.name === 'search') as
    | { output: string | null }
    | undefined;

/**
 * The scripted model: decides only from what the request shows, as a real model would, so a
 * retried request gets the answer the context calls for. Turn 1: two parallel weather calls.
 * Turn 2: the hosted `search` call and a `get_time` call. Turn 3: an answer built on every output.
 */
export function decide(request: ModelRequest): ScriptTurn {
  const paris = sentTo(request, 'call_paris');
  const oslo = sentTo(request, 'call_oslo');
  if (!paris || !oslo) {
    return reply.toolCalls([
      { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_paris' },
      { name: 'get_weather', arguments: { city: 'Oslo' }, callId: 'call_oslo' },
    ]);
  }
  const search = mcpCall(request);
  const time = sentTo(request, 'call_time');
  if (!search || !time) {
    return reply.items([
      ...(search
        ? []
        : [
            {
              type: 'mcp_call' as const,
              server_label: 'items',
              name: 'search',
              arguments: { q: 'umbrella' },
            },
          ]),
      { type: 'function_call', name: 'get_time', arguments: {}, call_id: 'call_time' },
    ]);
  }
  return reply.text(`Paris ${paris.output}; Oslo ${oslo.output}; ${search.output}; time ${time.output}.`);
}

/** Runs the scenario against an emulator whose behavior is {@link Matrix.behavior}. */
export class Matrix {
  /** Executions per function call id. */
  readonly executions = new Map<string, number>();
  #requests = 0;
  #fault: FaultCase | undefined;

  constructor(
    readonly emu: () => Emulator,
    readonly mcp: McpServer,
  ) {}

  /** The emulator's model: {@link decide}, with the case's fault on its request. */
  readonly behavior = (request: ModelRequest): ScriptTurn => {
    this.#requests++;
    const turn = decide(request);
    const fault = this.#fault?.request === this.#requests ? this.#fault.fault : undefined;
    // An HTTP fault answers instead of the turn; the others cut the turn's stream.
    if (fault) return fault.type === 'http' ? { fault } : { ...turn, fault };
    return turn;
  };

  #tools() {
    const count = (id: string) => this.executions.set(id, (this.executions.get(id) ?? 0) + 1);
    return [
      defineTool({
        name: 'get_weather',
        description: 'Current temperature of a city.',
        input: z.object({ city: z.string() }),
        execute: ({ city }, { callId }) => {
          count(callId);
          return `${city === 'Paris' ? 18 : 9} C`;
        },
      }),
      defineTool({
        name: 'get_time',
        description: 'The current time.',
        input: z.object({}),
        execute: (_input, { callId }) => {
          count(callId);
          return '12:00';
        },
      }),
      hostedMcpTool({
        serverLabel: 'items',
        serverUrl: this.mcp.url,
        headers: { 'x-api-key': this.mcp.key },
        requireApproval: 'never',
      }),
    ];
  }

  /**
   * Runs one case to its end: the run, and the documented recovery after each typed failure.
   * Returns what happened; throws when a failure was not a typed RunError with a partial result.
   */
  async run(mode: Mode, fault?: FaultCase): Promise<CaseOutcome> {
    this.emu().reset();
    this.mcp.calls.length = 0;
    this.executions.clear();
    this.#requests = 0;
    this.#fault = fault;
    const client = new OpenAI({ baseURL: this.emu().url, apiKey: 'test', maxRetries: 1 });
    const agent = createAgent({
      model: 'm',
      client,
      tools: this.#tools(),
      background: mode === 'background',
    });
    let conversation = createConversation({ strategy: mode === 'stateless' ? 'stateless' : 'server' });
    const failures: Array<{ code: string; keptMcp: boolean }> = [];
    const raw: Array<{ turn: number; type: string; item?: string }> = [];
    for (let attempt = 0; ; attempt++) {
      const stream = agent.stream(attempt === 0 ? 'Weather, an umbrella and the time?' : [], {
        conversation,
      });
      const kept: string[] = [];
      stream.on('turn_failed', (e: RunEvent) => kept.push(...(e as { keptItemIds: string[] }).keptItemIds));
      if (attempt === 0) {
        stream.on('raw', (e) =>
          raw.push({
            turn: e.turn,
            type: e.event.type,
            item: (e.event as { item?: { type?: string } }).item?.type,
          }),
        );
      }
      try {
        const result = await stream.result;
        await this.#settle();
        return {
          output: result.output,
          failures,
          raw,
          mcpCalls: this.mcp.calls.length,
          executions: new Map(this.executions),
        };
      } catch (error) {
        if (!TurnkitError.is(error) || !(error as { partial?: unknown }).partial || attempt >= 3) throw error;
        failures.push({ code: error.code, keptMcp: kept.some((id) => id.startsWith('mcp_')) });
        conversation = (error as unknown as { partial: { conversation: typeof conversation } }).partial
          .conversation;
      }
    }
  }

  /** Waits until no background response is still running on the emulator (its work counts too). */
  async #settle(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (!this.emu().responses.some((r) => r.status === 'queued' || r.status === 'in_progress')) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** How one case ended. */
export interface CaseOutcome {
  output: string;
  /** Each typed failure before the run completed, and whether its turn_failed kept the MCP call. */
  failures: Array<{ code: string; keptMcp: boolean }>;
  /** The raw events of the first attempt, with their turn. */
  raw: Array<{ turn: number; type: string; item?: string }>;
  mcpCalls: number;
  executions: Map<string, number>;
}

/** Every case of the matrix for the event counts of a fault-free run in each mode. */
export function allCases(eventsPerRequest: Record<Mode, number[]>): FaultCase[] {
  const cases: FaultCase[] = [];
  for (const mode of MODES) {
    const counts = eventsPerRequest[mode];
    counts.forEach((events, index) => {
      const request = index + 1;
      cases.push(
        {
          mode,
          request,
          fault: { type: 'http', status: 429, retryAfterMs: 1 },
          label: `${mode} request ${request}: 429, retried by the client`,
        },
        {
          mode,
          request,
          fault: { type: 'http', status: 503, retryAfterMs: 1, headers: { 'x-should-retry': 'false' } },
          label: `${mode} request ${request}: 503, not retried`,
        },
      );
      for (let at = 0; at < events; at++) {
        cases.push({
          mode,
          request,
          at,
          fault: { type: 'disconnect', afterEvents: at },
          label: `${mode} request ${request}: disconnect after ${at} events`,
        });
        // In the background the service fails the response no earlier than after in_progress.
        if (mode !== 'background' || at >= 3) {
          cases.push({
            mode,
            request,
            at,
            fault: { type: 'error_event', afterEvents: at },
            label: `${mode} request ${request}: error event after ${at} events`,
          });
        }
      }
    });
  }
  return cases;
}

/** Every `sample`-th case, spread over the modes, requests and kinds (deterministic). */
export function sampleCases(cases: readonly FaultCase[], every: number): FaultCase[] {
  return cases.filter((_, index) => index % every === 0);
}

/**
 * How often the MCP server must have run `search` in a case, from what the wire allowed the
 * client to know. The emulator runs a hosted call before it streams the turn, so a fault on that
 * turn's stream comes after the call ran. The loop keeps a call whose completion it saw (its
 * `output_item.done`), and the retry then does not repeat it; a call it never saw complete runs
 * again. So: 1, plus 1 when the MCP turn failed without keeping the call. And where the wire
 * settles it: a cut well after the call's `output_item.done` (an `error` event, or a drop with room
 * for the events a client loses with the connection) must keep it; a cut before it cannot.
 */
export function expectedMcpCalls(
  fault: FaultCase | undefined,
  outcome: CaseOutcome,
  doneIndex: number | undefined,
): { calls: number; mustKeep: boolean | undefined } {
  const onMcpTurn = fault?.request === MCP_REQUEST && fault.fault.type !== 'http';
  const failedThere = onMcpTurn && outcome.failures.length > 0;
  if (!failedThere || fault?.at === undefined || doneIndex === undefined)
    return { calls: 1, mustKeep: undefined };
  const keptMcp = outcome.failures.some((f) => f.keptMcp);
  const margin = fault.fault.type === 'error_event' ? 0 : LOSS_MARGIN;
  const mustKeep = fault.at > doneIndex + margin ? true : fault.at <= doneIndex ? false : undefined;
  return { calls: keptMcp ? 1 : 2, mustKeep };
}

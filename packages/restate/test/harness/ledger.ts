import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One start of a tool call, as the tool reported it. */
export interface Start {
  callId: string;
  tool: string;
  pid: number;
}

/** A side effect, applied once per idempotency key however often it is requested. */
export interface Effect {
  key: string;
  kind: string;
  value: unknown;
  id: string;
  /** How many requests asked for it (the first applied it, the rest were answered from memory). */
  requests: number;
}

/**
 * A real HTTP service in the test process that stands for an external system: tools report their
 * starts to it and make their side effects through it, idempotent by key, so a test can count
 * starts and applied effects across worker processes that die. `/gate` holds a call until the
 * test opens it.
 */
export interface Ledger {
  readonly url: string;
  readonly starts: Start[];
  readonly effects: Map<string, Effect>;
  /** Starts of one call id. */
  startsOf(callId: string): Start[];
  /** Resolves when a start of `tool` (after `already` of them) has been reported. */
  waitForStart(tool: string, already?: number): Promise<Start>;
  /** Lets every call waiting at the gate (and every later one) through. */
  openGate(): void;
  /** Makes calls wait at the gate again. */
  closeGate(): void;
  /** How many calls wait at the gate now. */
  readonly waiting: number;
  reset(): void;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<any> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : {};
}

export async function startLedger(): Promise<Ledger> {
  const starts: Start[] = [];
  const effects = new Map<string, Effect>();
  let open = false;
  let held: Array<() => void> = [];
  let watchers: Array<() => void> = [];
  const changed = () => {
    const list = watchers;
    watchers = [];
    for (const watch of list) watch();
  };
  const reply = (response: ServerResponse, value: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(value));
  };
  const server = createServer(async (request, response) => {
    const input = await body(request);
    switch (request.url) {
      case '/start':
        starts.push({ callId: input.callId, tool: input.tool, pid: input.pid });
        changed();
        return reply(response, { ok: true });
      case '/effect': {
        const known = effects.get(input.key);
        if (known) {
          known.requests++;
          return reply(response, known);
        }
        const effect = {
          key: input.key,
          kind: input.kind,
          value: input.value,
          id: `eff_${effects.size + 1}`,
          requests: 1,
        };
        effects.set(input.key, effect);
        changed();
        return reply(response, effect);
      }
      case '/gate': {
        if (open) return reply(response, { passed: true });
        const release = () => reply(response, { passed: true });
        held.push(release);
        request.on('close', () => {
          held = held.filter((entry) => entry !== release);
        });
        changed();
        return;
      }
      default:
        response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    starts,
    effects,
    startsOf: (callId) => starts.filter((s) => s.callId === callId),
    waitForStart(tool, already = 0) {
      return new Promise((resolve) => {
        const check = () => {
          const found = starts.filter((s) => s.tool === tool);
          if (found.length > already) resolve(found[already]!);
          else watchers.push(check);
        };
        check();
      });
    },
    openGate() {
      open = true;
      const list = held;
      held = [];
      for (const release of list) release();
    },
    closeGate() {
      open = false;
    },
    get waiting() {
      return held.length;
    },
    reset() {
      starts.length = 0;
      effects.clear();
      open = false;
      held = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { createServer, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import * as restate from '@restatedev/restate-sdk';
import { ConfigurationError } from '@turnkit/core';
import type { DurableAgent } from './agent/durable-agent.js';

/** Options of {@link serveDurableAgent}. */
export interface ServeOptions {
  /** Port to listen on; default 9080. `0` picks a free one (see `worker.port`). */
  port?: number;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /**
   * Let several worker processes listen on the same port (`SO_REUSEPORT`, Linux): the kernel
   * spreads Restate's connections over them, and when one dies Restate reconnects to another.
   * One registered deployment then stands for all of them. Default `true`.
   */
  reusePort?: boolean;
  /**
   * Request identity keys (`publickeyv1_…`): when given, the endpoint accepts only requests
   * signed by a Restate server holding the matching private key.
   */
  identityKeys?: string[];
  /**
   * Least severe Restate SDK log line printed (to the console): `'info'` prints every invocation,
   * the default `'warn'` problems only, `'error'` errors only, `'silent'` nothing.
   */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

const RANK: Record<string, number> = { trace: 1, debug: 2, info: 3, warn: 4, error: 5, silent: 6 };

/** A Restate logger that prints lines at `least` or above, never while replaying. */
function consoleLogger(least: string): restate.LoggerTransport {
  const min = RANK[least] ?? RANK.warn!;
  return (meta, message, ...rest) => {
    const level = String(meta.level);
    if (meta.replaying || (RANK[level] ?? 0) < min) return;
    const where = meta.context ? `[${meta.context.invocationTarget}][${meta.context.invocationId}]` : '';
    const line = [`[restate]${where} ${level.toUpperCase()}:`, message, ...rest];
    if (level === 'error') console.error(...line);
    else if (level === 'warn') console.warn(...line);
    else console.log(...line);
  };
}

/** A worker serving durable agents over HTTP/2, as Restate invokes them. */
export interface DurableWorker {
  /** The port it listens on. */
  readonly port: number;
  /** The URL to register with Restate, e.g. `http://127.0.0.1:9080`. */
  readonly url: string;
  /** Stops listening and closes Restate's connections; invocations in flight are retried elsewhere by Restate. */
  close(): Promise<void>;
}

/**
 * Serves durable agents as a Restate endpoint (HTTP/2, bidirectional streaming) in this process.
 * Register `worker.url` with the Restate server once (`registerDeployment`); start as many worker
 * processes on the same port as you like.
 *
 * @throws {ConfigurationError} for no agents; rejects when the port cannot be listened on.
 * @example
 * ```ts
 * import type { Agent } from '@turnkit/core';
 * import { durableAgent, serveDurableAgent } from '@turnkit/restate';
 * declare const agent: Agent; // from createAgent()
 * const worker = await serveDurableAgent(durableAgent({ agent }), { port: 9080 });
 * process.on('SIGTERM', () => worker.close());
 * ```
 */
export async function serveDurableAgent(
  agents: DurableAgent | readonly DurableAgent[],
  options: ServeOptions = {},
): Promise<DurableWorker> {
  const list = (Array.isArray(agents) ? agents : [agents]) as readonly DurableAgent[];
  if (list.length === 0 || list.some((agent) => !agent?.services)) {
    throw new ConfigurationError('agents', 'serveDurableAgent needs one or more agents from durableAgent().');
  }
  const handler = restate.createEndpointHandler({
    services: list.flatMap((agent) => [...agent.services]),
    ...(options.identityKeys?.length ? { identityKeys: options.identityKeys } : {}),
    logger: consoleLogger(options.logLevel ?? 'warn'),
  });
  const server = createServer(handler);
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 9080, host, reusePort: options.reusePort ?? true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}

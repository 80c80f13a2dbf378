import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '@turnkit/core';
import { Scrubber } from './scrubber.js';
import { SseDataSplitter } from './sse-data.js';

/** Options of {@link startRecorder}. */
export interface RecorderOptions {
  /** The folder recordings are written to; created when missing, refused when it holds recordings already. */
  to: string;
  /** The real endpoint: e.g. `https://my-resource.openai.azure.com` or `https://api.openai.com/v1`. */
  target: string;
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
  /** Told about each exchange: recorded (with its name) or only forwarded, and why. */
  onExchange?: (exchange: RecordedExchange) => void;
}

/** What became of one request through the recorder. */
export interface RecordedExchange {
  method: string;
  path: string;
  status: number;
  /** The recording's name (`0001-create`) when it was written; `undefined` when it was only forwarded. */
  recording: string | undefined;
  /** Why it was not recorded, when it was not. */
  skipped?: string;
}

/** A running recorder, made by {@link startRecorder}. */
export interface Recorder {
  /** Where clients connect: `http://127.0.0.1:PORT` (Azure clients use `…/openai/v1`, OpenAI ones `…/v1`). */
  readonly origin: string;
  readonly port: number;
  /** The recordings written so far, in order (names without suffix). */
  readonly recordings: readonly string[];
  /** The `script.json` that replays them. */
  readonly scriptPath: string;
  /** Stops listening; exchanges in flight are finished and written first. */
  close(): Promise<void>;
}

/** Headers that describe one connection, not the message; never forwarded either way. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
]);

/** Whether a request creates a response (`POST …/responses`), the exchanges the emulator replays. */
function isCreate(method: string, path: string): boolean {
  return method === 'POST' && /\/responses$/.test(path);
}

function checkTarget(target: unknown): URL {
  let url: URL | undefined;
  try {
    url = typeof target === 'string' ? new URL(target) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigurationError(
      'recorder.target',
      `The target must be the endpoint's URL, e.g. https://my-resource.openai.azure.com, got ${JSON.stringify(target)}.`,
    );
  }
  if (url.username || url.password || url.search) {
    throw new ConfigurationError('recorder.target', 'The target URL must not hold credentials or a query.');
  }
  return url;
}

function prepareFolder(to: unknown): string {
  if (typeof to !== 'string' || to.trim() === '') {
    throw new ConfigurationError(
      'recorder.to',
      'The recorder needs `to`: the folder to write recordings to.',
    );
  }
  const folder = resolve(to);
  mkdirSync(folder, { recursive: true });
  const taken = readdirSync(folder).filter((name) => name === 'script.json' || name.endsWith('.chunks.txt'));
  if (taken.length > 0) {
    throw new ConfigurationError(
      'recorder.to',
      `${folder} already holds recordings (${taken[0]}); record into an empty folder so that sessions do not mix.`,
    );
  }
  return folder;
}

/**
 * Starts a recording proxy on 127.0.0.1 in front of a real Responses API endpoint (see
 * `turnkit help record`): it forwards every request as it is (streams are passed through as they
 * arrive) and writes each `POST …/responses` exchange to `to` as a recording the emulator
 * replays: `NNNN-create.chunks.txt` (a streamed answer's events, one JSON a line) and
 * `NNNN-create.json` (the final body), scrubbed by rule (see {@link Scrubber}), and rewrites
 * `script.json` (`{"turns": [{"recording": "0001-create"}, …]}`) after each one. Request headers,
 * and so the client's key or token, are forwarded and never written.
 *
 * @throws {ConfigurationError} for a target that is not an http(s) URL, a `to` that holds
 *   recordings already, or a bad port.
 * @example
 * ```ts
 * import { OpenAI } from 'openai';
 * import { startRecorder } from '@turnkit/cli';
 * import { loadScript, startEmulator } from '@turnkit/emulator';
 * const recorder = await startRecorder({ to: 'recordings/weather', target: 'https://my-resource.openai.azure.com' });
 * const client = new OpenAI({ baseURL: `${recorder.origin}/openai/v1`, apiKey: process.env.AZURE_OPENAI_API_KEY });
 * // … run the agent …
 * await recorder.close();
 * const emulator = await startEmulator({ script: await loadScript(recorder.scriptPath) });
 * ```
 */
export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  if (!options || typeof options !== 'object') {
    throw new ConfigurationError('recorder', 'startRecorder needs options: { to, target }.');
  }
  const target = checkTarget(options.target);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigurationError(
      'recorder.port',
      `\`port\` must be a whole number from 0 to 65535, got ${port}.`,
    );
  }
  const folder = prepareFolder(options.to);
  const scriptPath = join(folder, 'script.json');
  const scrubber = new Scrubber();
  /** Recordings by arrival order; `null` while in flight or when nothing was written. */
  const slots: Array<string | null> = [];
  const inFlight = new Set<Promise<void>>();
  const targetPath = target.pathname.replace(/\/+$/, '');

  const writeScript = (): void => {
    const turns = slots
      .filter((name): name is string => typeof name === 'string')
      .map((recording) => ({ recording }));
    const script = {
      description: `Recorded by turnkit record from ${target.host}; ids and secrets scrubbed. Replay: turnkit emulator --script ${scriptPath}`,
      turns,
    };
    const temporary = `${scriptPath}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(script, null, 2)}\n`);
    renameSync(temporary, scriptPath);
  };
  writeScript();

  const upstreamUrl = (path: string): URL => {
    const url = new URL(path, 'http://placeholder');
    const pathname =
      targetPath && !url.pathname.startsWith(`${targetPath}/`)
        ? `${targetPath}${url.pathname}`
        : url.pathname;
    return new URL(`${pathname}${url.search}`, target.origin);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    const record = isCreate(method, path);
    const slot = record ? slots.push(null) - 1 : -1;
    const name = record ? `${String(slot + 1).padStart(4, '0')}-create` : undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(key)) continue;
      headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    headers.set('accept-encoding', 'identity');
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let upstream: Response;
    try {
      upstream = await fetch(upstreamUrl(req.url ?? '/'), {
        method,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
        redirect: 'manual',
        signal: abort.signal,
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `turnkit record could not reach ${target.origin}: ${why}`, type: 'proxy_error' },
        }),
      );
      options.onExchange?.({
        method,
        path,
        status: 502,
        recording: undefined,
        skipped: `the target could not be reached: ${why}`,
      });
      return;
    }
    const outHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key) && key !== 'content-encoding') outHeaders[key] = value;
    });
    res.writeHead(upstream.status, outHeaders);
    const streamed = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
    const sse = streamed ? new SseDataSplitter() : undefined;
    const events: string[] = [];
    const body: Buffer[] = [];
    let complete = true;
    try {
      if (upstream.body) {
        for await (const chunk of upstream.body) {
          const bytes = Buffer.from(chunk);
          res.write(bytes);
          if (!record) continue;
          if (sse) events.push(...sse.feed(bytes));
          else body.push(bytes);
        }
      }
      if (sse) events.push(...sse.end());
    } catch {
      complete = false;
    }
    res.end();
    if (!record || !name) {
      options.onExchange?.({
        method,
        path,
        status: upstream.status,
        recording: undefined,
        skipped: 'only POST …/responses is recorded',
      });
      return;
    }
    const skipped = (why: string): void => {
      options.onExchange?.({ method, path, status: upstream.status, recording: undefined, skipped: why });
    };
    if (!complete || abort.signal.aborted) return skipped('the exchange was cut short before its end');
    try {
      if (sse) {
        const parsed = events
          .filter((data) => data !== '[DONE]')
          .map((data) => JSON.parse(data) as Record<string, unknown>);
        const scrubbed = parsed.map((event) => scrubber.scrub(event) as Record<string, unknown>);
        const terminal = scrubbed.findLast((event) =>
          ['response.completed', 'response.failed', 'response.incomplete'].includes(String(event.type)),
        );
        if (!terminal) return skipped('the stream ended without response.completed, .failed or .incomplete');
        writeFileSync(
          join(folder, `${name}.chunks.txt`),
          `${scrubbed.map((event) => JSON.stringify(event)).join('\n')}\n`,
        );
        writeFileSync(join(folder, `${name}.json`), `${JSON.stringify(terminal.response, null, 2)}\n`);
      } else {
        const json = JSON.parse(Buffer.concat(body).toString('utf8')) as unknown;
        writeFileSync(join(folder, `${name}.json`), `${JSON.stringify(scrubber.scrub(json), null, 2)}\n`);
      }
    } catch {
      return skipped('the answer was not JSON (or not SSE of JSON events)');
    }
    slots[slot] = name;
    writeScript();
    options.onExchange?.({ method, path, status: upstream.status, recording: name });
  };

  const server = createServer((req, res) => {
    const work = handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `turnkit record failed: ${String(error)}`, type: 'proxy_error' },
        }),
      );
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`,
    port: bound,
    get recordings() {
      return slots.filter((name): name is string => typeof name === 'string');
    },
    scriptPath,
    close: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      await Promise.all(inFlight);
      server.closeIdleConnections();
      await closed;
    },
  };
}

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@turnkit/core';
import { LogStore, type RunSummary, type StoredEntry } from './log-store.js';

/** Options of {@link startViewer}. */
export interface ViewerOptions {
  /** Run log files and folders (a folder: every `*.jsonl` in it, new ones included). */
  paths: readonly string[];
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
}

/** A running viewer, made by {@link startViewer}. */
export interface Viewer {
  /** The page's URL, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  /** The runs it shows now, newest first. */
  runs(): RunSummary[];
  /** Stops serving and following the files; open pages lose their connection. */
  close(): Promise<void>;
}

/** The page, its style sheet and its script modules, shipped in the package's `web/` folder. */
const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const SCRIPT = 'text/javascript; charset=utf-8';
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/viewer.css': { file: 'viewer.css', type: 'text/css; charset=utf-8' },
  ...Object.fromEntries(
    ['viewer.js', 'render.js', 'build-run.js', 'dom.js', 'state.js'].map((file) => [
      `/${file}`,
      { file, type: SCRIPT },
    ]),
  ),
};

/**
 * What the page may load: only its own files and `data:` images, nothing from anywhere else
 * (no CDN, no fonts, no analytics), and it may be framed by no one.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    ...SECURITY_HEADERS,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/**
 * Whether a request names this server in its Host header: a page on another site that resolves
 * its own name to 127.0.0.1 (DNS rebinding) must not read the runs.
 */
function ownHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

/**
 * Serves the run viewer on 127.0.0.1: the page (`/`), the runs (`/api/runs`), one run's lines
 * (`/api/runs/{id}`), and a Server-Sent Events stream (`/api/live`) of new lines and run list
 * changes while the logs grow. Only requests that name 127.0.0.1 or localhost in their Host
 * header are answered; the page's Content-Security-Policy lets it load nothing from elsewhere.
 *
 * @throws {ConfigurationError} when `paths` is empty or `port` is not 0–65535.
 * @example
 * ```ts
 * import { startViewer } from '@turnkit/cli';
 * const viewer = await startViewer({ paths: ['runs.jsonl'] });
 * console.log(viewer.url); // http://127.0.0.1:53211/
 * await viewer.close();
 * ```
 */
export async function startViewer(options: ViewerOptions): Promise<Viewer> {
  if (!options || !Array.isArray(options.paths) || options.paths.length === 0) {
    throw new ConfigurationError('viewer.paths', 'startViewer needs `paths`: run log files or folders.');
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigurationError(
      'viewer.port',
      `\`port\` must be a whole number from 0 to 65535, got ${port}.`,
    );
  }
  const store = new LogStore(options.paths);
  await store.start();
  const live = new Set<ServerResponse>();
  const push = (event: string, data: unknown): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of live) res.write(frame);
  };
  store.on('entries', (runId: string, entries: StoredEntry[]) => push('entries', { runId, entries }));
  store.on('runs', () => push('runs', { runs: store.runs(), problems: store.problems() }));

  let boundPort = port;
  const server = createServer((req, res) => {
    if (!ownHost(req, boundPort))
      return sendJson(res, 403, { error: 'This viewer answers only 127.0.0.1 and localhost.' });
    if (req.method !== 'GET') return sendJson(res, 405, { error: `${req.method} is not served here.` });
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const asset = STATIC[path];
    if (asset) {
      readFile(`${WEB}${asset.file}`).then(
        (body) => send(res, 200, asset.type, body),
        () => sendJson(res, 500, { error: `The viewer's ${asset.file} is missing from the package.` }),
      );
      return;
    }
    if (path === '/api/runs') return sendJson(res, 200, { runs: store.runs(), problems: store.problems() });
    const one = /^\/api\/runs\/([^/]+)$/.exec(path);
    if (one) {
      const entries = store.entries(decodeURIComponent(one[1]!));
      return entries ? sendJson(res, 200, { entries }) : sendJson(res, 404, { error: 'No such run.' });
    }
    if (path === '/api/live') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        connection: 'keep-alive',
        ...SECURITY_HEADERS,
      });
      res.write(': live\n\n');
      live.add(res);
      req.on('close', () => live.delete(res));
      return;
    }
    sendJson(res, 404, { error: `Nothing at ${path}.` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error) => {
    await store.stop();
    throw error;
  });
  boundPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${boundPort}/`,
    port: boundPort,
    runs: () => store.runs(),
    close: async () => {
      for (const res of live) res.end();
      live.clear();
      await store.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

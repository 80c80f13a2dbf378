import { type ClientRequest, type IncomingHttpHeaders, request } from 'node:http';
import type { AnyJson } from './helpers.js';

/** What a raw request got back. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or `undefined` when the body is empty or not JSON. */
  json: AnyJson;
  /** Whether the server sent `100 Continue` before the answer. */
  continued: boolean;
}

/** A raw request's options: any headers (a browser's `Origin`, a foreign `Host`…) and an optional body. */
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Sends one request with `http.request`, headers exactly as given (a `Host` header replaces the
 * real one), to `127.0.0.1:port`.
 */
export function rawRequest(port: number, options: RawRequest): Promise<RawAnswer> {
  const { req, answer } = openRequest(port, options);
  if (options.body !== undefined) req.end(options.body);
  else req.end();
  return answer;
}

/**
 * Opens a request without ending it, so a test can write its body piece by piece (or never);
 * `answer` resolves with the server's answer whenever it comes.
 */
export function openRequest(
  port: number,
  options: RawRequest,
): { req: ClientRequest; answer: Promise<RawAnswer> } {
  let continued = false;
  let settled = false;
  let req!: ClientRequest;
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        settled = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: AnyJson;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json, continued });
        });
      },
    );
    req.on('continue', () => {
      continued = true;
    });
    // Writing after the server answered and closed gives EPIPE/ECONNRESET; the answer is what counts.
    req.on('error', (error) => {
      if (!settled) reject(error);
    });
  });
  return { req, answer };
}

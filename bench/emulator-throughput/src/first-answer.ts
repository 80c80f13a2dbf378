// The emulator's answer to the benchmark's request, as the trivial server replays it: its body
// and its headers in the order they came, without those Node's HTTP server writes itself.
import { request } from 'node:http';
import { REQUEST_BODY } from './load.ts';

/** What the trivial server answers with. */
export interface RecordedAnswer {
  /** The emulator's headers as [name, value] pairs, in order (Date, Connection, Keep-Alive and Content-Length left out). */
  headers: Array<[string, string]>;
  /** Every header name of the answer, in order (those Node wrote included). */
  names: string[];
  body: string;
}

/**
 * Checks that the trivial server answers what the emulator answered: the same header names in
 * the same order, and a body of the same bytes.
 * @throws {Error} naming the difference.
 */
export function checkSameAnswer(emulator: RecordedAnswer, trivial: RecordedAnswer): void {
  if (emulator.names.join('\n') !== trivial.names.join('\n')) {
    throw new Error(
      `The trivial server's headers (${trivial.names.join(', ')}) differ from the emulator's (${emulator.names.join(', ')}).`,
    );
  }
  if (trivial.body !== emulator.body)
    throw new Error("The trivial server's body differs from the emulator's.");
}

/** Headers every node:http server writes on its own (Content-Length comes from the body). */
const WRITTEN_BY_NODE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * Sends the benchmark's request once (to the emulator, or to the trivial server to check it) and
 * records the answer.
 * @throws {Error} when the server does not answer 200.
 */
export function firstAnswer(baseUrl: string): Promise<RecordedAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/responses`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer bench' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`${baseUrl} answered ${res.statusCode}: ${body}`));
            return;
          }
          const headers: Array<[string, string]> = [];
          const names: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!;
            names.push(name);
            if (!WRITTEN_BY_NODE.has(name.toLowerCase())) headers.push([name, res.rawHeaders[i + 1]!]);
          }
          resolve({ headers, names, body });
        });
      },
    );
    req.on('error', reject);
    req.end(REQUEST_BODY);
  });
}

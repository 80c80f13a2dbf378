// The baseline: a node:http server that answers every request with the bytes the emulator gave
// for the benchmark's request (status 200, the emulator's headers in their order and its body),
// read once at start, with the emulator's keep-alive timeout (so Node adds the same Date,
// Connection and Keep-Alive headers). It reads each request body, as the emulator must, and does
// nothing else. Run as a child process:
//   node src/trivial-server.ts ANSWER.json
// It prints its URL (`http://127.0.0.1:PORT/v1`) on stdout.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { RecordedAnswer } from './first-answer.ts';

const answer = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as RecordedAnswer;
const body = Buffer.from(answer.body, 'utf8');
const head = [...answer.headers.flat(), 'content-length', String(body.length)];

const server = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    res.writeHead(200, head);
    res.end(body);
  });
});
// The emulator's keep-alive timeout (`Keep-Alive: timeout=5`).
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`http://127.0.0.1:${address.port}/v1\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

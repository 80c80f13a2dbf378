// The baseline: a node:http server that answers every request with the bytes the emulator gave
// for the benchmark's request (its status, content type and body), read once at start. It reads
// each request body, as the emulator must, and does nothing else. Run as a child process:
//   node src/trivial-server.ts ANSWER.json
// It prints its URL (`http://127.0.0.1:PORT/v1`) on stdout.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const answer = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
  contentType: string;
  body: string;
};
const body = Buffer.from(answer.body, 'utf8');

const server = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    res.writeHead(200, { 'content-type': answer.contentType, 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`http://127.0.0.1:${address.port}/v1\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const offlineEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('AZURE_OPENAI_') && !key.startsWith('OTEL_')),
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'turnkit-example-tracing-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A stand-in OTLP/HTTP receiver (what a Collector listens on): keeps each JSON export it gets. */
async function otlpReceiver() {
  const exports: Array<{ path: string; type: string; body: any }> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      exports.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(text) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

describe('the tracing example', () => {
  it('prints the span tree of an offline run and writes its run log', async () => {
    const log = join(dir, 'offline.jsonl');
    const { stdout } = await run(process.execPath, [main], {
      env: { ...offlineEnv, RUN_LOG: log },
      timeout: 30_000,
    });
    expect(stdout).toContain('Paris: light rain, 18 °C. Oslo: snow, -3 °C.');
    expect(stdout).toMatch(
      / {2}handle question .*\n {4}invoke_agent weather .*\n {6}chat turnkit-emulator .*response resp_/,
    );
    expect(stdout.match(/ {6}execute_tool get_weather .*call call_/g)).toHaveLength(2);
    const lines = (await readFile(log, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      v: 1,
      type: 'run_started',
      agent: 'weather',
      definition: { name: 'weather' },
    });
    expect(lines.at(-1)).toMatchObject({ type: 'run_finished', result: { status: 'completed' } });
  });

  it('exports the GenAI spans over OTLP/HTTP to the endpoint in OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const receiver = await otlpReceiver();
    try {
      const { stdout } = await run(process.execPath, [main, '--content', 'Weather in Oslo?'], {
        env: { ...offlineEnv, RUN_LOG: join(dir, 'otlp.jsonl'), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
        timeout: 30_000,
      });
      expect(stdout).toContain(`spans exported over OTLP to ${receiver.url}`);
      expect(receiver.exports.length).toBeGreaterThan(0);
      expect(receiver.exports[0]!.path).toBe('/v1/traces');
      const spans = receiver.exports.flatMap((e) =>
        e.body.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans)),
      );
      const names = spans.map((s: any) => s.name).sort();
      expect(names).toEqual([
        'chat turnkit-emulator',
        'chat turnkit-emulator',
        'execute_tool get_weather',
        'handle question',
        'invoke_agent weather',
      ]);
      const attribute = (span: any, key: string) => span.attributes.find((a: any) => a.key === key)?.value;
      const agent = spans.find((s: any) => s.name === 'invoke_agent weather');
      expect(attribute(agent, 'gen_ai.operation.name')).toEqual({ stringValue: 'invoke_agent' });
      expect(attribute(agent, 'gen_ai.provider.name')).toEqual({ stringValue: 'azure.ai.openai' });
      const firstChat = spans.find(
        (s: any) => s.name.startsWith('chat') && attribute(s, 'turnkit.turn')?.intValue === 1,
      );
      expect(JSON.parse(attribute(firstChat, 'gen_ai.input.messages').stringValue)).toEqual([
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Oslo?' }] },
      ]);
      const resource = receiver.exports[0]!.body.resourceSpans[0].resource.attributes;
      expect(resource).toContainEqual({
        key: 'service.name',
        value: { stringValue: 'turnkit-example-tracing' },
      });
    } finally {
      await receiver.close();
    }
  });
});

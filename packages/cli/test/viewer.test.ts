// The run viewer in a real headless Chromium: runs recorded by createRunLog against the emulator
// (parallel tools, reasoning, an approval, the code interpreter, image generation, compaction, a
// failure), served by startViewer, opened and read the way a person reads the page. Screenshots
// go to packages/cli/test-artifacts/ (git-ignored).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  codeInterpreterTool,
  createAgent,
  createRunLog,
  hostedMcpTool,
  imageGenerationTool,
  type RunLogEntry,
} from '@turnkit/core';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startViewer, type Viewer } from '../src/index.js';
import { type Browser, launchChromium } from './chromium.js';
import { startInvoiceMcpServer } from './fixtures/mcp-server.js';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

let emu: Emulator;
let client: OpenAI;
let dir: string;
let browser: Browser;

const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  input: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: 'clear', temperature: city === 'Paris' ? 18 : 9 }),
});
const deleteInvoice = defineTool({
  name: 'delete_invoice',
  description: 'Delete an invoice.',
  input: z.object({ number: z.string() }),
  needsApproval: true,
  execute: ({ number }) => `deleted ${number}`,
});
const explode = defineTool({
  name: 'explode',
  description: 'Fails.',
  input: z.object({}),
  execute: () => {
    throw new Error('the fuse blew');
  },
});

async function logOf(path: string): Promise<RunLogEntry[]> {
  return (await readFile(path, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as RunLogEntry);
}

beforeAll(async () => {
  emu = await startEmulator();
  client = new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 });
  dir = await mkdtemp(join(tmpdir(), 'turnkit-viewer-'));
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens the viewer (on a run) in the browser's page. */
async function open(viewer: Viewer, runId?: string) {
  const page = browser.page;
  await page.goto('about:blank'); // a full load each time, even when only the #run= part changes
  browser.requests.length = 0; // what this page loads, from here on
  await page.goto(runId ? `${viewer.url}#run=${encodeURIComponent(runId)}` : viewer.url);
  return page;
}

/** Checks that every request the page made since it was opened went to the viewer. */
function expectOnlyLocalRequests(viewer: Viewer): void {
  const origin = new URL(viewer.url).origin;
  const foreign = browser.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
  expect(foreign).toEqual([]);
  expect(browser.requests.length).toBeGreaterThan(3);
}

describe('the run viewer in Chromium', () => {
  let viewer: Viewer;
  let log: string;
  let main: RunLogEntry[];
  let mainRunId: string;
  let compactRunId: string;
  let failedRunId: string;
  let mcpRunId: string;
  const mcpSecret = 'ledger-key-never-shown-5150';

  beforeAll(async () => {
    log = join(dir, 'runs.jsonl');
    const runLog = createRunLog(log);
    // A run with everything: reasoning and two parallel calls plus one that needs approval, then
    // the code interpreter citing a file it wrote, then an image, then the answer.
    emu.enqueue(
      reply.items(
        [
          { type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } },
          { type: 'function_call', name: 'get_weather', arguments: { city: 'Oslo' } },
          { type: 'function_call', name: 'delete_invoice', arguments: { number: 'INV-7' } },
        ],
        { reasoning: 'The user wants the weather in two cities and one invoice gone.' },
      ),
      reply.items([
        {
          type: 'code_interpreter_call',
          code: "open('/mnt/data/temps.csv', 'w').write('city,temp\\nParis,18\\nOslo,9\\n')\nprint('rows: 2')",
        },
        { type: 'message', text: 'Saved [temps.csv](sandbox:/mnt/data/temps.csv).', cite: 'temps.csv' },
        { type: 'function_call', name: 'get_weather', arguments: { city: 'Bergen' } },
      ]),
      reply.items([
        {
          type: 'image_generation_call',
          prompt: 'a lighthouse at dusk',
          revised_prompt: 'A lighthouse on a cliff at dusk',
        },
        { type: 'message', text: 'Paris is 18 °C and Oslo 9 °C; INV-7 is deleted.' },
      ]),
    );
    const agent = createAgent({
      name: 'assistant',
      model: 'gpt-5.1',
      instructions: 'Help with weather and invoices.',
      client,
      tools: [getWeather, deleteInvoice, codeInterpreterTool(), imageGenerationTool({ partialImages: 1 })],
      settings: { reasoning: { effort: 'low', summary: 'auto' } },
      approval: { approver: (request) => request.toolName === 'delete_invoice' },
      observers: [runLog],
    });
    mainRunId = (await agent.run('Weather in Paris and Oslo, and delete INV-7.')).runId;

    // A stateless run whose first turn is compacted by the service.
    emu.enqueue(reply.toolCall('get_weather', { city: 'Paris' }), reply.text('Clear.'));
    const compacting = createAgent({
      name: 'long-talk',
      model: 'gpt-5.1',
      client,
      tools: [getWeather],
      strategy: 'stateless',
      compactThreshold: 1000,
      observers: [runLog],
    });
    compactRunId = (
      await compacting.run(`Notes: ${'the quick brown fox jumps over the lazy dog '.repeat(120)}`)
    ).runId;

    // A run that fails: a tool error the model reads, then a 500 from the service.
    emu.enqueue(reply.toolCall('explode', {}), reply.fault({ type: 'http', status: 500 }));
    const failing = createAgent({
      name: 'fragile',
      model: 'gpt-5.1',
      client,
      tools: [explode],
      observers: [runLog],
    });
    failedRunId = await failing.run('Go').then(
      (r) => r.runId,
      (error: { partial?: { runId: string } }) => error.partial!.runId,
    );
    // A run with a hosted MCP server: the service lists its tools and calls one.
    const ledger = await startInvoiceMcpServer(mcpSecret);
    try {
      emu.enqueue(reply.mcpCall('ledger', 'count_invoices', { month: 'May' }));
      const clerk = createAgent({
        name: 'clerk',
        model: 'gpt-5.1',
        client,
        tools: [
          hostedMcpTool({
            serverLabel: 'ledger',
            serverUrl: ledger.url,
            headers: { 'x-api-key': mcpSecret },
            requireApproval: 'never',
          }),
        ],
        observers: [runLog],
      });
      mcpRunId = (await clerk.run('How many invoices are open in May?')).runId;
    } finally {
      await ledger.close();
    }
    main = (await logOf(log)).filter((e) => e.runId === mainRunId);
    viewer = await startViewer({ paths: [log] });
  });
  afterAll(() => viewer?.close());

  it('lists the runs of a log, newest first, with their status', async () => {
    const page = await open(viewer);
    await page.getByTestId('run-item').nth(3).waitFor();
    const items = page.getByTestId('run-item');
    expect(await items.count()).toBe(4);
    expect(await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-run-id')))).toEqual([
      mcpRunId,
      failedRunId,
      compactRunId,
      mainRunId,
    ]);
    expect(await items.nth(1).innerText()).toContain('failed');
    expect(await items.nth(3).innerText()).toMatch(/assistant[\s\S]*completed[\s\S]*3 turns/);
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('live');
    expectOnlyLocalRequests(viewer);
  });

  it('shows a run: turns, text, reasoning, tool calls, the approval, code, files, the image, usage', async () => {
    const page = await open(viewer);
    await page.locator(`[data-run-id="${mainRunId}"]`).click();
    const turns = page.getByTestId('turn');
    await turns.nth(2).waitFor();
    expect(await turns.count()).toBe(3);
    expect(await page.getByTestId('run-status').innerText()).toBe('completed');
    expect(await page.getByTestId('run-output').innerText()).toBe(
      'Paris is 18 °C and Oslo 9 °C; INV-7 is deleted.',
    );

    const first = turns.nth(0);
    expect(await first.getByTestId('reasoning').innerText()).toBe(
      'The user wants the weather in two cities and one invoice gone.',
    );
    const tools = first.getByTestId('tool-call');
    expect(await tools.count()).toBe(3);
    const weather = first.locator('[data-testid=tool-call][data-tool=get_weather]');
    expect(await weather.count()).toBe(2);
    expect(JSON.parse(await weather.nth(0).getByTestId('tool-args').innerText())).toEqual({ city: 'Paris' });
    expect(JSON.parse(await weather.nth(0).getByTestId('tool-output').innerText())).toEqual({
      city: 'Paris',
      sky: 'clear',
      temperature: 18,
    });
    expect(JSON.parse(await weather.nth(1).getByTestId('tool-args').innerText())).toEqual({ city: 'Oslo' });
    expect(await weather.nth(0).getByTestId('tool-duration').innerText()).toMatch(/^\d+ ms$/);
    const approval = first.getByTestId('approval');
    expect(await approval.getByTestId('approval-state').innerText()).toBe('approved');
    expect(await approval.getByTestId('approval-by').innerText()).toBe('decided by approver');
    expect(await first.locator('[data-tool=delete_invoice]').getByTestId('tool-output').innerText()).toBe(
      'deleted INV-7',
    );

    const second = turns.nth(1);
    expect(await second.getByTestId('code').innerText()).toContain("open('/mnt/data/temps.csv', 'w')");
    expect(await second.getByTestId('code-logs').innerText()).toContain('rows: 2');
    expect(await second.getByTestId('code-file').innerText()).toMatch(/^temps\.csv \(cfile_/);
    expect(await second.getByTestId('turn-text').innerText()).toBe(
      'Saved [temps.csv](sandbox:/mnt/data/temps.csv).',
    );
    expect(JSON.parse(await second.getByTestId('tool-args').innerText())).toEqual({ city: 'Bergen' });

    const image = turns.nth(2).getByTestId('generated-image');
    await expect
      .poll(() =>
        image.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await image.getAttribute('alt')).toBe('A lighthouse on a cliff at dusk');

    // Usage per turn, as the log recorded it.
    const usages = main.filter((e) => e.type === 'usage');
    for (const [index, usage] of usages.entries()) {
      if (usage.type !== 'usage') continue;
      const shown = await turns.nth(index).getByTestId('usage').innerText();
      expect(shown).toContain(`input ${usage.usage.inputTokens}`);
      expect(shown).toContain(`output ${usage.usage.outputTokens}`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-run.png'), fullPage: true });
    expectOnlyLocalRequests(viewer);
  });

  it('shows the raw request and response of each turn', async () => {
    const page = await open(viewer, mainRunId);
    const first = page.getByTestId('turn').nth(0);
    await first.waitFor();
    await first.getByTestId('raw-request').locator('summary').click();
    const request = JSON.parse(await first.getByTestId('raw-request-json').innerText());
    const logged = main.find((e) => e.type === 'turn_started');
    expect(request).toEqual(logged?.type === 'turn_started' ? logged.request : undefined);
    expect(request.input[0]).toEqual({
      type: 'message',
      role: 'user',
      content: 'Weather in Paris and Oslo, and delete INV-7.',
    });
    await first.getByTestId('raw-response').locator('summary').click();
    const response = JSON.parse(await first.getByTestId('raw-response-json').innerText());
    const finished = main.find((e) => e.type === 'turn_finished');
    expect(response.id).toBe(finished?.type === 'turn_finished' ? finished.response.id : 'missing');
    expect(response.output.map((item: { type: string }) => item.type)).toEqual([
      'reasoning',
      'function_call',
      'function_call',
      'function_call',
    ]);
  });

  it('shows a compaction point with the request size before and after', async () => {
    const page = await open(viewer, compactRunId);
    const compaction = page.getByTestId('compaction');
    await compaction.waitFor();
    const started = (await logOf(log)).filter((e) => e.runId === compactRunId && e.type === 'turn_started');
    const bytes = started.map((e) => (e.type === 'turn_started' ? e.requestBytes : 0));
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const size = (n: number) => (n >= 1024 ? kib(n) : `${n} B`);
    expect(await compaction.getByTestId('compaction-before').innerText()).toBe(
      `request before ${size(bytes[0]!)}`,
    );
    expect(await compaction.getByTestId('compaction-after').innerText()).toBe(
      `request after ${size(bytes[1]!)}`,
    );
    expect(await compaction.innerText()).toMatch(/items dropped \d+/);
  });

  it("shows a hosted MCP server's tool list and call, without its header secret", async () => {
    const page = await open(viewer, mcpRunId);
    await page.getByTestId('mcp-call').waitFor();
    expect(await page.getByTestId('mcp-list-tools').innerText()).toContain('count_invoices');
    const call = page.getByTestId('mcp-call');
    expect(await call.innerText()).toContain('ledger.count_invoices');
    expect(await call.innerText()).toContain('"month": "May"');
    expect(await call.innerText()).toContain('12 open invoices in May');
    await page.getByTestId('raw-request').first().locator('summary').click();
    const request = await page.getByTestId('raw-request-json').innerText();
    expect(request).toContain('"x-api-key": "[redacted]"');
    expect(await page.content()).not.toContain(mcpSecret);
    expect(await readFile(log, 'utf8')).not.toContain(mcpSecret);
    expectOnlyLocalRequests(viewer);
  });

  it("shows a failed run's error and its failed tool call", async () => {
    const page = await open(viewer, failedRunId);
    await page.getByTestId('run-error').waitFor();
    expect(await page.getByTestId('run-status').innerText()).toBe('failed');
    expect(await page.getByTestId('run-error').innerText()).toMatch(/^service_error: /);
    expect(await page.getByTestId('tool-error').innerText()).toBe('failed: tool_failed');
    expect(await page.getByTestId('turn').nth(1).getByTestId('turn-error').innerText()).toMatch(
      /^service_error/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-failed-run.png'), fullPage: true });
    expectOnlyLocalRequests(viewer);
  });
});

describe('the run viewer, live', () => {
  it('streams a run into the page while its log is being written', async () => {
    const live = join(dir, 'live');
    await mkdir(live);
    const viewer = await startViewer({ paths: [live] }); // an empty folder: the log does not exist yet
    try {
      const page = await open(viewer);
      await expect.poll(() => page.getByTestId('connection').innerText()).toBe('live');
      expect(await page.getByTestId('run-item').count()).toBe(0);

      let release!: () => void;
      const released = new Promise<void>((done) => {
        release = done;
      });
      let started!: () => void;
      const toolStarted = new Promise<void>((done) => {
        started = done;
      });
      const slow = defineTool({
        name: 'slow_lookup',
        description: 'Waits to be released.',
        input: z.object({}),
        execute: async () => {
          started();
          await released;
          return 'found it';
        },
      });
      emu.enqueue(
        reply.items([
          { type: 'message', text: 'Let me look that up.' },
          { type: 'function_call', name: 'slow_lookup', arguments: {} },
        ]),
        reply.text('It was in the drawer.'),
      );
      const agent = createAgent({
        name: 'live-agent',
        model: 'gpt-5.1',
        client,
        tools: [slow],
        observers: [createRunLog(join(live, 'today.jsonl'))],
      });
      const run = agent.run('Where is it?');
      await toolStarted;

      // The run is in the middle of its tool call: the page shows it as running, with what it said.
      const item = page.getByTestId('run-item');
      await item.waitFor();
      expect(await item.innerText()).toContain('running');
      await item.click();
      await page.getByTestId('tool-running').waitFor();
      expect(await page.getByTestId('live-badge').innerText()).toBe('live');
      expect(await page.getByTestId('turn-text').first().innerText()).toBe('Let me look that up.');
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-live.png'), fullPage: true });

      release();
      const result = await run;
      await page.getByTestId('run-output').waitFor();
      expect(await page.getByTestId('run-output').innerText()).toBe(result.output);
      expect(await page.getByTestId('run-status').innerText()).toBe('completed');
      expect(await page.getByTestId('live-badge').count()).toBe(0);
      expect(await page.getByTestId('tool-output').innerText()).toBe('found it');
      expectOnlyLocalRequests(viewer);
    } finally {
      await viewer.close();
    }
  });

  it('answers only requests that name 127.0.0.1 or localhost, and sends a policy that forbids other origins', async () => {
    const viewer = await startViewer({ paths: [dir] });
    try {
      const ok = await fetch(viewer.url);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(ok.headers.get('content-security-policy')).toContain("connect-src 'self'");
      const { request } = await import('node:http');
      const status = await new Promise<number>((done, fail) => {
        request(viewer.url, { headers: { host: `evil.example:${viewer.port}` } }, (res) => {
          res.resume();
          done(res.statusCode!);
        })
          .on('error', fail)
          .end();
      });
      expect(status).toBe(403);
    } finally {
      await viewer.close();
    }
  });
});

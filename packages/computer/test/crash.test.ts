import { ComputerFailedError, computerTool, createAgent, createConversation, RunError } from '@turnkit/core';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserComputer, BrowserCrashedError, launchBrowser } from '../src/index.js';
import { startSite } from './site.js';

let site: Awaited<ReturnType<typeof startSite>>;
let emu: Emulator;
let client: OpenAI;
const browsers: BrowserComputer[] = [];

beforeAll(async () => {
  site = await startSite();
  emu = await startEmulator();
  client = new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 });
});
afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await emu?.close();
  await site?.close();
});

const creates = (): any[] =>
  emu.requests.filter((r) => r.method === 'POST' && /\/responses$/.test(r.path)).map((r) => r.body);

async function browserAgent() {
  const browser = await launchBrowser({ allowedUrls: [site.url], startUrl: `${site.url}/form` });
  browsers.push(browser);
  const agent = createAgent({
    name: 'clerk',
    model: 'computer-use-preview',
    client,
    strategy: 'stateless',
    tools: [
      computerTool({ environment: 'browser', displayWidth: 1024, displayHeight: 768, computer: browser }),
    ],
  });
  return { browser, agent };
}

describe('a browser that dies during a run', () => {
  it('stops the run with a clear error holding the partial result; a new browser continues the conversation', async () => {
    const { browser, agent } = await browserAgent();
    emu.enqueue(
      reply.computerCall({ type: 'click', button: 'left', x: 150, y: 116 }),
      reply.computerCall({ type: 'type', text: 'Ada' }),
      reply.text('Never reached.'),
    );
    const conversation = createConversation({ strategy: 'stateless' });
    const stream = agent.stream('Type Ada into the name field.', { conversation });
    // The browser is killed as the second call's action is about to run.
    stream.on('computer_action', (e) => {
      if (e.action.type === 'type') process.kill(browser.pid!, 'SIGKILL');
    });
    const error = await stream.result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ComputerFailedError);
    const failed = error as ComputerFailedError;
    expect(failed).toBeInstanceOf(RunError);
    expect(failed.code).toBe('computer_failed');
    expect(failed.step).toBe('type');
    expect(failed.cause).toBeInstanceOf(BrowserCrashedError);
    expect(failed.message).toMatch(
      /^The computer failed during type of computer call call_\w+: The browser is gone: the Chromium process was killed \(SIGKILL\) \(Chromium pid \d+\)\./,
    );
    expect(failed.partial?.status).toBe('stopped');
    expect(failed.partial?.responses).toHaveLength(2);
    expect(failed.partial?.items.filter((i) => i.type === 'computer_call_output')).toHaveLength(1);
    expect(creates()).toHaveLength(2);
    // Every later call of that computer says the same.
    await expect(browser.screenshot()).rejects.toThrow(BrowserCrashedError);

    const fresh = await browserAgent();
    emu.enqueue(reply.text('Starting again.'));
    const next = await fresh.agent.run('Go on.', { conversation });
    expect(next.status).toBe('completed');
    const input = creates()[2].input;
    const outputs = input.filter((i: any) => i.type === 'computer_call_output');
    expect(outputs.map((o: any) => o.call_id)).toEqual([
      (failed.partial!.responses[0]!.output[0] as { call_id: string }).call_id,
      failed.callId,
    ]);
    expect(
      input.some(
        (i: any) =>
          typeof i.content === 'string' &&
          i.content.includes(`Computer call ${failed.callId} was interrupted`),
      ),
    ).toBe(true);
    // The type action never ran twice: the new browser's field is empty.
    expect(
      await fresh.browser.page.evaluate(() => (document.getElementById('name') as HTMLInputElement).value),
    ).toBe('');
  });
});

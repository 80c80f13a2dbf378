import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  Conversation,
  computerTool,
  createAgent,
  createConversation,
  createFileSession,
  PLACEHOLDER_SCREENSHOT,
  type RunEvent,
  RunState,
  RunStateTamperedError,
} from '@turnkit/core';
import { type Emulator, reply, startEmulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserComputer, launchBrowser } from '../src/index.js';
import { startSite } from './site.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/resume-child.ts', import.meta.url));

let site: Awaited<ReturnType<typeof startSite>>;
let browser: BrowserComputer;
let emu: Emulator;
let client: OpenAI;

beforeAll(async () => {
  site = await startSite();
  emu = await startEmulator();
  client = new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 });
  browser = await launchBrowser({ allowedUrls: [site.url], startUrl: `${site.url}/form`, waitMs: 20 });
});
afterAll(async () => {
  await browser?.close();
  await emu?.close();
  await site?.close();
});
beforeEach(async () => {
  emu.reset();
  await browser.goto(`${site.url}/form`);
});

const creates = (): any[] =>
  emu.requests.filter((r) => r.method === 'POST' && /\/responses$/.test(r.path)).map((r) => r.body);
const submitted = () => browser.page.evaluate(() => document.body.dataset.submitted ?? null);
const click = (x: number, y: number) => ({ type: 'click', button: 'left', x, y });

/** The scripted model fills in the form: name, email, Enter. */
function fillTheForm(): void {
  emu.enqueue(
    reply.computerCall(click(150, 116)),
    reply.computerCall({ type: 'type', text: 'Ada Lovelace' }),
    reply.computerCall(click(150, 176)),
    reply.computerCall({ type: 'type', text: 'ada@example.com' }),
    reply.computerCall({ type: 'keypress', keys: ['enter'] }),
    reply.text('The form is sent.'),
  );
}

function agentWith(options: {
  strategy: 'server' | 'stateless';
  keepScreenshots?: number;
  approval?: Parameters<typeof createAgent>[0]['approval'];
}) {
  return createAgent({
    name: 'clerk',
    ...(options.approval ? { approval: options.approval } : {}),
    model: 'computer-use-preview',
    instructions: 'You fill in web forms.',
    client,
    strategy: options.strategy,
    maxTurns: 20,
    tools: [
      computerTool({
        environment: 'browser',
        displayWidth: 1024,
        displayHeight: 768,
        computer: browser,
        ...(options.keepScreenshots ? { keepScreenshots: options.keepScreenshots } : {}),
      }),
    ],
  });
}

function pngSize(dataUrl: string): [number, number] {
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

for (const strategy of ['server', 'stateless'] as const) {
  describe(`a model driving a real browser (${strategy})`, () => {
    it('clicks a field, types, presses Enter, and the page shows the form was sent', async () => {
      fillTheForm();
      const events: RunEvent[] = [];
      const stream = agentWith({ strategy }).stream('Sign Ada Lovelace up with ada@example.com.');
      stream.on('computer_action', (e) => events.push(e));
      stream.on('computer_screenshot', (e) => events.push(e));
      const result = await stream.result;

      expect(result.status).toBe('completed');
      expect(result.output).toBe('The form is sent.');
      expect(JSON.parse((await submitted()) as string)).toEqual({
        name: 'Ada Lovelace',
        email: 'ada@example.com',
      });
      expect(await browser.page.textContent('#result')).toBe('Thanks, Ada Lovelace');

      const actions = events.filter((e) => e.type === 'computer_action');
      expect(actions.map((e) => e.action.type)).toEqual(['click', 'type', 'click', 'type', 'keypress']);
      const shots = events.filter((e) => e.type === 'computer_screenshot');
      expect(shots).toHaveLength(5);
      expect(shots.every((s) => s.mediaType === 'image/png' && s.currentUrl === `${site.url}/form`)).toBe(
        true,
      );

      const bodies = creates();
      expect(bodies).toHaveLength(6);
      expect(bodies[0].tools).toEqual([
        { type: 'computer_use_preview', environment: 'browser', display_width: 1024, display_height: 768 },
      ]);
      expect(bodies.every((b) => b.truncation === 'auto')).toBe(true);
      const outputs = bodies.flatMap((b) => b.input.filter((i: any) => i.type === 'computer_call_output'));
      const latest = bodies[5].input.filter((i: any) => i.type === 'computer_call_output').at(-1);
      expect(latest).toEqual({
        type: 'computer_call_output',
        call_id: (result.responses[4]!.output[0] as { call_id: string }).call_id,
        output: { type: 'input_image', image_url: expect.stringMatching(/^data:image\/png;base64,/) },
        current_url: `${site.url}/form`,
      });
      expect(pngSize(latest.output.image_url)).toEqual([1024, 768]);
      // The screenshot after Enter differs from the one before: the page changed.
      const unique = new Set(shots.map((s) => s.base64));
      expect(unique.size).toBeGreaterThan(1);
      expect(outputs.length).toBeGreaterThanOrEqual(5);
    });
  });
}

describe('an agent with a computer', () => {
  const tool = () =>
    computerTool({ environment: 'browser', displayWidth: 1024, displayHeight: 768, computer: browser });

  it('sends truncation auto, and refuses truncation disabled and a second computer', () => {
    expect(createAgent({ tools: [tool()] }).config.settings.truncation).toBe('auto');
    expect(() => createAgent({ tools: [tool()], settings: { truncation: 'disabled' } })).toThrow(
      'The computer use model needs `truncation: "auto"`',
    );
    expect(() => createAgent({ tools: [tool(), tool()] })).toThrow('An agent takes one computer tool.');
  });
});

describe('screenshots in a stateless conversation', () => {
  it('sends only the newest in full; older outputs keep their place with a placeholder image', async () => {
    fillTheForm();
    const result = await agentWith({ strategy: 'stateless' }).run('Sign Ada up.');
    expect(result.status).toBe('completed');
    const last = creates().at(-1);
    const outputs = last.input.filter((i: any) => i.type === 'computer_call_output');
    expect(outputs).toHaveLength(5);
    expect(outputs.slice(0, 4).every((o: any) => o.output.image_url === PLACEHOLDER_SCREENSHOT)).toBe(true);
    expect(pngSize(outputs[4].output.image_url)).toEqual([1024, 768]);
    // What the conversation holds is bounded the same way.
    const held = result.conversation.history.filter((i) => i.type === 'computer_call_output');
    expect(held.filter((o: any) => o.output.image_url !== PLACEHOLDER_SCREENSHOT)).toHaveLength(1);
  });

  it('stay bounded in a file session, after it is loaded again', async () => {
    fillTheForm();
    const dir = await mkdtemp(join(tmpdir(), 'computer-session-'));
    const session = createFileSession(join(dir, 'chat.jsonl'));
    const conversation = createConversation({ strategy: 'stateless', session });
    await agentWith({ strategy: 'stateless' }).run('Sign Ada up.', { conversation });
    const loaded = await Conversation.resume(session, { strategy: 'stateless' });
    const held = loaded.history.filter((i) => i.type === 'computer_call_output') as any[];
    expect(held).toHaveLength(5);
    expect(held.filter((o) => o.output.image_url !== PLACEHOLDER_SCREENSHOT)).toHaveLength(1);
    expect(loaded.unansweredCalls).toEqual([]);
  });

  it('keeps as many as the tool says', async () => {
    fillTheForm();
    await agentWith({ strategy: 'stateless', keepScreenshots: 3 }).run('Sign Ada up.');
    const outputs = creates()
      .at(-1)
      .input.filter((i: any) => i.type === 'computer_call_output');
    expect(outputs.map((o: any) => o.output.image_url === PLACEHOLDER_SCREENSHOT)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('every action type through the loop', () => {
  it('runs a batch of actions of each type, in order, and answers with one screenshot', async () => {
    await browser.goto(`${site.url}/actions`);
    emu.enqueue(
      reply.computerCall([
        { type: 'move', x: 120, y: 90 },
        { type: 'click', button: 'right', x: 30, y: 40 },
        { type: 'double_click', x: 50, y: 60 },
        {
          type: 'drag',
          path: [
            { x: 10, y: 10 },
            { x: 200, y: 100 },
          ],
        },
        { type: 'scroll', x: 600, y: 100, scroll_x: 0, scroll_y: 250 },
        { type: 'click', button: 'left', x: 600, y: 266 },
        { type: 'type', text: 'hi' },
        { type: 'keypress', keys: ['shift', 'a'] },
        { type: 'wait' },
        { type: 'screenshot' },
      ]),
      reply.text('Done.'),
    );
    const seen: string[] = [];
    const stream = agentWith({ strategy: 'server' }).stream('Exercise the page.');
    stream.on('computer_action', (e) => seen.push(`${e.index}:${e.action.type}`));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(seen).toEqual([
      '0:move',
      '1:click',
      '2:double_click',
      '3:drag',
      '4:scroll',
      '5:click',
      '6:type',
      '7:keypress',
      '8:wait',
      '9:screenshot',
    ]);
    const state = await browser.page.evaluate(() => ({
      value: (document.getElementById('field') as HTMLInputElement).value,
      box: document.getElementById('box')!.scrollTop,
      types: (window as unknown as { events: Array<{ type: string }> }).events.map((e) => e.type),
    }));
    expect(state.value).toBe('hiA');
    expect(state.box).toBe(250);
    expect(state.types).toEqual(
      expect.arrayContaining(['contextmenu', 'dblclick', 'mousedown', 'mouseup', 'keydown']),
    );
    const outputs = creates()[1].input.filter((i: any) => i.type === 'computer_call_output');
    expect(outputs).toHaveLength(1);
    expect(outputs[0].current_url).toBe(`${site.url}/actions`);
  });
});

describe('the URL allow list in a run', () => {
  it('refuses a navigation outside it, and tells the model with the screenshot', async () => {
    await browser.goto(`${site.url}/links`);
    emu.enqueue(
      reply.computerCall([click(150, 220), { type: 'type', text: 'never typed' }]),
      reply.text('I see.'),
    );
    const shots: RunEvent[] = [];
    const stream = agentWith({ strategy: 'stateless' }).stream('Open the outside link.');
    stream.on('computer_screenshot', (e) => shots.push(e));
    const result = await stream.result;
    expect(result.status).toBe('completed');
    expect(browser.currentUrl()).toBe(`${site.url}/links`);
    const input = creates()[1].input;
    const output = input.find((i: any) => i.type === 'computer_call_output');
    expect(output.current_url).toBe(`${site.url}/links`);
    expect(input.at(-1)).toEqual({
      type: 'message',
      role: 'user',
      content: expect.stringContaining(
        'was not run: it would have opened http://outside.test/steal, which is outside the allowed URLs',
      ),
    });
    expect(input.at(-1).content).toContain('The 1 action after it was not run either.');
    expect(shots).toMatchObject([
      { type: 'computer_screenshot', actionsRun: 0, notRun: expect.stringContaining('outside.test') },
    ]);
  });
});

describe('safety checks as approvals', () => {
  const warning = {
    code: 'malicious_instructions',
    message: 'We detected instructions that may cause harm.',
  };

  it('pause the run; approved later in another process, the action runs and the checks are acknowledged', async () => {
    emu.enqueue(
      reply.computerCall(click(150, 116), { safetyChecks: [warning] }),
      reply.computerCall({ type: 'type', text: 'Grace' }),
      reply.text('Typed it.'),
    );
    const requested: RunEvent[] = [];
    const stream = agentWith({ strategy: 'stateless' }).stream('Type Grace into the name field.');
    stream.on('approval_requested', (e) => requested.push(e));
    const paused = await stream.result;
    expect(paused.status).toBe('interrupted');
    const [request] = paused.interruptions;
    expect(request).toMatchObject({
      kind: 'computer',
      toolName: 'computer',
      arguments: JSON.stringify([click(150, 116)]),
      safetyChecks: [{ id: expect.stringMatching(/^cu_sc_/), ...warning }],
    });
    expect(requested).toHaveLength(1);
    expect(creates()).toHaveLength(1);

    const dir = await mkdtemp(join(tmpdir(), 'computer-resume-'));
    const file = join(dir, 'state.json');
    await writeFile(file, JSON.stringify(paused.state));
    const { stdout } = await run(process.execPath, [child, file, JSON.stringify({ [request!.id]: true })], {
      env: { ...process.env, EMULATOR_URL: emu.url, SITE_URL: site.url },
      timeout: 60_000,
    });
    const resumed = JSON.parse(stdout);
    expect(resumed).toMatchObject({ status: 'completed', output: 'Typed it.', name: 'Grace' });
    const answered = creates()[1].input.find((i: any) => i.type === 'computer_call_output');
    expect(answered.call_id).toBe(request!.id);
    expect(answered.acknowledged_safety_checks).toEqual([{ id: request!.safetyChecks![0]!.id, ...warning }]);
  });

  it('refuse a saved state whose actions were edited, and run nothing', async () => {
    emu.enqueue(reply.computerCall(click(150, 116), { safetyChecks: [warning] }));
    const agent = agentWith({ strategy: 'stateless' });
    const paused = await agent.run('Click the name field.');
    const json = JSON.parse(JSON.stringify(paused.state));
    json.approvals[0].arguments = JSON.stringify([click(150, 236)]);
    const forged = RunState.fromJSON(json);
    const error = await agent
      .run(forged.withDecisions({ [json.approvals[0].id]: true }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunStateTamperedError);
    expect((error as RunStateTamperedError).reason).toBe('approval_mismatch');
    expect(creates()).toHaveLength(1);
    expect(await submitted()).toBeNull();
    expect(await browser.page.evaluate(() => document.activeElement?.id ?? '')).not.toBe('name');
  });

  it('are decided by the agent policy without a pause', async () => {
    emu.enqueue(reply.computerCall(click(150, 116), { safetyChecks: [warning] }), reply.text('Clicked.'));
    const agent = agentWith({
      strategy: 'server',
      approval: {
        approver: (r) => r.kind === 'computer' && r.safetyChecks?.[0]?.code === 'malicious_instructions',
      },
    });
    const result = await agent.run('Click the name field.');
    expect(result.status).toBe('completed');
    const answered = creates()[1].input.find((i: any) => i.type === 'computer_call_output');
    expect(answered.acknowledged_safety_checks).toHaveLength(1);
    expect(await browser.page.evaluate(() => document.activeElement?.id)).toBe('name');
  });

  it('rejected by the run approver, run nothing and tell the model why', async () => {
    emu.enqueue(
      reply.computerCall([click(150, 116), { type: 'type', text: 'Mallory' }], { safetyChecks: [warning] }),
      reply.text('Understood.'),
    );
    const result = await agentWith({ strategy: 'stateless' }).run('Type Mallory.', {
      approver: () => ({ approve: false, reason: 'not on this site' }),
    });
    expect(result.status).toBe('completed');
    expect(
      await browser.page.evaluate(() => (document.getElementById('name') as HTMLInputElement).value),
    ).toBe('');
    const input = creates()[1].input;
    const answered = input.find((i: any) => i.type === 'computer_call_output');
    expect(answered.acknowledged_safety_checks).toBeUndefined();
    expect(input.at(-1).content).toBe(
      `The actions of computer call ${answered.call_id} were not run: its safety checks (malicious_instructions) were not approved: not on this site Do not try them again unless asked.`,
    );
  });

  it('continue one conversation across runs after a pause answered by a new run', async () => {
    emu.enqueue(reply.computerCall(click(150, 116), { safetyChecks: [warning] }), reply.text('Fine.'));
    const conversation = createConversation({ strategy: 'stateless' });
    const agent = agentWith({ strategy: 'stateless' });
    const paused = await agent.run('Click.', { conversation });
    expect(paused.status).toBe('interrupted');
    const next = await agent.run('Never mind.', { conversation });
    expect(next.status).toBe('completed');
    const input = creates()[1].input;
    const answered = input.find((i: any) => i.type === 'computer_call_output');
    expect(answered.acknowledged_safety_checks).toBeUndefined();
    expect(
      input.some(
        (i: any) => typeof i.content === 'string' && i.content.includes('was interrupted before it finished'),
      ),
    ).toBe(true);
    expect(RunState.fromJSON(JSON.stringify(paused.state)).approvals[0]!.kind).toBe('computer');
  });
});

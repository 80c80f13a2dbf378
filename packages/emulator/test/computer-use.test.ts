import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, ScriptError, startEmulator, validateTurn } from '../src/index.js';
import { encodePng } from '../src/media/png.js';
import { type AnyJson, clientFor } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const TOOL = {
  type: 'computer_use_preview',
  display_width: 1024,
  display_height: 768,
  environment: 'browser',
};
/** A real 32x24 PNG screenshot, as a data URL. */
const SCREENSHOT = `data:image/png;base64,${encodePng({
  width: 32,
  height: 24,
  channels: 3,
  pixels: new Uint8Array(32 * 24 * 3).fill(200),
}).toString('base64')}`;

function screenshotOutput(callId: string, extra: AnyJson = {}): AnyJson {
  return {
    type: 'computer_call_output',
    call_id: callId,
    output: { type: 'input_image', image_url: SCREENSHOT },
    ...extra,
  };
}

async function refusal(body: Record<string, unknown>): Promise<AnyJson> {
  const error = await client.responses.create({ model: 'm', tools: [TOOL], ...body } as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return { status: (error as InstanceType<typeof OpenAI.APIError>).status, ...(error as AnyJson).error };
}

/** A first turn with one scripted computer call; returns the call. */
async function firstCall(...turn: Parameters<typeof reply.computerCall>): Promise<AnyJson> {
  emu.enqueue(reply.computerCall(...turn));
  const res = await client.responses.create({
    model: 'm',
    tools: [TOOL] as never,
    input: 'Fill in the form',
  });
  return res.output[0] as AnyJson;
}

describe('scripted computer calls', () => {
  it('stream in the recorded order: the whole call added in progress, then done', async () => {
    emu.enqueue(reply.computerCall({ type: 'click', button: 'left', x: 120, y: 45 }));
    const stream = await client.responses.create({
      model: 'm',
      tools: [TOOL] as never,
      input: 'Click the field',
      stream: true,
    });
    const events: AnyJson[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.output_item.done',
      'response.completed',
    ]);
    const added = events[2].item;
    const done = events[3].item;
    expect(Object.keys(done)).toEqual(['type', 'id', 'status', 'call_id', 'action', 'pending_safety_checks']);
    expect(done).toMatchObject({
      type: 'computer_call',
      status: 'completed',
      action: { type: 'click', button: 'left', x: 120, y: 45 },
      pending_safety_checks: [],
    });
    expect(done.id).toMatch(/^cu_[0-9a-f]{50}$/);
    expect(done.call_id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(added).toEqual({ ...done, status: 'in_progress' });
    expect(events[4].response.output).toEqual([done]);
  });

  it('batch actions as `actions` and raise the scripted safety checks', async () => {
    const call = await firstCall(
      [
        { type: 'type', text: 'Ada' },
        { type: 'keypress', keys: ['enter'] },
      ],
      {
        safetyChecks: [{ code: 'malicious_instructions', message: 'Please acknowledge this warning.' }],
        callId: 'call_1',
      },
    );
    expect(call.actions).toEqual([
      { type: 'type', text: 'Ada' },
      { type: 'keypress', keys: ['enter'] },
    ]);
    expect(call.action).toBeUndefined();
    expect(call.call_id).toBe('call_1');
    expect(call.pending_safety_checks).toEqual([
      {
        id: expect.stringMatching(/^cu_sc_[0-9a-f]{50}$/),
        code: 'malicious_instructions',
        message: 'Please acknowledge this warning.',
      },
    ]);
  });

  it('refuse at enqueue an action the model could not send, naming the field', () => {
    expect(() => validateTurn(reply.computerCall({ type: 'click', x: 1, y: 2 }), 0)).toThrow(ScriptError);
    expect(() => validateTurn(reply.computerCall({ type: 'click', x: 1, y: 2 }), 0)).toThrow(
      "turn 0: output[0].action: needs 'button'",
    );
    expect(() => validateTurn(reply.computerCall([{ type: 'drag', path: [{ x: 1, y: 1 }] }]), 0)).toThrow(
      "output[0].actions[0]: 'path' must be at least two points { x, y } of integers",
    );
    expect(() => validateTurn(reply.computerCall({ type: 'fly' }), 0)).toThrow("type must be one of 'click'");
    expect(() =>
      validateTurn(reply.computerCall({ type: 'wait' }, { safetyChecks: [{ code: '' }] }), 0),
    ).toThrow('output[0].safety_checks[0].code: expected a non-empty string');
  });
});

describe('computer call outputs', () => {
  it('are read by the default model: the screenshot type and size, and the current URL', async () => {
    const call = await firstCall({ type: 'screenshot' });
    const res = await client.responses.create({
      model: 'm',
      tools: [TOOL] as never,
      input: [screenshotOutput(call.call_id, { current_url: 'http://127.0.0.1:8080/form' })] as never,
      previous_response_id: (emu.responses[0] as AnyJson).id,
    });
    expect(res.output_text).toBe(
      `Screenshot for ${call.call_id}: image/png 32x24 at http://127.0.0.1:8080/form`,
    );
  });

  it('take the reference form too (computer_screenshot, the URL inside output) in a stateless chain', async () => {
    const call = await firstCall({ type: 'wait' });
    const res = await client.responses.create({
      model: 'm',
      store: false,
      tools: [TOOL] as never,
      input: [
        { role: 'user', content: 'Fill in the form' },
        call,
        {
          type: 'computer_call_output',
          call_id: call.call_id,
          output: { type: 'computer_screenshot', image_url: SCREENSHOT, current_url: 'http://x.test/' },
        },
      ] as never,
    });
    expect(res.output_text).toBe(`Screenshot for ${call.call_id}: image/png 32x24 at http://x.test/`);
  });

  it('acknowledge exactly the pending safety checks, and may acknowledge none', async () => {
    const call = await firstCall(
      { type: 'click', button: 'left', x: 1, y: 1 },
      { safetyChecks: [{ code: 'irrelevant_domain' }] },
    );
    const previous = (emu.responses[0] as AnyJson).id;
    const [check] = call.pending_safety_checks;
    const acknowledged = await client.responses.create({
      model: 'm',
      tools: [TOOL] as never,
      previous_response_id: previous,
      input: [screenshotOutput(call.call_id, { acknowledged_safety_checks: [check] })] as never,
    });
    expect(acknowledged.status).toBe('completed');
    const none = await client.responses.create({
      model: 'm',
      tools: [TOOL] as never,
      previous_response_id: previous,
      input: [screenshotOutput(call.call_id)] as never,
    });
    expect(none.status).toBe('completed');
  });

  it('refuse an acknowledgement of a check the call did not raise, and a partial one', async () => {
    const call = await firstCall(
      { type: 'click', button: 'left', x: 1, y: 1 },
      { safetyChecks: [{ code: 'irrelevant_domain' }, { code: 'sensitive_domain' }] },
    );
    const previous_response_id = (emu.responses[0] as AnyJson).id;
    expect(
      await refusal({
        previous_response_id,
        input: [screenshotOutput(call.call_id, { acknowledged_safety_checks: [{ id: 'cu_sc_forged' }] })],
      }),
    ).toMatchObject({
      status: 400,
      param: 'input',
      message: `Safety check 'cu_sc_forged' was not raised on computer call ${call.call_id}; acknowledge only its pending_safety_checks.`,
    });
    const partial = await refusal({
      previous_response_id,
      input: [
        screenshotOutput(call.call_id, { acknowledged_safety_checks: [call.pending_safety_checks[0]] }),
      ],
    });
    expect(partial.message).toBe(
      `Safety check '${call.pending_safety_checks[1].id}' of computer call ${call.call_id} was not acknowledged; acknowledge every pending safety check to proceed.`,
    );
  });

  it('must answer a call of the context, and every call needs one', async () => {
    expect(await refusal({ input: [screenshotOutput('call_unknown')] })).toMatchObject({
      status: 400,
      param: 'input',
      message: 'No tool call found for computer call output with call_id call_unknown.',
    });
    const call = await firstCall({ type: 'screenshot' });
    expect(
      await refusal({ previous_response_id: (emu.responses[0] as AnyJson).id, input: 'And now?' }),
    ).toMatchObject({ status: 400, message: `No tool output found for computer call ${call.call_id}.` });
  });

  it.each([
    [
      { output: { type: 'input_image', image_url: 'data:image/png;base64,bm90IGFuIGltYWdl' } },
      'input[0].output.image_url',
      /does not represent a valid image/,
    ],
    [
      { output: { type: 'input_image', image_url: 'data:text/plain;base64,aGk=' } },
      'input[0].output.image_url',
      /unsupported MIME type 'text\/plain'/,
    ],
    [{ output: { type: 'input_image' } }, 'input[0].output.image_url', /needs 'image_url' or 'file_id'/],
    [
      { output: { type: 'input_text', text: 'done' } },
      'input[0].output.type',
      /Supported values are: 'computer_screenshot' and 'input_image'/,
    ],
    [{ output: undefined }, 'input[0].output', /Missing required parameter: 'input\[0\].output'/],
    [
      { acknowledged_safety_checks: [{ code: 'x' }] },
      'input[0].acknowledged_safety_checks[0].id',
      /Missing required parameter/,
    ],
    [{ current_url: 7 }, 'input[0].current_url', /expected a string, but got an integer/],
    [{ screenshot: 'x' }, 'input[0].screenshot', /Unknown parameter: 'input\[0\].screenshot'/],
  ])('refuse an output %j, naming %s', async (override, param, message) => {
    const body = { input: [{ ...screenshotOutput('call_1'), ...override }] };
    const error = await refusal(body);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
    expect(error.message).toMatch(message);
  });
});

describe('the computer_use_preview tool', () => {
  it.each([
    [
      { display_width: undefined },
      'tools[0].display_width',
      "Missing required parameter: 'tools[0].display_width'.",
    ],
    [
      { display_height: 76.8 },
      'tools[0].display_height',
      "Invalid type for 'tools[0].display_height': expected an integer, but got a decimal instead.",
    ],
    [
      { display_width: 0 },
      'tools[0].display_width',
      "Invalid 'tools[0].display_width': integer below minimum value. Expected a value >= 1, but got 0 instead.",
    ],
    [
      { environment: 'amiga' },
      'tools[0].environment',
      "Invalid value: 'amiga'. Supported values are: 'windows', 'mac', 'linux', 'ubuntu', and 'browser'.",
    ],
    [{ zoom: 2 }, 'tools[0].zoom', "Unknown parameter: 'tools[0].zoom'."],
  ])('refuses %j with a 400 naming %s', async (override, param, message) => {
    const error = await refusal({ input: 'Hi', tools: [{ ...TOOL, ...override }] });
    expect(error).toEqual({
      status: 400,
      type: 'invalid_request_error',
      param,
      message,
      code: expect.anything(),
    });
  });

  it('is echoed in the Response as sent', async () => {
    const res = await client.responses.create({ model: 'm', tools: [TOOL] as never, input: 'Hi' });
    expect(res.tools).toEqual([TOOL]);
  });
});

describe('the GA computer tool', () => {
  it('refuses a field the tool does not have, such as the preview tool display size', async () => {
    const error = await refusal({ input: 'Hi', tools: [{ type: 'computer', display_width: 1024 }] });
    expect(error).toEqual({
      status: 400,
      type: 'invalid_request_error',
      param: 'tools[0].display_width',
      message: "Unknown parameter: 'tools[0].display_width'.",
      code: 'unknown_parameter',
    });
  });

  it('is accepted as { type: "computer" } and echoed as sent', async () => {
    const res = await client.responses.create({
      model: 'm',
      tools: [{ type: 'computer' }] as never,
      input: 'Hi',
    });
    expect(res.tools).toEqual([{ type: 'computer' }]);
  });
});

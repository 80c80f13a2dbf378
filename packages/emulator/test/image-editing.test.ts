import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { encodePng } from '../src/media/png.js';
import { type AnyJson, clientFor } from './helpers.js';
import { type DecodedPng, decodePng } from './png-decode.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const TOOL = (options: Record<string, unknown> = {}) => [
  { type: 'image_generation', size: '64x64', ...options },
];

async function create(body: Record<string, unknown>): Promise<AnyJson> {
  return (await client.responses.create({ model: 'm', tools: TOOL(), ...body } as never)) as AnyJson;
}

async function refusal(body: Record<string, unknown>): Promise<AnyJson> {
  const error = await create(body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return { status: (error as InstanceType<typeof OpenAI.APIError>).status, ...(error as AnyJson).error };
}

const png = (item: AnyJson): DecodedPng => decodePng(Buffer.from(item.result, 'base64'));

/** Mean of one channel (0 red, 1 green, 2 blue) over the pixels. */
function mean(image: DecodedPng, channel: number): number {
  let sum = 0;
  for (let i = channel; i < image.pixels.length; i += image.channels) sum += image.pixels[i]!;
  return sum / (image.width * image.height);
}

/** Pixel indexes grouped by colour. */
function shapes(image: DecodedPng): number[][] {
  const groups = new Map<string, number[]>();
  for (let p = 0; p < image.width * image.height; p++) {
    const key = image.pixels.subarray(p * image.channels, p * image.channels + 3).toString('hex');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

/**
 * Whether `edit` is a recolouring of `source`: every area of one colour in the source is one
 * colour in the edit (so the shapes stay where they were), and the edit keeps most of the
 * source's distinct colours (it is no flat fill).
 */
function recolours(edit: DecodedPng, source: DecodedPng): boolean {
  const colour = (p: number) =>
    edit.pixels.subarray(p * edit.channels, p * edit.channels + 3).toString('hex');
  const areas = shapes(source);
  return (
    areas.every((area) => area.every((p) => colour(p) === colour(area[0]!))) &&
    shapes(edit).length * 3 > areas.length
  );
}

describe('editing an earlier image', () => {
  it('edits the image of the previous response into the same picture, tinted the colour asked for', async () => {
    const first = await create({ input: 'Draw a picture of a red fox in the snow.' });
    expect(first.output[0]).toMatchObject({ action: 'generate', revised_prompt: 'a red fox in the snow' });
    const second = await create({ input: 'Now make it blue.', previous_response_id: first.id });
    const edit = second.output[0];
    expect(edit).toMatchObject({ type: 'image_generation_call', action: 'edit', size: '64x64' });
    expect(edit.revised_prompt).toBe(
      `Now make it blue (an edit of ${first.output[0].id}: the same picture, tinted blue)`,
    );
    expect(second.output[1].content[0].text).toBe(`Here is the edited image: ${edit.revised_prompt}`);
    const [before, after] = [png(first.output[0]), png(edit)];
    expect(recolours(after, before)).toBe(true);
    expect(mean(after, 2)).toBeGreaterThan(mean(after, 0) + 40);
    expect(mean(after, 2)).toBeGreaterThan(mean(after, 1) + 20);
    emu.enqueue(reply.image('Now make it blue', { action: 'generate' }));
    const fresh = await create({ input: 'x', previous_response_id: second.id });
    expect(fresh.output[0].action).toBe('generate');
    expect(recolours(png(fresh.output[0]), before)).toBe(false);
  });

  it('edits an image sent back in the input of a stateless request', async () => {
    const first = await create({ input: 'Draw a picture of a lighthouse.', store: false });
    const [call, message] = first.output;
    const second = await create({
      store: false,
      input: [
        { role: 'user', content: 'Draw a picture of a lighthouse.' },
        call,
        message,
        { role: 'user', content: 'Make it green' },
      ],
    });
    expect(second.output[0].action).toBe('edit');
    expect(second.output[0].revised_prompt).toContain(
      `an edit of ${call.id}: the same picture, tinted green`,
    );
    expect(recolours(png(second.output[0]), png(call))).toBe(true);
    expect(mean(png(second.output[0]), 1)).toBeGreaterThan(mean(png(second.output[0]), 0));
  });

  it('edits the newest image when the context holds several, and an edit of an edit', async () => {
    const fox = await create({ input: 'Draw a picture of a fox.' });
    const whale = await create({
      input: 'Draw a picture of a whale.',
      previous_response_id: fox.id,
      tools: TOOL({ action: 'generate' }),
    });
    expect(whale.output[0].action).toBe('generate');
    const red = await create({ input: 'Make it red', previous_response_id: whale.id });
    expect(red.output[0].revised_prompt).toContain(`an edit of ${whale.output[0].id}`);
    const again = await create({ input: 'OK, now turn it yellow', previous_response_id: red.id });
    expect(again.output[0].revised_prompt).toContain(
      `an edit of ${red.output[0].id}: the same picture, tinted yellow`,
    );
    expect(recolours(png(again.output[0]), png(whale.output[0]))).toBe(true);
    expect(recolours(png(again.output[0]), png(fox.output[0]))).toBe(false);
  });

  it('finds an image_generation_call sent by id alone among the stored responses', async () => {
    const first = await create({ input: 'Draw a picture of a boat.' });
    const id = first.output[0].id;
    const edited = await create({
      input: [
        { type: 'image_generation_call', id },
        { role: 'user', content: 'Make it purple' },
      ],
    });
    expect(edited.output[0].revised_prompt).toContain(`an edit of ${id}`);
    expect(await refusal({ input: [{ type: 'image_generation_call', id: 'ig_unknown' }] })).toEqual({
      status: 404,
      message: "Item with id 'ig_unknown' not found.",
      type: 'invalid_request_error',
      param: 'input',
      code: null,
    });
    expect(
      (await refusal({ store: false, input: [{ type: 'image_generation_call', id: 'ig_unknown' }] })).message,
    ).toBe(
      "Item with id 'ig_unknown' not found. Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove this item from your input.",
    );
  });

  it.each([
    [{ type: 'image_generation_call', result: 'x' }, 'input[0].id', 'missing_required_parameter'],
    [{ type: 'image_generation_call', id: 'ig_1', result: 7 }, 'input[0].result', 'invalid_type'],
    [
      { type: 'image_generation_call', id: 'ig_1', result: null, status: 'done' },
      'input[0].status',
      'invalid_value',
    ],
  ])('refuses the input item %j', async (item, param, code) => {
    expect(await refusal({ input: [item] })).toMatchObject({ status: 400, param, code });
  });

  it('draws a new picture with action generate, and refuses action edit with no image to edit', async () => {
    const first = await create({ input: 'Draw a picture of a cat.' });
    const fresh = await create({
      input: 'Now make it blue',
      previous_response_id: first.id,
      tools: TOOL({ action: 'generate' }),
    });
    expect(fresh.output[0].action).toBe('generate');
    expect(fresh.output[0].revised_prompt).toBe('Now make it blue');
    emu.enqueue(reply.image('a cat'));
    expect(await refusal({ input: 'x', tools: TOOL({ action: 'edit' }) })).toMatchObject({
      status: 400,
      param: 'tools[0].action',
      code: 'invalid_value',
      message: expect.stringContaining('there is no image in the context to edit'),
    });
    emu.enqueue(reply.image('a cat', { action: 'edit' }));
    expect(await refusal({ input: 'x' })).toMatchObject({ status: 400, param: 'tools[0].action' });
  });

  it('sizes an edit as the tool asks, or as its source with size auto', async () => {
    const first = await create({ input: 'Draw a picture of a kite.', tools: TOOL({ size: '32x48' }) });
    const same = await create({
      input: 'Make it red',
      previous_response_id: first.id,
      tools: TOOL({ size: 'auto' }),
    });
    expect(same.output[0].size).toBe('32x48');
    const bigger = await create({ input: 'Make it blue', previous_response_id: same.id });
    expect([png(bigger.output[0]).width, png(bigger.output[0]).height]).toEqual([64, 64]);
  });

  it('streams partial images of the edit, each more detailed, the last as the result', async () => {
    const first = await create({ input: 'Draw a picture of a tree.' });
    const stream = await client.responses.create({
      model: 'm',
      input: 'Make it orange',
      previous_response_id: first.id,
      tools: TOOL({ partial_images: 2 }),
      stream: true,
    } as never);
    const events: AnyJson[] = [];
    for await (const event of stream as unknown as AsyncIterable<AnyJson>) events.push(event);
    const partials = events.filter((e) => e.type === 'response.image_generation_call.partial_image');
    const done = events.find((e) => e.type === 'response.output_item.done' && e.output_index === 0).item;
    expect(partials).toHaveLength(2);
    const images = [...partials.map((p) => p.partial_image_b64), done.result];
    const groups = images.map((b64) => shapes(decodePng(Buffer.from(b64, 'base64'))).length);
    expect(groups[0]).toBeLessThanOrEqual(groups[1]!);
    expect(new Set(images).size).toBe(3);
    expect(done.action).toBe('edit');
  });
});

describe('masks and fidelity', () => {
  /** A 64x64 RGBA mask, transparent (editable) on the left half. */
  function leftHalfMask(): string {
    const pixels = new Uint8Array(64 * 64 * 4);
    for (let p = 0; p < 64 * 64; p++) pixels[p * 4 + 3] = p % 64 < 32 ? 0 : 255;
    return encodePng({ width: 64, height: 64, channels: 4, pixels }).toString('base64');
  }

  it('edits only where the mask is transparent, given as a data URL or an uploaded file', async () => {
    const first = await create({ input: 'Draw a picture of a house.' });
    const before = png(first.output[0]);
    const mask = leftHalfMask();
    const file = await client.files.create({
      file: await toFile(Buffer.from(mask, 'base64'), 'mask.png'),
      purpose: 'assistants',
    });
    for (const input_image_mask of [{ image_url: `data:image/png;base64,${mask}` }, { file_id: file.id }]) {
      const edit = await create({
        input: 'Make it blue',
        previous_response_id: first.id,
        tools: TOOL({ input_image_mask }),
      });
      const after = png(edit.output[0]);
      for (const [x, y] of [
        [5, 10],
        [40, 10],
        [60, 60],
      ] as const) {
        const at = (y * 64 + x) * 3;
        const same = after.pixels.subarray(at, at + 3).equals(before.pixels.subarray(at, at + 3));
        expect(same).toBe(x >= 32);
      }
    }
  });

  it('refuses a mask that is no PNG with an alpha channel, and an unknown mask file', async () => {
    const first = await create({ input: 'Draw a picture of a house.' });
    const rgb = encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(12) }).toString(
      'base64',
    );
    for (const image_url of [`data:image/png;base64,${rgb}`, 'data:image/png;base64,AAAA']) {
      expect(
        await refusal({
          input: 'Make it red',
          previous_response_id: first.id,
          tools: TOOL({ input_image_mask: { image_url } }),
        }),
      ).toMatchObject({
        status: 400,
        param: 'tools[0].input_image_mask.image_url',
        code: 'invalid_value',
        message: expect.stringContaining('must be a PNG image with an alpha channel'),
      });
    }
    expect(
      await refusal({
        input: 'Make it red',
        previous_response_id: first.id,
        tools: TOOL({ input_image_mask: { file_id: 'file-nope' } }),
      }),
    ).toMatchObject({
      status: 400,
      param: 'tools[0].input_image_mask.file_id',
      message: 'No such File object: file-nope',
    });
  });

  it('keeps more of the source with input_fidelity high', async () => {
    const first = await create({ input: 'Draw a picture of a hill.' });
    const before = png(first.output[0]);
    const distance = async (fidelity: string) => {
      const edit = await create({
        input: 'Make it blue',
        previous_response_id: first.id,
        tools: TOOL({ input_fidelity: fidelity }),
      });
      const after = png(edit.output[0]);
      let sum = 0;
      for (let i = 0; i < after.pixels.length; i++) sum += Math.abs(after.pixels[i]! - before.pixels[i]!);
      return sum;
    };
    expect(await distance('high')).toBeLessThan(await distance('low'));
  });
});

describe('reasoning next to an image call', () => {
  const thinking = { reasoning: { effort: 'low' }, store: false, include: ['reasoning.encrypted_content'] };

  it('takes the reasoning item followed by the message after its image call when the call is left out', async () => {
    const first = await create({ ...thinking, input: 'Draw a picture of a red circle.' });
    expect(first.output.map((i: AnyJson) => i.type)).toEqual([
      'reasoning',
      'image_generation_call',
      'message',
    ]);
    const [rs, , msg] = first.output;
    const question = { role: 'user', content: 'What colour was the circle?' };
    const answer = await create({
      ...thinking,
      input: [{ role: 'user', content: 'Draw a picture of a red circle.' }, rs, msg, question],
    });
    expect(answer.status).toBe('completed');
    expect(
      await refusal({
        ...thinking,
        input: [{ role: 'user', content: 'Draw a picture of a red circle.' }, rs, question],
      }),
    ).toMatchObject({ status: 400, message: expect.stringContaining('without its required following item') });
  });
});

import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor } from './helpers.js';
import { makePdf } from './make-pdf.js';
import { decodePng } from './png-decode.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** The 1x1 PNG of the recording `azure-image-generation-tool.1`. */
const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
/** The start of a baseline JPEG: SOI, an APP0 segment, then SOF0 for 40x30 pixels. */
const JPEG_40x30 = Buffer.from(
  'ffd8ffe000104a46494600010100000100010000ffc0000b08001e002801011100ffd9',
  'hex',
).toString('base64');

function userMessage(...content: AnyJson[]): AnyJson[] {
  return [{ role: 'user', content }];
}

async function refusal(body: Record<string, unknown>, c: OpenAI = client): Promise<AnyJson> {
  const error = await c.responses.create({ model: 'm', ...body } as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return { status: (error as InstanceType<typeof OpenAI.APIError>).status, ...(error as AnyJson).error };
}

describe('image input', () => {
  it('takes a PNG and a JPEG as data URLs and the default model reports their type and size', async () => {
    const res = await client.responses.create({
      model: 'm',
      input: userMessage(
        { type: 'input_text', text: 'What are these?' },
        { type: 'input_image', image_url: `data:image/png;base64,${PNG_1x1}`, detail: 'low' },
        { type: 'input_image', image_url: `data:image/jpeg;base64,${JPEG_40x30}` },
      ),
    });
    expect(res.output_text).toBe(
      [
        'You said: "What are these?"',
        'Image 1: an image (image/png, 1x1 pixels, detail low)',
        'Image 2: an image (image/jpeg, 40x30 pixels, detail auto)',
      ].join('\n'),
    );
  });

  it('takes an https image URL without fetching it', async () => {
    const res = await client.responses.create({
      model: 'm',
      input: userMessage({ type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' }),
    });
    expect(res.output_text).toContain('Image 1: an image at https://example.com/cat.png (not fetched');
  });

  it('takes an uploaded image by file id', async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(PNG_1x1, 'base64'), 'dot.png'),
      purpose: 'vision',
    });
    const res = await client.responses.create({
      model: 'm',
      input: userMessage({ type: 'input_image', file_id: file.id, detail: 'high' }),
    });
    expect(res.output_text).toContain(
      `Image 1: an image (image/png, 1x1 pixels, detail high, uploaded as ${file.id})`,
    );
  });

  it('counts an image as 85 input tokens, not as the length of its base64', async () => {
    const big = Buffer.alloc(4000, 1);
    const png = Buffer.concat([Buffer.from(PNG_1x1, 'base64'), big]).toString('base64');
    const res = await client.responses.create({
      model: 'm',
      input: userMessage({ type: 'input_image', image_url: `data:image/png;base64,${png}` }),
    });
    expect(res.usage?.input_tokens).toBe(4 + 85);
  });

  it.each([
    [
      'an unsupported MIME type',
      `data:image/bmp;base64,${PNG_1x1}`,
      "Invalid 'input[0].content[0].image_url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got unsupported MIME type 'image/bmp'.",
    ],
    [
      'empty bytes',
      'data:image/png;base64,',
      "Invalid 'input[0].content[0].image_url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got empty base64-encoded bytes.",
    ],
    [
      'bad base64',
      'data:image/png;base64,@@@@',
      "Invalid 'input[0].content[0].image_url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got an invalid base64-encoded value.",
    ],
    [
      'bytes that are no image',
      `data:image/png;base64,${Buffer.from('not an image at all').toString('base64')}`,
      "The image data you provided does not represent a valid image. Please check your input and try again with one of the supported image formats: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'].",
    ],
    [
      'a URL that is not http(s)',
      'file:///etc/passwd',
      "Invalid 'input[0].content[0].image_url'. Expected a valid URL, but got a value with an invalid format.",
    ],
  ])('refuses an image_url with %s', async (_what, url, message) => {
    const error = await refusal({ input: userMessage({ type: 'input_image', image_url: url }) });
    expect(error).toMatchObject({
      status: 400,
      message,
      type: 'invalid_request_error',
      param: 'input[0].content[0].image_url',
      code: 'invalid_value',
    });
  });

  it('refuses an input_image without image_url or file_id, with both, or with a bad detail', async () => {
    expect(await refusal({ input: userMessage({ type: 'input_image', detail: 'auto' }) })).toMatchObject({
      status: 400,
      param: 'input[0].content[0].image_url',
      code: 'missing_required_parameter',
    });
    expect(
      await refusal({
        input: userMessage({ type: 'input_image', image_url: 'https://x.test/a.png', file_id: 'file-1' }),
      }),
    ).toMatchObject({ status: 400, param: 'input[0].content[0].file_id', code: 'invalid_value' });
    expect(
      await refusal({
        input: userMessage({ type: 'input_image', image_url: 'https://x.test/a.png', detail: 'max' }),
      }),
    ).toMatchObject({
      status: 400,
      message: "Invalid value: 'max'. Supported values are: 'low', 'high', 'auto', and 'original'.",
      param: 'input[0].content[0].detail',
    });
    expect(
      await refusal({
        input: userMessage({ type: 'input_image', image_url: 'https://x.test/a.png', url: 'x' }),
      }),
    ).toMatchObject({ status: 400, param: 'input[0].content[0].url', code: 'unknown_parameter' });
  });

  it('refuses an unknown file id and an uploaded file that is no image', async () => {
    expect(
      await refusal({ input: userMessage({ type: 'input_image', file_id: 'file-nope' }) }),
    ).toMatchObject({
      status: 400,
      message: 'No such File object: file-nope',
      param: 'input[0].content[0].file_id',
    });
    const text = await client.files.create({
      file: await toFile(Buffer.from('hello'), 'a.txt'),
      purpose: 'assistants',
    });
    expect(await refusal({ input: userMessage({ type: 'input_image', file_id: text.id }) })).toMatchObject({
      status: 400,
      param: 'input[0].content[0].file_id',
      message: expect.stringContaining('does not represent a valid image'),
    });
  });

  it('reads images a tool returned in a function_call_output', async () => {
    emu.enqueue(reply.toolCall('get_chart', {}, { callId: 'call_chart' }));
    const first = await client.responses.create({ model: 'm', input: 'Chart?' });
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: [
        {
          type: 'function_call_output',
          call_id: 'call_chart',
          output: [
            { type: 'input_text', text: 'The chart:' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG_1x1}` },
          ],
        },
      ],
    });
    expect(second.output_text).toBe(
      'Tool get_chart returned: The chart: + an image (image/png, 1x1 pixels, detail auto)',
    );
    expect(
      await refusal({
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: 'call_chart', output: [{ type: 'input_image' }] }],
      }),
    ).toMatchObject({ status: 400, param: 'input[0].output[0].image_url' });
  });
});

describe('file input', () => {
  const pdf = makePdf(['Hello from page one', 'And page two'], { compress: true });

  it('reads a PDF sent as file_data: its pages and text', async () => {
    const res = await client.responses.create({
      model: 'm',
      input: userMessage(
        { type: 'input_text', text: 'Summarise' },
        {
          type: 'input_file',
          filename: 'report.pdf',
          file_data: `data:application/pdf;base64,${pdf.toString('base64')}`,
        },
      ),
    });
    expect(res.output_text).toBe(
      'You said: "Summarise"\nFile 1: a file report.pdf (application/pdf, 2 pages, text: "Hello from page one And page two")',
    );
  });

  it('reads a PDF uploaded with purpose assistants, by file id', async () => {
    const file = await client.files.create({ file: await toFile(pdf, 'report.pdf'), purpose: 'assistants' });
    const res = await client.responses.create({
      model: 'm',
      input: userMessage({ type: 'input_file', file_id: file.id }),
    });
    expect(res.output_text).toContain(
      `File 1: a file report.pdf (application/pdf, 2 pages, uploaded as ${file.id}, text:`,
    );
  });

  it('refuses file_data that is not a base64 data URL, file_data without a filename, and no source', async () => {
    expect(
      await refusal({
        input: userMessage({ type: 'input_file', filename: 'a.pdf', file_data: pdf.toString('base64') }),
      }),
    ).toMatchObject({
      status: 400,
      message: "Invalid 'input[0].content[0].file_data'.",
      param: 'input[0].content[0].file_data',
      code: 'invalid_value',
    });
    expect(
      await refusal({
        input: userMessage({
          type: 'input_file',
          file_data: `data:application/pdf;base64,${pdf.toString('base64')}`,
        }),
      }),
    ).toMatchObject({
      status: 400,
      param: 'input[0].content[0].filename',
      code: 'missing_required_parameter',
    });
    expect(await refusal({ input: userMessage({ type: 'input_file', filename: 'a.pdf' }) })).toMatchObject({
      status: 400,
      param: 'input[0].content[0].file_data',
      code: 'missing_required_parameter',
    });
    expect(
      await refusal({ input: userMessage({ type: 'input_file', file_url: 'ftp://x.test/a.pdf' }) }),
    ).toMatchObject({ status: 400, param: 'input[0].content[0].file_url', code: 'invalid_value' });
  });
});

const IMAGE_TOOL = (options: Record<string, unknown> = {}) => [{ type: 'image_generation', ...options }];

async function streamed(body: Record<string, unknown>, c: OpenAI = client): Promise<AnyJson[]> {
  const stream = await c.responses.create({ model: 'm', ...body, stream: true } as never);
  const events: AnyJson[] = [];
  for await (const event of stream as unknown as AsyncIterable<AnyJson>) events.push(event);
  return events;
}

describe('the image generation tool', () => {
  it('streams the call in the recorded order with the partial images asked for, then a message', async () => {
    emu.enqueue(reply.image('a lighthouse at dusk', { revisedPrompt: 'A lighthouse on a cliff at dusk' }));
    const events = await streamed({
      input: 'Draw a lighthouse',
      tools: IMAGE_TOOL({ partial_images: 2, size: '256x128', quality: 'low' }),
    });
    const call = events.filter((e) => e.output_index === 0);
    expect(call.map((e) => e.type)).toEqual([
      'response.output_item.added',
      'response.image_generation_call.in_progress',
      'response.image_generation_call.generating',
      'response.image_generation_call.partial_image',
      'response.image_generation_call.partial_image',
      'response.image_generation_call.completed',
      'response.output_item.done',
    ]);
    const id = call[0].item.id;
    expect(id).toMatch(/^ig_[0-9a-f]{50}$/);
    expect(call[0].item).toEqual({ id, type: 'image_generation_call', status: 'in_progress' });
    expect(call[3]).toEqual({
      type: 'response.image_generation_call.partial_image',
      sequence_number: call[3].sequence_number,
      output_index: 0,
      item_id: id,
      partial_image_index: 0,
      partial_image_b64: expect.any(String),
      size: '256x128',
      quality: 'low',
      background: 'opaque',
      output_format: 'png',
    });
    expect(call[4].partial_image_index).toBe(1);
    const done = call[6].item;
    expect(done).toEqual({
      id,
      type: 'image_generation_call',
      status: 'completed',
      action: 'generate',
      background: 'opaque',
      output_format: 'png',
      quality: 'low',
      result: expect.any(String),
      revised_prompt: 'A lighthouse on a cliff at dusk',
      size: '256x128',
    });
    const images = [call[3].partial_image_b64, call[4].partial_image_b64, done.result].map((b64: string) =>
      decodePng(Buffer.from(b64, 'base64')),
    );
    for (const image of images) expect([image.width, image.height, image.colorType]).toEqual([256, 128, 2]);
    expect(new Set(images.map((i) => i.pixels.toString('base64'))).size).toBe(3);
    const completed = events.at(-1);
    expect(completed.type).toBe('response.completed');
    expect(completed.response.output[1].content[0].text).toBe(
      'Here is the image: A lighthouse on a cliff at dusk',
    );
    expect(completed.response.tools).toEqual([
      {
        type: 'image_generation',
        background: 'auto',
        moderation: 'auto',
        n: 1,
        output_compression: 100,
        output_format: 'png',
        quality: 'low',
        size: '256x128',
      },
    ]);
  });

  it('draws a different picture for a different prompt, and the same for the same prompt', async () => {
    const tools = IMAGE_TOOL({ size: '64x64' });
    emu.enqueue(reply.image('a red fox'), reply.image('a red fox'), reply.image('a blue whale'));
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await client.responses.create({ model: 'm', input: 'Draw', tools } as never);
      results.push((res as AnyJson).output[0].result);
    }
    expect(results[0]).toBe(results[1]);
    expect(results[2]).not.toBe(results[0]);
  });

  it('answers a request for a picture with the default model when the tool is there', async () => {
    const res: AnyJson = await client.responses.create({
      model: 'm',
      input: 'Please draw a picture of a red fox in the snow.',
      tools: IMAGE_TOOL(),
    } as never);
    expect(res.output.map((i: AnyJson) => i.type)).toEqual(['image_generation_call', 'message']);
    expect(res.output[0].revised_prompt).toBe('a red fox in the snow');
    const png = decodePng(Buffer.from(res.output[0].result, 'base64'));
    expect([png.width, png.height]).toEqual([1024, 1024]);
    const plain = await client.responses.create({ model: 'm', input: 'Hello', tools: IMAGE_TOOL() } as never);
    expect((plain as AnyJson).output.map((i: AnyJson) => i.type)).toEqual(['message']);
  });

  it('makes a transparent background an alpha channel', async () => {
    emu.enqueue(reply.image('a balloon'));
    const res: AnyJson = await client.responses.create({
      model: 'm',
      input: 'x',
      tools: IMAGE_TOOL({ background: 'transparent', size: '32x32' }),
    } as never);
    const png = decodePng(Buffer.from(res.output[0].result, 'base64'));
    expect(png.colorType).toBe(6);
    expect(png.pixels[3]).toBe(0); // the top-left corner is outside the disc
    expect(res.output[0].background).toBe('transparent');
  });

  it('refuses to draw formats other than PNG', async () => {
    emu.enqueue(reply.image('a fox'));
    expect(await refusal({ input: 'x', tools: IMAGE_TOOL({ output_format: 'webp' }) })).toMatchObject({
      status: 400,
      param: 'tools[0].output_format',
      code: 'unsupported_value',
    });
  });

  it.each([
    [{ partial_images: 4 }, 'tools[0].partial_images', 'integer_above_max_value'],
    [{ partial_images: -1 }, 'tools[0].partial_images', 'integer_below_min_value'],
    [{ partial_images: 1.5 }, 'tools[0].partial_images', 'invalid_type'],
    [{ output_compression: 101 }, 'tools[0].output_compression', 'integer_above_max_value'],
    [{ quality: 'ultra' }, 'tools[0].quality', 'invalid_value'],
    [{ output_format: 'bmp' }, 'tools[0].output_format', 'invalid_value'],
    [{ background: 'clear' }, 'tools[0].background', 'invalid_value'],
    [{ moderation: 'high' }, 'tools[0].moderation', 'invalid_value'],
    [{ input_fidelity: 'medium' }, 'tools[0].input_fidelity', 'invalid_value'],
    [{ size: '1000x1000' }, 'tools[0].size', 'invalid_value'],
    [{ size: '4096x4096' }, 'tools[0].size', 'invalid_value'],
    [{ size: 'big' }, 'tools[0].size', 'invalid_value'],
    [{ model: 7 }, 'tools[0].model', 'invalid_type'],
    [{ input_image_mask: {} }, 'tools[0].input_image_mask.file_id', 'missing_required_parameter'],
    [{ n: 2 }, 'tools[0].n', 'unknown_parameter'],
  ])('refuses the tool option %j', async (options, param, code) => {
    expect(await refusal({ input: 'x', tools: IMAGE_TOOL(options) })).toMatchObject({
      status: 400,
      param,
      code,
    });
  });

  it('checks an image_generation_call script item and needs the tool for it', async () => {
    expect(() => emu.enqueue({ output: [{ type: 'image_generation_call', prompt: '' }] })).toThrow(
      'turn 0: output[0].prompt: expected a non-empty string',
    );
    emu.enqueue(reply.image('a fox'));
    expect(await refusal({ input: 'x' })).toMatchObject({
      status: 500,
      message: expect.stringContaining("needs an 'image_generation' tool"),
    });
  });
});

describe('the Azure image deployment header', () => {
  let azure: OpenAI;
  beforeAll(() => {
    azure = new OpenAI({ baseURL: emu.azureUrl, apiKey: 'test', maxRetries: 0 });
  });

  it('refuses the image generation tool on Azure paths without x-ms-oai-image-generation-deployment', async () => {
    expect(await refusal({ input: 'Draw a cat', tools: IMAGE_TOOL() }, azure)).toEqual({
      status: 400,
      message: 'There was an issue with your request. Please check your inputs and try again',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  });

  it('generates with the header and keeps it in the request log', async () => {
    const withHeader = new OpenAI({
      baseURL: emu.azureUrl,
      apiKey: 'test',
      maxRetries: 0,
      defaultHeaders: { 'x-ms-oai-image-generation-deployment': 'gpt-image-1' },
    });
    const events = await streamed({ input: 'Draw a cat', tools: IMAGE_TOOL({ size: '64x64' }) }, withHeader);
    expect(events.at(-1).response.output[0].type).toBe('image_generation_call');
    expect(emu.requests.at(-1)?.headers['x-ms-oai-image-generation-deployment']).toBe('gpt-image-1');
  });

  it('needs no header on OpenAI paths', async () => {
    emu.enqueue(reply.image('a cat'));
    const res: AnyJson = await client.responses.create({
      model: 'm',
      input: 'x',
      tools: IMAGE_TOOL({ size: '64x64' }),
    } as never);
    expect(res.output[0].status).toBe('completed');
  });
});

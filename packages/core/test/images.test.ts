import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, reply } from '@turnkit/emulator';
import { defineTool } from '@turnkit/tools';
import type OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ApiError,
  ConfigurationError,
  connectFromEnv,
  createAgent,
  createAzureClient,
  createConversation,
  fileFromId,
  generatedImages,
  IMAGE_DEPLOYMENT_HEADER,
  imageFromBytes,
  imageFromFile,
  imageFromFileId,
  imageFromUrl,
  imageGenerationTool,
  MediaError,
  pdfFromBytes,
  pdfFromFile,
  type RunEvent,
  saveImage,
  uploadFile,
  userMessage,
} from '../src/index.js';
import { createBodies, useEmulator } from './helpers.js';
import { makePdf } from './make-pdf.js';
import { decodePng } from './png-decode.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

/** The 1x1 PNG of the recording `azure-image-generation-tool.1`. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffc0000b08001e002801011100ffd9', 'hex');
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([2, 0, 3, 0, 0, 0, 0, 0x3b])]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF\x1a\0\0\0WEBPVP8L', 'latin1'),
  Buffer.from([13, 0, 0, 0, 0x2f, 0, 0, 0, 0]),
]);
const PDF = makePdf(['Quarterly report', 'Revenue grew'], { compress: true });
const recordings = fileURLToPath(new URL('../../../fixtures/recordings/', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'turnkit-images-'));
  await writeFile(join(dir, 'dot.png'), PNG);
  await writeFile(join(dir, 'photo.jpeg'), JPEG);
  await writeFile(join(dir, 'anim.gif'), GIF);
  await writeFile(join(dir, 'pic.webp'), WEBP);
  await writeFile(join(dir, 'report.pdf'), PDF);
  await writeFile(join(dir, 'scan.bmp'), Buffer.from('BM\0\0\0\0'));
  await writeFile(join(dir, 'selfie.heic'), Buffer.from('\0\0\0\x18ftypheic\0\0\0\0', 'latin1'));
  await writeFile(join(dir, 'png-named.pdf'), PNG);
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('image and PDF parts', () => {
  it('reads local images into data URLs with the type their bytes say, whatever the name', async () => {
    const parts = await Promise.all(
      ['dot.png', 'photo.jpeg', 'anim.gif', 'pic.webp'].map((f) =>
        imageFromFile(join(dir, f), { detail: 'low' }),
      ),
    );
    expect(parts.map((p) => p.image_url?.slice(0, p.image_url.indexOf(';')))).toEqual([
      'data:image/png',
      'data:image/jpeg',
      'data:image/gif',
      'data:image/webp',
    ]);
    expect(parts[0]).toEqual({
      type: 'input_image',
      image_url: `data:image/png;base64,${PNG.toString('base64')}`,
      detail: 'low',
    });
    expect((await imageFromFile(join(dir, 'png-named.pdf'))).image_url).toMatch(/^data:image\/png;base64,/);
  });

  it('refuses images the API does not take, naming the file and what it is', async () => {
    await expect(imageFromFile(join(dir, 'scan.bmp'))).rejects.toThrow(
      `${join(dir, 'scan.bmp')} is a BMP image, not a PNG, JPEG, GIF or WebP image`,
    );
    await expect(imageFromFile(join(dir, 'selfie.heic'))).rejects.toThrow('is a HEIC image, not a PNG');
    await expect(imageFromFile(join(dir, 'report.pdf'))).rejects.toThrow('is a PDF, not a PNG');
    await expect(imageFromFile(join(dir, 'missing.png'))).rejects.toThrow('there is no such file');
    const error = await imageFromFile(join(dir, 'scan.bmp')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: 'media_invalid', source: join(dir, 'scan.bmp') });
    expect(caught(() => imageFromBytes(Buffer.alloc(0)))).toMatchObject({
      message: expect.stringContaining('The bytes are empty'),
    });
    expect(caught(() => imageFromBytes(PNG, { detail: 'max' as never }))).toBeInstanceOf(MediaError);
  });

  it('takes https and image data URLs, and refuses other URLs', () => {
    expect(imageFromUrl('https://example.com/a.png')).toEqual({
      type: 'input_image',
      image_url: 'https://example.com/a.png',
      detail: 'auto',
    });
    expect(imageFromUrl(`data:image/png;base64,${PNG.toString('base64')}`).image_url).toMatch(
      /^data:image\/png/,
    );
    expect(caught(() => imageFromUrl('file:///tmp/a.png'))).toMatchObject({
      message: expect.stringContaining('is a file: URL; give an https:// or data: URL'),
    });
    expect(
      caught(() => imageFromUrl(`data:image/png;base64,${Buffer.from('BM..').toString('base64')}`)),
    ).toMatchObject({
      message: expect.stringContaining('holds a BMP image'),
    });
    expect(caught(() => imageFromUrl('not a url'))).toBeInstanceOf(MediaError);
  });

  it('reads a PDF into file_data with its file name, and refuses what is not a PDF', async () => {
    const part = await pdfFromFile(join(dir, 'report.pdf'), { detail: 'high' });
    expect(part).toEqual({
      type: 'input_file',
      filename: 'report.pdf',
      file_data: `data:application/pdf;base64,${PDF.toString('base64')}`,
      detail: 'high',
    });
    await expect(pdfFromFile(join(dir, 'dot.png'))).rejects.toThrow('is an unknown format, not a PDF');
    expect(caught(() => pdfFromBytes(PDF, ''))).toMatchObject({
      message: expect.stringContaining('needs a file name'),
    });
    expect(fileFromId('file-abc')).toEqual({ type: 'input_file', file_id: 'file-abc' });
    expect(imageFromFileId('file-img', { detail: 'high' })).toEqual({
      type: 'input_image',
      file_id: 'file-img',
      detail: 'high',
    });
  });

  it('composes a user message of text and parts, and refuses anything else', () => {
    expect(userMessage('Look:', imageFromUrl('https://x.test/a.png'))).toEqual({
      role: 'user',
      content: [
        { type: 'input_text', text: 'Look:' },
        { type: 'input_image', image_url: 'https://x.test/a.png', detail: 'auto' },
      ],
    });
    expect(() => userMessage()).toThrow('userMessage needs some text or at least one part.');
    expect(() => userMessage({ type: 'image_url' } as never)).toThrow('userMessage part 0 is not text');
  });
});

describe('runs that see images and PDFs', () => {
  it.each(['server', 'stateless'] as const)(
    'sends image and PDF parts in messages (%s strategy)',
    async (strategy) => {
      const agent = createAgent({ model: 'm', client, strategy });
      const conversation = createConversation({ strategy });
      const input = [
        userMessage(
          'What is this?',
          await imageFromFile(join(dir, 'dot.png')),
          await pdfFromFile(join(dir, 'report.pdf')),
        ),
      ];
      const first = await agent.run(input, { conversation });
      expect(first.output).toBe(
        [
          'You said: "What is this?"',
          'Image 1: an image (image/png, 1x1 pixels, detail auto)',
          'File 1: a file report.pdf (application/pdf, 2 pages, text: "Quarterly report Revenue grew")',
        ].join('\n'),
      );
      await agent.run([userMessage('And this?', imageFromBytes(JPEG, { detail: 'low' }))], { conversation });
      const second = createBodies(emu)[1];
      if (strategy === 'server') {
        expect(second.previous_response_id).toBe(emu.responses[0]!.id);
        expect(second.input).toHaveLength(1);
      } else {
        // Stateless: the first message goes again, its image and PDF with it.
        expect(second.store).toBe(false);
        expect(second.input[0].content.map((p: { type: string }) => p.type)).toEqual([
          'input_text',
          'input_image',
          'input_file',
        ]);
      }
      expect(second.input.at(-1).content[1]).toEqual({
        type: 'input_image',
        image_url: `data:image/jpeg;base64,${JPEG.toString('base64')}`,
        detail: 'low',
      });
      expect(emu.responses[1]!.output[0]).toMatchObject({
        content: [
          { text: 'You said: "And this?"\nImage 1: an image (image/jpeg, 40x30 pixels, detail low)' },
        ],
      });
    },
  );

  it('uploads a PDF with purpose assistants and sends it by file id', async () => {
    const file = await uploadFile({ client, path: join(dir, 'report.pdf') });
    expect(file).toMatchObject({ filename: 'report.pdf', purpose: 'assistants', bytes: PDF.length });
    const upload = emu.requests.find((r) => r.path.endsWith('/files'))!;
    expect(upload.body).toMatchObject({ purpose: 'assistants', file: { filename: 'report.pdf' } });
    const image = await uploadFile({ client, bytes: PNG, filename: 'dot.png', purpose: 'vision' });
    const agent = createAgent({ model: 'm', client });
    const result = await agent.run([
      userMessage('Read these', fileFromId(file.id), imageFromFileId(image.id)),
    ]);
    expect(result.output).toContain(
      `Image 1: an image (image/png, 1x1 pixels, detail auto, uploaded as ${image.id})`,
    );
    expect(result.output).toContain(
      `File 1: a file report.pdf (application/pdf, 2 pages, uploaded as ${file.id}`,
    );
    await expect(uploadFile({ client, bytes: PNG } as never)).rejects.toThrow(
      'uploadFile needs a `filename`',
    );
    await expect(
      uploadFile({ client, path: join(dir, 'report.pdf'), purpose: 'pictures' as never }),
    ).rejects.toThrow('`purpose` must be one of assistants');
  });

  it('lets a tool return an image the model then sees', async () => {
    const chart = defineTool({
      name: 'get_chart',
      description: 'Draws the sales chart.',
      input: z.object({}),
      execute: () => [{ type: 'input_text', text: 'The chart:' }, imageFromBytes(PNG)],
    });
    emu.enqueue(reply.toolCall('get_chart', {}));
    const agent = createAgent({ model: 'm', client, tools: [chart] });
    const result = await agent.run('Show me the chart');
    expect(result.output).toBe(
      'Tool get_chart returned: The chart: + an image (image/png, 1x1 pixels, detail auto)',
    );
  });

  it('surfaces a refused image as an API error naming the part', async () => {
    const agent = createAgent({ model: 'm', client });
    const bad = {
      type: 'input_image' as const,
      image_url: 'data:image/png;base64,',
      detail: 'auto' as const,
    };
    const error = await agent.run([userMessage('x', bad)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toContain("Invalid 'input[0].content[1].image_url'");
    expect((error as Error).message).toContain('but got empty base64-encoded bytes.');
  });
});

describe('image generation', () => {
  it('streams partial images and the final image as typed events, and saves them', async () => {
    emu.enqueue(
      reply.image('a lighthouse at dusk', { revisedPrompt: 'A lighthouse at dusk, oil on canvas' }),
    );
    const azure = createAzureClient({
      endpoint: emu.origin,
      apiKey: 'k',
      maxRetries: 0,
      imageDeployment: 'gpt-image-1',
    });
    const agent = createAgent({
      model: 'm',
      client: azure,
      tools: [imageGenerationTool({ partialImages: 2, size: '128x64', quality: 'low' })],
    });
    const seen: RunEvent[] = [];
    const saved: Promise<string>[] = [];
    const stream = agent.stream('Draw a lighthouse');
    stream.on('image_partial', (e) => {
      seen.push(e);
      saved.push(saveImage(e, { dir }));
    });
    stream.on('image_generated', (e) => seen.push(e));
    const result = await stream.result;
    expect(seen.map((e) => e.type)).toEqual(['image_partial', 'image_partial', 'image_generated']);
    const [p0, p1, done] = seen as any[];
    expect([p0.index, p1.index]).toEqual([0, 1]);
    expect(done).toMatchObject({
      revisedPrompt: 'A lighthouse at dusk, oil on canvas',
      size: '128x64',
      format: 'png',
      quality: 'low',
      status: 'completed',
      itemId: p0.itemId,
    });
    for (const e of [p0, p1, done]) {
      const png = decodePng(Buffer.from(e.base64, 'base64'));
      expect([png.width, png.height]).toEqual([128, 64]);
    }
    const paths = await Promise.all(saved);
    expect(paths).toEqual([join(dir, `${p0.itemId}-partial-0.png`), join(dir, `${p0.itemId}-partial-1.png`)]);
    expect((await readFile(paths[1]!)).toString('base64')).toBe(p1.base64);
    const [image] = generatedImages(result);
    expect(image).toMatchObject({ itemId: done.itemId, base64: done.base64, format: 'png' });
    const path = await saveImage(image!, { dir, name: 'lighthouse' });
    expect(path).toBe(join(dir, 'lighthouse.png'));
    expect(result.output).toBe('Here is the image: A lighthouse at dusk, oil on canvas');
    const body = createBodies(emu)[0];
    expect(body.tools).toEqual([
      { type: 'image_generation', size: '128x64', quality: 'low', partial_images: 2 },
    ]);
    expect(body.include).toBeUndefined();
    expect(emu.requests[0]!.headers[IMAGE_DEPLOYMENT_HEADER]).toBe('gpt-image-1');
    expect(emu.requests[0]!.path).toBe('/openai/v1/responses');
  });

  it('fails clearly on Azure without the image deployment header', async () => {
    const azure = createAzureClient({ endpoint: emu.origin, apiKey: 'k', maxRetries: 0 });
    const agent = createAgent({ model: 'm', client: azure, tools: [imageGenerationTool()] });
    const error = await agent.run('Draw a cat').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect(emu.requests[0]!.headers[IMAGE_DEPLOYMENT_HEADER]).toBeUndefined();
  });

  it('sends the deployment from connectFromEnv offline and refuses it without an endpoint', async () => {
    const connection = await connectFromEnv({ env: {}, imageDeployment: 'my-images' });
    try {
      const agent = createAgent({ client: connection, tools: [imageGenerationTool({ size: '64x64' })] });
      const result = await agent.run('Draw a picture of a cat.');
      expect(generatedImages(result)).toHaveLength(1);
    } finally {
      await connection.close();
    }
    await expect(connectFromEnv({ env: { AZURE_OPENAI_IMAGE_DEPLOYMENT: 'x' } })).rejects.toThrow(
      'AZURE_OPENAI_IMAGE_DEPLOYMENT is set but AZURE_OPENAI_ENDPOINT is not',
    );
    expect(
      caught(() => createAzureClient({ endpoint: emu.origin, apiKey: 'k', imageDeployment: ' ' })),
    ).toBeInstanceOf(ConfigurationError);
  });

  it('replays the recorded Azure image generation stream through the loop', async () => {
    emu.enqueue(reply.recording(`${recordings}azure-image-generation-tool.1`));
    const agent = createAgent({ model: 'gpt-4.1-mini', client, tools: [imageGenerationTool()] });
    const events: RunEvent[] = [];
    const stream = agent.stream('Generate an image of a cute raccoon waving hello, anime style');
    stream.on('image_partial', (e) => events.push(e));
    stream.on('image_generated', (e) => events.push(e));
    const result = await stream.result;
    expect(events.map((e) => e.type)).toEqual(['image_partial', 'image_generated']);
    expect(events[1]).toMatchObject({ status: 'generating', size: '1024x1024', format: 'png' });
    const png = decodePng(Buffer.from((events[1] as any).base64, 'base64'));
    expect([png.width, png.height]).toEqual([1, 1]);
    expect(result.output).toContain('Here is an anime-like image of a cute raccoon waving hello.');
    expect(generatedImages(result)).toHaveLength(1);
  });

  it('takes one image generation tool per agent', () => {
    expect(() => createAgent({ client, tools: [imageGenerationTool(), imageGenerationTool()] })).toThrow(
      'An agent takes one image generation tool.',
    );
  });

  it('saves only under the folder, never over a file unless asked', async () => {
    const image = { base64: PNG.toString('base64'), itemId: 'ig_1' };
    await expect(saveImage(image, { dir, name: '../escape' })).rejects.toThrow('is not a plain file name');
    await expect(saveImage(image, { dir, name: 'a/b' })).rejects.toThrow('is not a plain file name');
    const first = await saveImage(image, { dir, name: 'once' });
    await expect(saveImage(image, { dir, name: 'once' })).rejects.toThrow(
      'exists already; pass `overwrite: true`',
    );
    expect(await saveImage(image, { dir, name: 'once.png', overwrite: true })).toBe(first);
    await expect(saveImage({ base64: null }, { dir })).rejects.toThrow('There is no image to save');
  });
});

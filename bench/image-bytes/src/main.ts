// bench/image-bytes: what images cost on the wire, against the emulator in this process.
//   1. generated images: the base64 of the final image and of its partial images, and the bytes
//      of the streamed response, by size and partial_images;
//   2. input images: the bytes an input_image part adds to a request, by image size (the
//      emulator's flat pictures, and random-pixel PNGs that compress like detailed photos);
//   3. what a conversation resends: request bytes per turn across 5 generated images (a picture
//      and 4 edits) and a closing text turn, with the server and the stateless strategy, and what
//      stateless would send if every image went back each turn.
// Byte counts only (no timing). See docs/images.md#what-each-costs-in-bytes.
import { availableParallelism, cpus } from 'node:os';
import {
  type ConversationItem,
  createAgent,
  createConversation,
  generatedImages,
  imageFromBytes,
  imageGenerationTool,
  userMessage,
} from '@turnkit/core';
import { startEmulator } from '@turnkit/emulator';
import OpenAI from 'openai';
import { measuredCommit } from '../../common/bench-utils.ts';
import { noisePng } from './noise-png.ts';

type Size = '256x256' | '512x512' | '1024x1024' | '1536x1024';

/** The request and response bytes of every call a client makes. */
interface Wire {
  sent: number[];
  received: number[];
}

function measuredClient(url: string): { client: OpenAI; wire: Wire } {
  const wire: Wire = { sent: [], received: [] };
  const measuring: typeof fetch = async (input, init) => {
    if (typeof init?.body === 'string') wire.sent.push(Buffer.byteLength(init.body));
    const response = await fetch(input, init);
    if (!response.body) return response;
    const [mine, theirs] = response.body.tee();
    const slot = wire.received.push(0) - 1;
    void (async () => {
      for await (const chunk of mine) wire.received[slot]! += chunk.byteLength;
    })();
    return new Response(theirs, response);
  };
  return { client: new OpenAI({ baseURL: url, apiKey: 'bench', maxRetries: 0, fetch: measuring }), wire };
}

const n = (value: number) => value.toLocaleString('en-US');
const row = (cells: readonly (string | number)[]) =>
  `| ${cells.map((c) => (typeof c === 'number' ? n(c) : c)).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

async function main(): Promise<void> {
  const emu = await startEmulator();
  try {
    const { client, wire } = measuredClient(emu.url);
    const agentFor = (size: Size, partialImages: number, strategy: 'server' | 'stateless' = 'server') =>
      createAgent({
        model: 'm',
        client,
        strategy,
        instructions: 'You draw pictures and edit them.',
        tools: [imageGenerationTool({ size, quality: 'low', partialImages })],
      });
    const commit = measuredCommit();
    console.log('bench/image-bytes: bytes of images on the wire, against the emulator (its default model)');
    console.log(
      `  node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), turnkit ${commit ? `${commit.commit.slice(0, 7)}${commit.packagesDirty ? ' (packages/ modified)' : ''}` : 'outside git'}`,
    );

    console.log('\n## 1. A generated image (emulator pictures: a flat gradient and a disc)\n');
    const drawn = new Map<Size, string>();
    const generated: (string | number)[][] = [];
    for (const size of ['256x256', '512x512', '1024x1024', '1536x1024'] as const) {
      for (const partials of [0, 3]) {
        const before = wire.received.length;
        const partial: number[] = [];
        const stream = agentFor(size, partials).stream('Draw a picture of a lighthouse.');
        stream.on('image_partial', (e) => partial.push(e.base64.length));
        const [image] = generatedImages(await stream.result);
        await new Promise((resolve) => setImmediate(resolve));
        if (partials === 0) drawn.set(size, image!.base64);
        const received = wire.received.slice(before).reduce((a, b) => a + b, 0);
        const bytes = Buffer.from(image!.base64, 'base64').length;
        generated.push([
          size,
          partials,
          bytes,
          image!.base64.length,
          partial.reduce((a, b) => a + b, 0),
          received,
        ]);
      }
    }
    console.log(
      table(
        [
          'size',
          'partial_images',
          'PNG bytes',
          'result (base64 chars)',
          'partial images (base64 chars)',
          'streamed response bytes',
        ],
        generated,
      ),
    );

    console.log('\n## 2. An image sent as input (a data: URL in an input_image part)\n');
    const viewer = createAgent({ model: 'm', client, instructions: 'You describe images.' });
    const bare = wire.sent.length;
    await viewer.run([userMessage('What is in this image?')]);
    const without = wire.sent[bare]!;
    const inputs: (string | number)[][] = [];
    const sources: [string, Buffer][] = [
      ...[...drawn].map(([size, b64]): [string, Buffer] => [
        `emulator picture ${size}`,
        Buffer.from(b64, 'base64'),
      ]),
      ...([256, 512, 1024] as const).map((edge): [string, Buffer] => [
        `random pixels ${edge}x${edge}`,
        noisePng(edge, edge),
      ]),
    ];
    for (const [what, bytes] of sources) {
      const at = wire.sent.length;
      await viewer.run([userMessage('What is in this image?', imageFromBytes(bytes, { detail: 'low' }))]);
      inputs.push([what, bytes.length, wire.sent[at]! - without, wire.sent[at]!]);
    }
    console.log(`A request without an image: ${n(without)} bytes.\n`);
    console.log(table(['image', 'file bytes', 'bytes the part adds', 'request bytes'], inputs));

    console.log(
      '\n## 3. What each turn sends: a picture, 4 edits, then a text turn (1024x1024, no partial images)\n',
    );
    const prompts = [
      'Draw a picture of a lighthouse.',
      'Now make it blue.',
      'Make it green.',
      'Make it orange.',
      'Make it purple.',
      'Thanks, that is all.',
    ];
    const perTurn: Record<string, number[]> = { server: [], stateless: [], everyImage: [] };
    for (const strategy of ['server', 'stateless'] as const) {
      const agent = agentFor('1024x1024', 0, strategy);
      const conversation = createConversation({ strategy });
      for (const prompt of prompts) {
        const history: ConversationItem[] = [...conversation.history];
        const at = wire.sent.length;
        const requestsBefore = emu.requests.length;
        await agent.run(prompt, { conversation });
        perTurn[strategy]!.push(wire.sent[at]!);
        if (strategy === 'stateless') {
          // The same request with every earlier image sent back (what turnkit sent before it kept only the newest).
          const body = emu.requests[requestsBefore]!.body as { input: unknown[] };
          perTurn.everyImage!.push(
            Buffer.byteLength(JSON.stringify({ ...body, input: [...history, body.input.at(-1)] })),
          );
        }
      }
    }
    console.log(
      table(
        [
          'turn',
          'server (previous_response_id)',
          'stateless (newest image only)',
          'stateless, every image resent (computed)',
        ],
        prompts.map((prompt, i) => [
          `${i + 1}. ${prompt}`,
          perTurn.server![i]!,
          perTurn.stateless![i]!,
          perTurn.everyImage![i]!,
        ]),
      ),
    );
    const total = (k: string) => perTurn[k]!.reduce((a, b) => a + b, 0);
    console.log(
      `\nAll 6 requests: server ${n(total('server'))} bytes, stateless ${n(total('stateless'))}, every image resent ${n(total('everyImage'))}.`,
    );
  } finally {
    await emu.close();
  }
}

await main();

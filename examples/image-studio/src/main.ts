// An image studio in two turns: the model draws a picture, its partial images saved to files as
// they stream in, then edits it when asked "Now make it blue." (the second turn refers back to
// the first image), and both images are saved.
//   npm run example -- image-studio [output folder] [--stateless] ["what to draw"]
// Offline, the embedded emulator draws real PNGs: a picture chosen by the prompt, and for the
// edit the same picture tinted the colour asked for. Live on Azure, set AZURE_OPENAI_* and
// AZURE_OPENAI_IMAGE_DEPLOYMENT (the deployment of your image model, e.g. gpt-image-1).
// --stateless keeps the conversation on the client (store: false); each request's size is printed.
import { resolve } from 'node:path';
import {
  type Agent,
  type Conversation,
  connectFromEnv,
  createAgent,
  createConversation,
  type ImageGeneratedEvent,
  type ImagePartialEvent,
  imageGenerationTool,
  saveImage,
  TurnkitError,
} from '@turnkit/core';

const args = process.argv.slice(2);
const stateless = args.includes('--stateless');
const [folder, subject] = args.filter((a) => !a.startsWith('--'));
const outDir = resolve(process.env.TURNKIT_CALLER_CWD ?? process.cwd(), folder || '.');
const request = `Draw a picture of ${subject || 'a lighthouse on a cliff at dusk'}.`;
const edit = 'Now make it blue.';

/** The size of each request body, through a fetch wrapper handed to the openai client. */
const sizes: number[] = [];
const measuringFetch: typeof fetch = (url, init) => {
  if (typeof init?.body === 'string') sizes.push(Buffer.byteLength(init.body));
  return fetch(url, init);
};

async function main(): Promise<void> {
  if (process.env.AZURE_OPENAI_ENDPOINT && !process.env.AZURE_OPENAI_IMAGE_DEPLOYMENT) {
    console.error(
      'AZURE_OPENAI_IMAGE_DEPLOYMENT is not set: Azure routes the image generation tool to the image model deployment it names (e.g. gpt-image-1). Set it, or unset AZURE_OPENAI_ENDPOINT to run offline.',
    );
    process.exitCode = 2;
    return;
  }
  const connection = await connectFromEnv({ fetch: measuringFetch });
  try {
    const strategy = stateless ? 'stateless' : 'server';
    console.log(
      `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator'}; ${strategy} conversation]`,
    );
    const agent = createAgent({
      name: 'image-studio',
      instructions: 'You draw pictures, and edit the last one when asked to change it.',
      tools: [imageGenerationTool({ size: '1024x1024', quality: 'low', partialImages: 2 })],
      client: connection,
      strategy,
    });
    const conversation = createConversation({ strategy });
    await turn(agent, conversation, request, 'picture');
    await turn(agent, conversation, edit, 'picture-edited');
  } finally {
    await connection.close();
  }
}

/** One turn: streams it, saving each partial image and the final image as they arrive. */
async function turn(agent: Agent, conversation: Conversation, prompt: string, name: string): Promise<void> {
  console.log(`\n> ${prompt}`);
  const before = sizes.length;
  const stream = agent.stream(prompt, { conversation });
  // Saved one after another, in the order they streamed.
  let saved = Promise.resolve();
  const save = (
    image: ImagePartialEvent | ImageGeneratedEvent,
    file: string,
    say: (path: string) => string,
  ) => {
    saved = saved.then(async () =>
      console.log(say(await saveImage(image, { dir: outDir, name: file, overwrite: true }))),
    );
  };
  stream.on('image_partial', (e: ImagePartialEvent) => {
    save(e, `${name}-partial-${e.index}`, (path) => `partial image ${e.index + 1} saved to ${path}`);
  });
  stream.on('image_generated', (e: ImageGeneratedEvent) => {
    if (e.base64 === null) return void console.log(`no image: the call ended ${e.status}`);
    save(e, name, (path) => {
      const what = `${e.action === 'edit' ? 'edited image' : 'image'} (${e.size}) saved to ${path}`;
      return e.revisedPrompt ? `${what}\nrevised prompt: ${e.revisedPrompt}` : what;
    });
  });
  const result = await stream.result.finally(() => saved);
  await saved;
  console.log(result.output);
  const sent = sizes.slice(before).map((n) => n.toLocaleString('en-US'));
  console.log(`(request${sent.length === 1 ? '' : 's'} sent: ${sent.join(', ')} bytes)`);
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  console.error(
    `${TurnkitError.is(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
});

// Images both ways: the model looks at a local image, then draws one, streaming partial images
// that are saved as they arrive, and the final image.
//   npm run example -- images [image to describe] [output folder]
// Offline, the embedded emulator stands in for the model: it reports the image's type and size,
// and draws real PNGs (a picture chosen by the prompt). Live on Azure, set AZURE_OPENAI_* and
// AZURE_OPENAI_IMAGE_DEPLOYMENT (the deployment of your image model, e.g. gpt-image-1).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  connectFromEnv,
  createAgent,
  imageFromFile,
  imageGenerationTool,
  saveImage,
  TurnkitError,
  userMessage,
} from '@turnkit/core';

const here = (path: string) => resolve(process.env.TURNKIT_CALLER_CWD ?? process.cwd(), path);
const imagePath = process.argv[2]
  ? here(process.argv[2])
  : fileURLToPath(new URL('../sunset.png', import.meta.url));
const outDir = here(process.argv[3] ?? '.');

async function main(): Promise<void> {
  const connection = await connectFromEnv();
  try {
    console.log(
      `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator'}]`,
    );
    const agent = createAgent({
      name: 'studio',
      instructions: 'You describe images you are shown, and draw images when asked to.',
      tools: [imageGenerationTool({ size: '1024x1024', quality: 'low', partialImages: 2 })],
      client: connection,
    });

    const question = 'What is in this image?';
    console.log(`> ${question} (${imagePath})`);
    const described = await agent.run([
      userMessage(question, await imageFromFile(imagePath, { detail: 'low' })),
    ]);
    console.log(`${described.output}\n`);

    const request = 'Draw a picture of a lighthouse on a cliff at dusk.';
    console.log(`> ${request}`);
    const stream = agent.stream(request, { conversation: described.conversation });
    const saving: Promise<void>[] = [];
    stream.on('image_partial', (e) => {
      saving.push(
        saveImage(e, { dir: outDir, name: `lighthouse-partial-${e.index}`, overwrite: true }).then((path) => {
          console.log(`partial image ${e.index + 1} saved to ${path}`);
        }),
      );
    });
    stream.on('image_generated', (e) => {
      saving.push(
        saveImage(e, { dir: outDir, name: 'lighthouse', overwrite: true }).then((path) => {
          console.log(`image (${e.size}) saved to ${path}`);
          if (e.revisedPrompt) console.log(`revised prompt: ${e.revisedPrompt}`);
        }),
      );
    });
    const drawn = await stream.result;
    await Promise.all(saving);
    console.log(drawn.output);
  } finally {
    await connection.close();
  }
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  console.error(
    `${TurnkitError.is(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
});

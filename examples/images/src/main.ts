// The model looks at an image: a local file sent as an input_image part (its type read from the
// bytes), and answers a question about it.
//   npm run example -- images [image to describe] [question]
// Offline, the embedded emulator stands in for the model and reports the image's type and size.
// Live on Azure, set AZURE_OPENAI_* (a deployment of a model that takes images). Drawing and
// editing images is the image-studio example.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectFromEnv, createAgent, imageFromFile, TurnkitError, userMessage } from '@turnkit/core';

const here = (path: string) => resolve(process.env.TURNKIT_CALLER_CWD ?? process.cwd(), path);
const imagePath = process.argv[2]
  ? here(process.argv[2])
  : fileURLToPath(new URL('../sunset.png', import.meta.url));

async function main(): Promise<void> {
  const connection = await connectFromEnv();
  try {
    console.log(
      `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator'}]`,
    );
    const agent = createAgent({
      name: 'viewer',
      instructions: 'You describe the images you are shown.',
      client: connection,
    });
    const question = process.argv[3] || 'What is in this image?';
    console.log(`> ${question} (${imagePath})`);
    const described = await agent.run([
      userMessage(question, await imageFromFile(imagePath, { detail: 'low' })),
    ]);
    console.log(described.output);
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

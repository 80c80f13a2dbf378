// The code interpreter: upload a CSV, let the model analyse it in Python in the service's
// sandbox, stream the code as it is written, show what it printed, and download the file it wrote.
//   npm run example -- data-analysis [output folder]
// Offline, the embedded emulator runs the Python for real (Pyodide, standard library only).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  codeInterpreterTool,
  connectFromEnv,
  containerFiles,
  createAgent,
  saveContainerFile,
  TurnkitError,
} from '@turnkit/core';

// Resolved against where the command was typed (scripts/dev.sh passes it), not this folder.
const outDir = resolve(process.env.TURNKIT_CALLER_CWD ?? process.cwd(), process.argv[2] ?? '.');

async function main(): Promise<void> {
  const script = JSON.parse(await readFile(new URL('../script.json', import.meta.url), 'utf8'));
  const connection = await connectFromEnv({ emulator: { script } });
  try {
    console.log(
      `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator with a Python sandbox'}]`,
    );
    const csv = await readFile(new URL('../sales.csv', import.meta.url));
    const upload = await connection.client.files.create({
      file: new File([csv], 'sales.csv'),
      // 'assistants', as the Azure guide uploads files for the code interpreter ('user_data' is a
      // known problem on Azure: see docs/images.md).
      purpose: 'assistants',
    });
    console.log(`uploaded sales.csv as ${upload.id}`);

    const agent = createAgent({
      name: 'analyst',
      instructions: 'You analyse data with Python. Save results as CSV files in /mnt/data and cite them.',
      tools: [codeInterpreterTool({ fileIds: [upload.id] })],
      client: connection,
    });
    const question = 'Which month had the highest total sales? Save the monthly totals as a CSV.';
    console.log(`> ${question}\n`);
    const stream = agent.stream(question);
    stream.on('code_delta', (e) => process.stdout.write(e.delta));
    stream.on('code_interpreter_call', (e) =>
      console.log(`\n--- printed ---\n${e.logs.join('').trimEnd()}\n---------------`),
    );
    stream.on('text_delta', (e) => process.stdout.write(e.delta));
    const result = await stream.result;
    console.log();
    // The file name comes from the model: saveContainerFile keeps it inside outDir whatever it says.
    for (const file of containerFiles(result)) {
      const { path, bytes } = await saveContainerFile({ client: connection, ...file, dir: outDir });
      console.log(`downloaded ${JSON.stringify(file.filename)} (${bytes} bytes) to ${path}`);
    }
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

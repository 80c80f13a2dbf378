// Computer use: the model fills in and submits a local web form in a real (headless) Chromium.
// Each action is printed and each screenshot the model gets back is saved as a PNG.
//   npm run example -- computer-use [output folder] [--approve | --reject]
// Submitting the form raises a safety check: at a terminal you are asked; --approve / --reject
// answer it without asking (otherwise, with no terminal, it is rejected).
// Offline, the embedded emulator plays the model (offline-script.ts). Live on Azure, set
// AZURE_OPENAI_* with AZURE_OPENAI_DEPLOYMENT naming a computer-use-preview deployment.
// Needs Chromium: Debian's `apt-get install chromium` (bash scripts/install-chromium.sh).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { launchBrowser } from '@turnkit/computer';
import { type ApprovalRequest, computerTool, connectFromEnv, createAgent, TurnkitError } from '@turnkit/core';
import { offlineScript } from './offline-script.ts';
import { serveForm } from './site.ts';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const outDir = resolve(
  process.env.TURNKIT_CALLER_CWD ?? process.cwd(),
  args.find((a) => !a.startsWith('--')) ?? '.',
);
const person = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** Asks at the terminal whether to acknowledge the safety checks of a computer action. */
async function decide(request: ApprovalRequest): Promise<boolean> {
  for (const check of request.safetyChecks ?? []) console.log(`safety check ${check.code}: ${check.message}`);
  if (flags.has('--approve') || flags.has('--reject')) {
    const approve = flags.has('--approve');
    console.log(approve ? 'approved (--approve)' : 'rejected (--reject)');
    return approve;
  }
  if (!process.stdin.isTTY) {
    console.log('rejected (no terminal to ask; pass --approve to allow it)');
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(`Let the model do ${request.arguments}? [y/N] `);
  prompt.close();
  return answer.trim().toLowerCase().startsWith('y');
}

async function main(): Promise<void> {
  const site = await serveForm();
  const browser = await launchBrowser({ allowedUrls: [site.url], startUrl: site.url });
  const connection = await connectFromEnv({ emulator: { script: offlineScript(person.name, person.email) } });
  try {
    console.log(
      `[${connection.mode === 'azure' ? `Azure deployment ${connection.model}` : 'offline: embedded emulator'}; Chromium pid ${browser.pid}; form at ${site.url}]`,
    );
    await mkdir(outDir, { recursive: true });
    const agent = createAgent({
      name: 'registrar',
      instructions:
        'You use a web browser to do what you are asked. You take a screenshot after each action to check it worked. ' +
        'When the task is done, say so and stop.',
      tools: [
        computerTool({ environment: 'browser', displayWidth: 1024, displayHeight: 768, computer: browser }),
      ],
      approval: { approver: decide },
      maxTurns: 25,
      client: connection,
    });
    const task = `Register ${person.name} (${person.email}) for the workshop using the form on the screen.`;
    console.log(`> ${task}`);
    const stream = agent.stream(task);
    let step = 0;
    const saving: Promise<void>[] = [];
    stream.on('computer_action', (e) => console.log(`action: ${JSON.stringify(e.action)}`));
    stream.on('computer_screenshot', (e) => {
      const file = join(outDir, `screenshot-${String(++step).padStart(2, '0')}.png`);
      saving.push(writeFile(file, Buffer.from(e.base64, 'base64')));
      console.log(`screenshot ${step} saved to ${file}${e.currentUrl ? ` (${e.currentUrl})` : ''}`);
      if (e.notRun) console.log(`not run: ${e.notRun}`);
    });
    const result = await stream.result;
    await Promise.all(saving);
    console.log(result.output);
    const done = await browser.page.textContent('#done');
    console.log(
      `The page says: ${(await browser.page.isVisible('#done')) ? done : 'the form is not submitted.'}`,
    );
  } finally {
    await connection.close();
    await browser.close();
    await site.close();
  }
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  console.error(
    `${TurnkitError.is(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
});

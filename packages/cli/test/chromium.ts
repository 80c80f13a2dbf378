// A real headless Chromium (Debian's, installed by scripts/install-chromium.sh) driven by
// playwright-core, with every request the browser makes kept, so a test can check that a page
// loads nothing from outside 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const ENSURE = fileURLToPath(new URL('../../../scripts/install-chromium.sh', import.meta.url));
/** Flags that let Chromium run as root in a container and keep it from calling home. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  page: Page;
  context: BrowserContext;
  /** Every URL the browser requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Launches headless Chromium with a new, empty profile. */
export async function launchChromium(): Promise<Browser> {
  execFileSync('bash', [ENSURE], { stdio: ['ignore', 'inherit', 'inherit'] });
  const profile = await mkdtemp(join(tmpdir(), 'turnkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.TURNKIT_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    page,
    context,
    requests,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
    },
  };
}

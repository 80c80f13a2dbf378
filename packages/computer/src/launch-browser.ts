import { chromium } from 'playwright-core';
import { BrowserComputer } from './browser-computer.js';
import { BrowserConfigurationError, BrowserLaunchError } from './errors.js';
import { findChromium } from './find-chromium.js';
import { type AllowedUrls, urlAllowList } from './url-allow-list.js';

/** Options of {@link launchBrowser}. */
export interface LaunchBrowserOptions {
  /**
   * Where the browser may go: URL prefixes (`"http://127.0.0.1:8080"`, `"https://example.com/app/"`)
   * and RegExps, or `"any"`. A navigation anywhere else is refused and the model is told.
   */
  allowedUrls: AllowedUrls;
  /** The page to open first; default `about:blank`. Must be allowed. */
  startUrl?: string;
  /** The viewport (the screen the model sees), default 1024×768, the size the guides use. */
  width?: number;
  height?: number;
  /** The Chromium to run; default `TURNKIT_CHROMIUM`, else `/usr/bin/chromium` and the usual places. */
  executablePath?: string;
  /** How long the `wait` action waits, in milliseconds; default 1000. */
  waitMs?: number;
  /** The most an action waits for the navigation it started, in milliseconds; default 5000. */
  settleMs?: number;
  /** Extra Chromium flags. */
  args?: readonly string[];
}

/**
 * The flags Chromium gets here: headless, no GPU, and none of its background traffic (updates,
 * sync, QUIC probes, first-run pages), which a closed network refuses by the dozen. Playwright
 * adds `--no-sandbox` (so it runs as root) and a new, empty user data directory per launch.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const KNOWN = ['allowedUrls', 'startUrl', 'width', 'height', 'executablePath', 'waitMs', 'settleMs', 'args'];

function count(value: unknown, option: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new BrowserConfigurationError(
      option,
      `\`${option}\` must be a whole number of at least ${min}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * Launches a real, headless Chromium (Debian's `chromium`, or the one named) through
 * Playwright and returns it as a {@link BrowserComputer} for `computerTool()`: one page of
 * `width`×`height`, on `startUrl`, with every navigation checked against `allowedUrls`. Nothing
 * is downloaded: Chromium must be installed (see `findChromium`).
 *
 * @throws {BrowserConfigurationError} naming the option (an unknown one, an empty allow list, a
 * size or time that is not a whole number, a `startUrl` outside the allow list).
 * @throws {ChromiumNotFoundError} when there is no Chromium, saying how to install it.
 * @throws {BrowserLaunchError} when Chromium does not start or cannot open `startUrl`.
 * @example
 * ```ts
 * import { launchBrowser } from '@turnkit/computer';
 * import { computerTool } from '@turnkit/core';
 * await using browser = await launchBrowser({ allowedUrls: ['http://127.0.0.1:8080'], startUrl: 'http://127.0.0.1:8080/form' });
 * const tool = computerTool({ environment: 'browser', displayWidth: 1024, displayHeight: 768, computer: browser });
 * ```
 */
export async function launchBrowser(options: LaunchBrowserOptions): Promise<BrowserComputer> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new BrowserConfigurationError(
      'options',
      'launchBrowser takes an options object: { allowedUrls, … }.',
    );
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw new BrowserConfigurationError(
        key,
        `\`${key}\` is not an option; the options are ${KNOWN.join(', ')}.`,
      );
    }
  }
  const allowList = urlAllowList(options.allowedUrls);
  const width = count(options.width, 'width', 1024, 1);
  const height = count(options.height, 'height', 768, 1);
  const waitMs = count(options.waitMs, 'waitMs', 1000, 0);
  const settleMs = count(options.settleMs, 'settleMs', 5000, 1);
  const startUrl = options.startUrl ?? 'about:blank';
  if (!allowList.allows(startUrl)) {
    throw new BrowserConfigurationError(
      'startUrl',
      `\`startUrl\` ${startUrl} is outside \`allowedUrls\` (${allowList.description}); allow it, or start elsewhere.`,
    );
  }
  if (
    options.args !== undefined &&
    (!Array.isArray(options.args) || options.args.some((a) => typeof a !== 'string'))
  ) {
    throw new BrowserConfigurationError('args', '`args` must be an array of Chromium flags (strings).');
  }
  const executablePath = findChromium(options.executablePath);
  let server: Awaited<ReturnType<typeof chromium.launchServer>>;
  try {
    server = await chromium.launchServer({
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
    });
  } catch (error) {
    throw new BrowserLaunchError(executablePath, error);
  }
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const computer = new BrowserComputer({
      server,
      browser,
      context,
      page,
      allowList,
      width,
      height,
      waitMs,
      settleMs,
    });
    if (startUrl !== 'about:blank') await page.goto(startUrl, { waitUntil: 'load' });
    return computer;
  } catch (error) {
    await server.close().catch(() => {});
    throw new BrowserLaunchError(executablePath, error);
  }
}

import { accessSync, constants } from 'node:fs';
import { ChromiumNotFoundError } from './errors.js';

/** Where Chromium is looked for, after `executablePath` and `TURNKIT_CHROMIUM`. */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** How to get a Chromium, said in every "not found" error. */
export const INSTALL_HINT =
  "Install Debian's Chromium: `apt-get update && apt-get install -y chromium` (as root; `bash scripts/install-chromium.sh` in this repository does it), " +
  'or point TURNKIT_CHROMIUM (or the executablePath option) at a Chromium or Chrome executable.';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to launch: `executablePath` when given (it must exist), else the
 * `TURNKIT_CHROMIUM` environment variable (it must exist), else the first of
 * {@link CHROMIUM_PATHS} that exists. Nothing is downloaded.
 *
 * @throws {ChromiumNotFoundError} naming what was tried and how to install Chromium.
 * @example
 * import { findChromium } from '@turnkit/computer';
 * const path = findChromium(); // '/usr/bin/chromium'
 */
export function findChromium(executablePath?: string, env: NodeJS.ProcessEnv = process.env): string {
  const named = executablePath ?? (env.TURNKIT_CHROMIUM?.trim() || undefined);
  if (named !== undefined) {
    if (executable(named)) return named;
    const what = executablePath !== undefined ? 'executablePath' : 'TURNKIT_CHROMIUM';
    throw new ChromiumNotFoundError(
      `${what} names ${named}, which is not an executable file. ${INSTALL_HINT}`,
      [named],
    );
  }
  const found = CHROMIUM_PATHS.find(executable);
  if (found) return found;
  throw new ChromiumNotFoundError(
    `No Chromium found (looked at ${CHROMIUM_PATHS.join(', ')}). ${INSTALL_HINT}`,
    [...CHROMIUM_PATHS],
  );
}
